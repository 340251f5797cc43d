import pytest
from django.utils import timezone

from tests.activity.conftest import hung_user  # noqa: F401 - the cadre's account
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("fixture", "username", "heading"),
    [
        ("staff", "chuyenvien", "Không gian làm việc của Ban Tổ chức"),
        ("leader", "lanhdao", "Tổng quan dành cho lãnh đạo"),
        ("commune_a_user", "xa07900", "Đảng ủy Phường Việt Trì"),
        ("hung_user", "canbo", f"Theo dõi cơ sở năm {timezone.localdate().year}"),
    ],
)
def test_each_role_logs_in_and_sees_its_home(page, request, fixture, username, heading):
    request.getfixturevalue(fixture)
    login(page, username, PASSWORD)
    assert page.locator("h1").first.inner_text() == heading
    assert page.get_by_test_id("user-menu").is_visible()
    # Every home opens on what to do next (issue 14), here with nothing to do yet.
    todo = page.get_by_test_id("todo")
    assert todo.is_visible()
    assert todo.get_by_test_id("todo-empty").inner_text().strip() == "Không có việc cần làm"
    shot(page, f"home-{username}")
    assert page.console_errors == []  # no CSP violation, no missing asset


def test_the_login_page_is_vietnamese_and_refuses_a_wrong_password(page, staff):
    page.goto(f"{page.base_url}/accounts/login/")
    shot(page, "login")
    login(page, "chuyenvien", "sai-mat-khau")
    assert "không đúng" in page.content()


def test_a_user_logs_out_from_the_menu(page, staff):
    login(page, "chuyenvien", PASSWORD)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/**")
