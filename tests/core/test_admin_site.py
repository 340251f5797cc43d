"""The administration site is in Vietnamese and bears the application's name (issue 15), the
sections that come from libraries (axes, django-otp, auth) included."""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

# What the libraries call their sections and models when nobody translates them.
ENGLISH = {
    "Axes",
    "Otp_Totp",
    "Access attempts",
    "Access failures",
    "Access logs",
    "TOTP devices",
    "Groups",
    "Authentication and Authorization",
    "Sessions",
    "Model name",
}


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("quantri", is_superuser=True, is_staff=True))
    return client


def _page(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return parse(response.content)


def test_the_index_is_titled_with_the_application_and_every_section_is_vietnamese(admin_client):
    page = _page(admin_client, reverse("admin:index"))
    assert page.one(tag="title").text == "Dữ liệu và tài khoản | Theo dõi cơ sở — Quản trị"
    assert page.one(id="site-name").text == "Theo dõi cơ sở — Quản trị"
    captions = [c.text for c in page.one(id="content-main").find_all(tag="caption")]
    models = [th.text for th in page.one(id="content-main").find_all(tag="th")]
    assert {"Bảo vệ đăng nhập", "Xác thực hai bước", "Xác thực và ủy quyền"} <= set(captions)
    assert {"Nhật ký đăng nhập", "Ứng dụng xác thực", "Các nhóm"} <= set(models)
    for text in captions + models:
        assert text not in ENGLISH
        assert not text.isascii(), f"{text!r} reads as English"  # Vietnamese has diacritics


def test_the_failed_logins_list_speaks_vietnamese_where_axes_lets_it(admin_client):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="xa04792", ip_address="10.0.0.9", user_agent="Firefox", failures_since_start=3
    )
    page = _page(admin_client, reverse("admin:axes_accessattempt_changelist"))
    headers = [th.text for th in page.one(id="result_list").find_all(tag="th")][1:]
    assert headers[:4] == ["Thời điểm", "Địa chỉ IP", "Trình duyệt (User-Agent)", "Tên đăng nhập"]
    assert page.one(tag="h1").text == "Chọn lượt đăng nhập sai để thay đổi"


def test_no_list_offers_django_s_dashes_as_its_empty_action(admin_client):
    html = admin_client.get(
        reverse("admin:accounts_user_changelist"), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "---------" not in html
    assert "— Chọn —" in html  # the action list's empty choice
