import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_staff_the_registry_figures(client, staff, commune_a, commune_b):
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert "Không gian làm việc của Ban Tổ chức" in page
    assert 'data-testid="registry-figures"' in page


def test_it_shows_a_leader_the_overview(client, leader):
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert "Tổng quan dành cho lãnh đạo" in page


def test_it_shows_a_commune_its_own_name(client, commune_a_user):
    client.force_login(commune_a_user)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "Đảng ủy Phường Việt Trì" in page
    assert "registry-figures" not in page


def test_it_tells_an_account_without_role_to_ask_for_one(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "chưa được phân quyền" in response.content.decode()


def test_it_lets_a_user_switch_to_english(client, staff):
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Organization Department workspace" in page


def test_it_speaks_vietnamese_even_to_a_browser_set_up_in_english(client, staff):
    client.force_login(staff)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Không gian làm việc của Ban Tổ chức" in page
