import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.activity.conftest import hung_user  # noqa: F401 - the cadre's account
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_login_form, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("fixture", "username", "heading"),
    [
        ("staff", "chuyenvien", "Không gian làm việc của Ban Tổ chức"),
        ("leader", "lanhdao", "Tổng quan dành cho lãnh đạo"),
        ("commune_a_user", "xa07900", "Đảng ủy phường Việt Trì"),
        ("hung_user", "canbo", f"Theo dõi cơ sở năm {timezone.localdate().year}"),
    ],
)
def test_each_role_logs_in_and_sees_its_home(page, request, fixture, username, heading):
    request.getfixturevalue(fixture)
    login(page, username, PASSWORD)
    expect(page.locator("h1").first).to_have_text(heading)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    # Every home opens on what to do next (issue 14), here with nothing to do yet.
    todo = page.get_by_test_id("todo")
    expect(todo).to_be_visible()
    expect(todo.get_by_test_id("todo-empty")).to_have_text("Không có việc cần làm")
    shot(page, f"home-{username}")
    assert page.console_errors == []  # no CSP violation, no missing asset


def test_the_login_page_is_vietnamese_and_refuses_a_wrong_password(page, staff):
    page.goto(f"{page.base_url}/accounts/login/")
    shot(page, "login")
    fill_login_form(page, "chuyenvien", "sai-mat-khau")
    expect(page.locator(".alert-danger")).to_contain_text("không đúng")  # the form again, and why
    expect(page).to_have_url(f"{page.base_url}/accounts/login/")


def test_a_user_logs_out_from_the_menu(page, staff):
    login(page, "chuyenvien", PASSWORD)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{page.base_url}/accounts/login/")
    # The session is gone: a page that needs a login sends the browser back to the form.
    page.goto(f"{page.base_url}/registry/communes/")
    expect(page).to_have_url(f"{page.base_url}/accounts/login/?next=/registry/communes/")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
