"""File inputs in the page's language: on a phone a cadre taps "Chọn tệp…", sees the chosen
file's name, sends the plan and reads under "Đã nộp" the file and the date; staff choose a
workbook the same way on the import page. The browser's own "Choose File" never shows."""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year_open(db):
    from datetime import date

    from activity.models import ActivityYear

    return ActivityYear.objects.create(
        year=date.today().year,
        plan_deadline=date(2099, 1, 31),
        half_year_deadline=date(2099, 7, 10),
        annual_deadline=date(2099, 12, 10),
    )


def _phone(browser, live_server):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    return context, page


def _file_inputs_are_the_projects_own(page):
    """Each file input is visually hidden and opened by a label of ours with a text."""
    found = page.evaluate(
        """() => Array.from(document.querySelectorAll("input[type=file]")).map((input) => {
            const box = input.getBoundingClientRect();
            const labels = Array.from(document.querySelectorAll(`label[for="${input.id}"]`));
            return {hidden: box.width <= 1 && box.height <= 1,
                    labels: labels.map((l) => l.innerText.trim()).filter(Boolean)};
        })"""
    )
    assert found, "no file input on the page"
    for item in found:
        assert item["hidden"] and "Chọn tệp…" in item["labels"], item


def _fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_cadre_sends_a_file_from_a_phone(
    browser, live_server, assignments, year_open, hung, tmp_path
):
    make_user("canbo", "cadre", full_name=hung.full_name, cadre=hung)
    context, page = _phone(browser, live_server)
    login(page, "canbo", PASSWORD)
    expect(page).to_have_url(re.compile(r"/activity/"))
    _file_inputs_are_the_projects_own(page)
    plan = page.locator("#plan")
    expect(plan.locator(".file-picker-name")).to_have_text("Chưa chọn tệp")
    button = plan.locator("label.file-picker-button")
    assert button.bounding_box()["height"] >= 44
    pdf = Path(tmp_path) / "Kế hoạch theo dõi.pdf"
    pdf.write_bytes("%PDF-1.4 kế hoạch".encode())
    with page.expect_file_chooser() as chooser:
        button.click()  # the label opens the hidden input's file dialog
    chooser.value.set_files(str(pdf))
    expect(plan.locator(".file-picker-name")).to_have_text("Kế hoạch theo dõi.pdf")
    _fits_the_screen(page)
    shot(page, "cadre-page-phone-file-chosen")
    plan.get_by_role("button", name="Nộp kế hoạch").click()
    expect(page.get_by_test_id("plan-file")).to_have_text("Kế hoạch theo dõi.pdf")
    today = timezone.localdate().strftime("%d/%m/%Y")
    expect(page.get_by_test_id("plan-status")).to_have_text(f"Đã nộp ngày {today}")
    _fits_the_screen(page)
    shot(page, "cadre-page-phone-submitted")
    context.close()


def test_staff_choose_a_workbook_with_the_projects_file_button(browser, live_server, staff):
    context, page = _phone(browser, live_server)
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"{page.base_url}/registry/import/")
    _file_inputs_are_the_projects_own(page)
    expect(page.locator(".file-picker-name")).to_have_text("Chưa chọn tệp")
    page.set_input_files(
        "#id_file", {"name": "xa.xlsx", "mimeType": "application/zip", "buffer": b"x"}
    )
    expect(page.locator(".file-picker-name")).to_have_text("xa.xlsx")
    _fits_the_screen(page)
    shot(page, "import-phone-file-chosen")
    context.close()
