"""Results by cadre in a browser: a row's "Điều chỉnh" opens the page's one dialog on that cadre;
a change without a reason comes back refused in the dialog, what was typed kept; with a reason
it is saved and shown on the row."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.reports.conftest import year_2026  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_change_a_result_in_the_dialog(page, year_2026, staff):  # noqa: F811
    login(page, "chuyenvien", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/reports/2026/results/")
    dialog = page.get_by_test_id("adjust-dialog")
    expect(dialog).to_be_hidden()
    page.get_by_role("link", name="Điều chỉnh — Lê Thị Lan").click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Lê Thị Lan")
    dialog.get_by_label("Mức độ hoàn thành nhiệm vụ").select_option("excellent")
    dialog.get_by_role("button", name="Lưu điều chỉnh").click()

    expect(dialog.get_by_test_id("adjust-errors")).to_have_text(
        "Chưa điều chỉnh kết quả: Đề nghị ghi lý do điều chỉnh kết quả."
    )
    assert page.evaluate("document.querySelector('#adjust').matches(':modal')")
    expect(dialog.get_by_label("Mức độ hoàn thành nhiệm vụ")).to_have_value("excellent")
    shot(page, "results-dialog-refused-390")

    dialog.get_by_label("Lý do điều chỉnh").fill("Xã Tân Lạc đã rút đề nghị thay thế")
    dialog.get_by_role("button", name="Lưu điều chỉnh").click()
    expect(page.get_by_role("alert").filter(has_text="Đã điều chỉnh kết quả")).to_be_visible()
    lan_row = page.get_by_test_id("results").locator("tr", has_text="Lê Thị Lan")
    expect(lan_row).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    expect(lan_row).to_contain_text("Xã Tân Lạc đã rút đề nghị thay thế")
    expect(dialog).to_be_hidden()
