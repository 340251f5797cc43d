"""The whole year-end flow in a browser: staff open the round; a commune logs in with the
password from the credentials sheet, chooses its own, fills in and submits the form; staff
see 1/2, return it; the commune corrects and resubmits; staff see what changed and accept."""

import re
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
    page.on("dialog", lambda dialog: dialog.accept())  # staff's confirmations
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
    office.get_by_test_id("open-round").click()  # confirmed in a dialog, then sent
    expect(office.get_by_test_id("submitted-ratio")).to_have_text("0/2")

    commune_ctx, commune = _session(browser, live_server)
    login(commune, username, password)
    expect(commune).to_have_url(f"{commune.base_url}/accounts/password/")
    commune.fill("#id_old_password", password)
    commune.fill("#id_new_password1", "Dang-uy-Viet-Tri-2026")
    commune.fill("#id_new_password2", "Dang-uy-Viet-Tri-2026")
    commune.get_by_role("button", name="Đổi mật khẩu").click()
    expect(commune.get_by_role("alert").filter(has_text="Đã đổi mật khẩu.")).to_be_visible()
    commune.goto(f"{commune.base_url}/evaluations/")
    commune.get_by_role("link", name="Điền phiếu").click()
    comments = commune.locator("textarea[id$='_comment']")
    expect(comments).to_have_count(prepared_round.criteria.count())  # one per criterion
    for textarea in comments.all():
        textarea.fill("Đồng chí thường xuyên về cơ sở, nắm chắc tình hình.")
    commune.fill("#id_visits", "5")
    commune.fill("#id_meetings", "3")
    commune.check("input[name=level][value=good]")
    commune.check("input[name=propose_commendation][value=yes]")
    commune.check("input[name=propose_replacement][value=no]")
    commune.fill("#id_signer_name", "Đinh Văn Tuấn")
    shot(commune, "evaluation-form-filled")
    commune.get_by_role("button", name="Xem lại và gửi").click()
    # The confirmation step, in the page: nothing is sent until "Gửi phiếu" there.
    expect(commune.get_by_test_id("what-happens-next")).to_contain_text("tiếp nhận phiếu")
    commune.get_by_role("button", name="Gửi phiếu").click()
    commune.wait_for_url("**/evaluations/")
    sent = "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy"
    expect(commune.get_by_role("alert").filter(has_text=sent)).to_be_visible()

    office.reload()
    expect(office.get_by_test_id("submitted-ratio")).to_have_text("1/2")
    office.get_by_role("link", name="Nguyễn Văn Hùng").click()
    office.get_by_role("button", name="Trả lại để sửa").click()
    # The box opens with an animation ("collapsing", then "collapse show"): a click on its
    # button while it still moves can miss, and the form is then never sent.
    expect(office.locator("#return-box")).to_have_class(re.compile(r"\bshow\b"))
    office.fill("#id_ret-message", "Đề nghị ghi rõ số lượt về cơ sở trong quý IV.")
    office.get_by_role("button", name="Trả lại cho xã").click()
    returned = "Đã trả phiếu về xã để sửa, bổ sung."
    expect(office.get_by_role("alert").filter(has_text=returned)).to_be_visible()

    commune.goto(f"{commune.base_url}/evaluations/")
    commune.get_by_role("link", name="Sửa phiếu").click()
    expect(commune.get_by_test_id("return-message")).to_contain_text(
        "Đề nghị ghi rõ số lượt về cơ sở trong quý IV."
    )
    commune.fill("#id_visits", "7")
    commune.get_by_role("button", name="Xem lại và gửi").click()
    commune.get_by_role("button", name="Gửi phiếu").click()
    commune.wait_for_url("**/evaluations/")
    expect(commune.get_by_role("alert").filter(has_text=sent)).to_be_visible()

    office.reload()
    # What changed since the return: the visits, from 5 to 7, on the row of their label.
    changed = office.get_by_test_id("changes-since-return").locator("tr")
    expect(changed.filter(has_text="Số lượt về cơ sở").locator("td")).to_have_text(
        ["Số lượt về cơ sở", "5", "7"]
    )
    shot(office, "evaluation-review")
    office.get_by_role("button", name="Tiếp nhận").click()
    expect(office.get_by_role("alert").filter(has_text="Đã tiếp nhận phiếu.")).to_be_visible()
    assert office.console_errors == [] and commune.console_errors == []
    staff_ctx.close()
    commune_ctx.close()
