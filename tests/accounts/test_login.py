import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_shows_the_login_page_in_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_logs_a_staff_member_in_and_shows_the_staff_home(client, staff):
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "Nguyễn Thị Thu Hà" in page
    assert "Chuyên viên Ban Tổ chức" in page


def test_it_refuses_a_wrong_password_with_a_vietnamese_message(client, staff):
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": "sai"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_it_locks_one_username_and_address_after_five_failures(client, staff, commune_a_user):
    for _ in range(5):
        client.post(reverse("login"), {"username": "chuyenvien", "password": "sai"})
    locked = client.post(reverse("login"), {"username": "chuyenvien", "password": PASSWORD})
    assert locked.status_code == 429
    assert "15 phút" in locked.content.decode()
    # Another account from the same address is not locked out: the count is per pair.
    other = client.post(reverse("login"), {"username": "xa07900", "password": PASSWORD})
    assert other.status_code == 302


def test_it_logs_out_on_post_to_the_login_page_and_the_session_is_gone(client, staff):
    client.force_login(staff)
    assert client.get(reverse("registry:commune_list")).status_code == 200
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "Đăng nhập" in response.content.decode()

    # A page that needs a login sends the browser back to the login page, and so does the old
    # session cookie, had anyone kept it: the session is gone, not just forgotten.
    again = client.get(reverse("registry:commune_list"))
    assert again.status_code == 302
    assert again.url == f"{reverse('login')}?next={reverse('registry:commune_list')}"
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert stolen.get(reverse("registry:commune_list")).url.startswith(reverse("login"))
