"""Staff assigns a cadre, sees the gap close on the dashboard, ends the assignment, sees it
reopen — in a real browser, through the searchable pickers."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.factories import AgencyFactory, CadreFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _pick(page, field, typed):
    page.locator(f"#id_{field}-ts-control").locator("xpath=..").click()  # the picker's box
    page.keyboard.type(typed)
    options = page.locator(f"#id_{field}-ts-dropdown .option[data-selectable]")
    expect(options).to_have_count(1)  # the typed text narrowed the list to one
    options.first.click()


def test_staff_closes_a_gap_then_reopens_it(page, staff, commune_a, commune_b):
    CadreFactory(full_name="Nguyễn Văn Hùng", agency=AgencyFactory(name="Sở Nội vụ"))
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"{page.base_url}/assignments/")
    expect(page.get_by_test_id("headline")).to_contain_text("0/2")

    page.locator("a.btn-danger[href='/assignments/new/']").click()
    _pick(page, "commune", "tan lac")  # no diacritics typed: the picker still finds "Xã Tân Lạc"
    _pick(page, "cadre", "hung")
    page.fill("#id_decision_number", "1432-QĐ/TU")
    page.fill("#id_decision_date", "10/04/2026")
    page.fill("#id_start_date", "15/04/2026")
    shot(page, "assign-form")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    assert "Đồng chí Nguyễn Văn Hùng theo dõi «Xã Tân Lạc» từ ngày 15/04/2026" in page.content()

    page.goto(f"{page.base_url}/assignments/")
    expect(page.get_by_test_id("headline")).to_contain_text("1/2")
    assert "Xã Tân Lạc" not in page.get_by_test_id("uncovered-list").inner_text()
    shot(page, "dashboard-after-assign")

    page.goto(f"{page.base_url}/registry/communes/{commune_b.pk}/")
    page.locator("a.btn-outline-danger[href$='/end/']").click()
    page.fill("#id_end_date", "20/04/2026")
    page.select_option("#id_reason", "transferred")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{page.base_url}/assignments/")
    expect(page.get_by_test_id("headline")).to_contain_text("0/2")
    expect(page.get_by_test_id("uncovered-list")).to_contain_text("Xã Tân Lạc")
