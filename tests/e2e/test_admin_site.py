"""The administration site in a browser: Vietnamese, named after the application, and fitting a
phone (issue 15)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_administration_index_reads_vietnamese(browser, live_server, width, height):
    client = Client()
    client.force_login(make_user("quantri", is_superuser=True, is_staff=True))
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_title("Dữ liệu và tài khoản | Theo dõi cơ sở — Quản trị")
    expect(page.locator("#content-main")).to_contain_text("Bảo vệ đăng nhập")
    expect(page.locator("#content-main")).not_to_contain_text("Access attempts")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"admin-index-{width}")
    context.close()
