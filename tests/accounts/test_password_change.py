import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_makes_a_commune_change_a_given_password_before_anything_else(client, commune_a_user):
    commune_a_user.must_change_password = True
    commune_a_user.save()
    client.force_login(commune_a_user)

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("password_change")

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-2026",
            "new_password2": "mot-mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    commune_a_user.refresh_from_db()
    assert commune_a_user.must_change_password is False
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("evaluations:home")
    assert response.status_code == 200


def test_it_refuses_a_short_new_password_and_says_why(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "ngan", "new_password2": "ngan"},
    )
    assert response.status_code == 200
    assert "quá ngắn" in response.content.decode()


def test_it_requires_login_to_change_a_password(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "new, reason",
    [
        ("20261123456789", "chỉ gồm chữ số"),
        ("password123", "quá phổ biến"),
        ("chuyenvien2026", "giống"),  # like the login
    ],
)
def test_it_refuses_weak_passwords_and_keeps_the_old_one(client, staff, new, reason):
    client.force_login(staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
