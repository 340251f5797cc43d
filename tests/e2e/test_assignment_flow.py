"""Staff assigns a cadre, sees the gap close on the dashboard, ends the assignment, sees it
reopen — in a real browser, through the searchable pickers."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.factories import AgencyFactory, CadreFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# The dashboard's headline: communes followed / communes, then as a percentage.
NONE_COVERED = "0/2 xã, phường có cán bộ theo dõi 0,0 %"
ONE_COVERED = "1/2 xã, phường có cán bộ theo dõi 50,0 %"


def _pick(page, field, typed, found):
    """Choose in a searchable picker (Tom Select) by typing, as staff do."""
    box = page.locator(f"#id_{field}-ts-control").locator("xpath=..")
    box.click()
    page.keyboard.type(typed)
    # The picker filters 300 ms after the last key (its refreshThrottle). Wait until it has
    # filtered on the whole text with no filter left pending: a list already showing one
    # option (the only cadre, or a list narrowed on part of the text) can be clicked before,
    # and the pending filter then reopens the list after the choice, over the next field.
    page.wait_for_function(
        """([id, typed]) => {
            const picker = document.getElementById(id).tomselect;
            return picker.lastQuery === typed && !picker.refreshTimeout;
        }""",
        arg=[f"id_{field}", typed],
    )
    options = page.locator(f"#id_{field}-ts-dropdown .option[data-selectable]")
    expect(options).to_have_count(1)  # the typed text narrowed the list to one…
    expect(options).to_contain_text([found])  # …the one meant
    options.first.click()
    expect(page.locator(f"#id_{field}-ts-dropdown")).to_be_hidden()
    expect(box.locator("[data-ts-item]")).to_contain_text(found)


def test_staff_closes_a_gap_then_reopens_it(page, staff, commune_a, commune_b):
    CadreFactory(full_name="Nguyễn Văn Hùng", agency=AgencyFactory(name="Sở Nội vụ"))
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"{page.base_url}/assignments/")
    expect(page.get_by_test_id("headline")).to_have_text(NONE_COVERED)

    page.locator("a.btn-danger[href='/assignments/new/']").click()
    _pick(page, "commune", "tan lac", "Xã Tân Lạc")  # found without typing the diacritics
    _pick(page, "cadre", "hung", "Nguyễn Văn Hùng")
    page.fill("#id_decision_number", "1432-QĐ/TU")
    page.fill("#id_decision_date", "10/04/2026")
    page.fill("#id_start_date", "15/04/2026")
    shot(page, "assign-form")
    page.get_by_role("button", name="Lưu").click()
    done = "Đồng chí Nguyễn Văn Hùng theo dõi «Xã Tân Lạc» từ ngày 15/04/2026"
    expect(page.get_by_role("alert").filter(has_text=done)).to_be_visible()

    page.goto(f"{page.base_url}/assignments/")
    expect(page.get_by_test_id("headline")).to_have_text(ONE_COVERED)
    expect(page.get_by_test_id("uncovered-list")).not_to_contain_text("Xã Tân Lạc")
    shot(page, "dashboard-after-assign")

    page.goto(f"{page.base_url}/registry/communes/{commune_b.pk}/")
    page.locator("a.btn-outline-danger[href$='/end/']").click()
    page.fill("#id_end_date", "20/04/2026")
    page.select_option("#id_reason", "transferred")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(f"{page.base_url}/registry/communes/{commune_b.pk}/")  # saved
    page.goto(f"{page.base_url}/assignments/")
    expect(page.get_by_test_id("headline")).to_have_text(NONE_COVERED)
    expect(page.get_by_test_id("uncovered-list")).to_contain_text("Xã Tân Lạc")
