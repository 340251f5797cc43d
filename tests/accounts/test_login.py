import pytest
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


def test_it_logs_out_on_post(client, staff):
    client.force_login(staff)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
