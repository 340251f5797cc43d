"""The whole year-end flow in a browser: staff open the round; a commune logs in with the
password from the credentials sheet, chooses its own, fills in and submits the form; staff
see 1/2, return it; the commune corrects and resubmits; staff see what changed and accept."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.services import commune_accounts_create
from assignments.models import Commune
from evaluations import services
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def prepared_round(assignments, staff):
    return services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2099, 12, 15), user=staff
    )


def _session(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return context, page


def test_the_year_end_flow(browser, live_server, prepared_round, staff, commune_a):
    [(_c, username, password)] = [
        row for row in commune_accounts_create(communes=Commune.objects.filter(pk=commune_a.pk))
    ]

    staff_ctx, office = _session(browser, live_server)
    login(office, "chuyenvien", PASSWORD)
    office.goto(f"{office.base_url}/evaluations/rounds/2026/")
    office.get_by_test_id("open-round").click()
    office.wait_for_load_state("networkidle")
    expect(office.get_by_test_id("submitted-ratio")).to_have_text("0/2")

    commune_ctx, commune = _session(browser, live_server)
    login(commune, username, password)
    assert "/accounts/password/" in commune.url
    commune.fill("#id_old_password", password)
    commune.fill("#id_new_password1", "Dang-uy-Viet-Tri-2026")
    commune.fill("#id_new_password2", "Dang-uy-Viet-Tri-2026")
    commune.get_by_role("button", name="Đổi mật khẩu").click()
    commune.goto(f"{commune.base_url}/evaluations/")
    commune.get_by_role("link", name="Điền phiếu").click()
    for textarea in commune.locator("textarea[id$='_comment']").all():
        textarea.fill("Đồng chí thường xuyên về cơ sở, nắm chắc tình hình.")
    commune.fill("#id_visits", "5")
    commune.fill("#id_meetings", "3")
    commune.check("input[name=level][value=good]")
    commune.check("input[name=propose_commendation][value=yes]")
    commune.check("input[name=propose_replacement][value=no]")
    commune.fill("#id_signer_name", "Đinh Văn Tuấn")
    shot(commune, "evaluation-form-filled")
    commune.get_by_role("button", name="Gửi phiếu").click()
    commune.wait_for_url("**/evaluations/")
    assert "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy" in commune.content()

    office.reload()
    expect(office.get_by_test_id("submitted-ratio")).to_have_text("1/2")
    office.get_by_role("link", name="Nguyễn Văn Hùng").click()
    office.get_by_role("button", name="Trả lại để sửa").click()
    office.fill("#id_ret-message", "Đề nghị ghi rõ số lượt về cơ sở trong quý IV.")
    office.get_by_role("button", name="Trả lại cho xã").click()
    office.wait_for_load_state("networkidle")

    commune.goto(f"{commune.base_url}/evaluations/")
    commune.get_by_role("link", name="Sửa phiếu").click()
    assert (
        "Đề nghị ghi rõ số lượt về cơ sở trong quý IV."
        in commune.get_by_test_id("return-message").inner_text()
    )
    commune.fill("#id_visits", "7")
    commune.get_by_role("button", name="Gửi phiếu").click()
    commune.wait_for_url("**/evaluations/")

    office.reload()
    changes = office.get_by_test_id("changes-since-return").inner_text()
    assert "Số lượt về cơ sở" in changes and "7" in changes
    shot(office, "evaluation-review")
    office.get_by_role("button", name="Tiếp nhận").click()
    office.wait_for_load_state("networkidle")
    assert "đã tiếp nhận" in office.content()
    assert office.console_errors == [] and commune.console_errors == []
    staff_ctx.close()
    commune_ctx.close()
