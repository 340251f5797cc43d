"""A commune's Party committee fills its form on a phone (390 × 844): it sends it half done,
reads the error summary at the top, follows a link to the field, completes it, reads on the
confirmation step what happens next, and sends it. Nothing is wider than the screen, and the
level options and the buttons are big enough to tap."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluations.models import EvaluationForm
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS, login, shot
from tests.evaluations.conftest import form_a, round_2026  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAP = 44  # px: WCAG 2.5.5's target size


def _fits_the_screen(page):
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url}: {width} px wide on a {inner} px screen"


def _heights(locator):
    return [round(box["height"]) for box in (el.bounding_box() for el in locator.all())]


def test_a_commune_sends_its_form_from_a_phone(
    browser,
    live_server,
    form_a,  # noqa: F811
    commune_a_user,
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base_url = live_server.url
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, "xa07900", PASSWORD)

    page.goto(f"{page.base_url}/evaluations/")
    page.get_by_role("link", name="Điền phiếu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu nhận xét năm 2026")
    _fits_the_screen(page)
    # Required fields say so in their label, for the eye and for a screen reader.
    level_legend = page.locator("legend", has_text="Mức độ hoàn thành nhiệm vụ")
    expect(level_legend.locator(".field-required")).to_have_text("*")
    expect(level_legend.locator(".visually-hidden")).to_have_text("(bắt buộc)")
    levels = page.locator("label.choice:has(input[name=level])")
    expect(levels).to_have_count(4)
    assert min(_heights(levels)) >= TAP
    # Each option is one card as wide as the form: its box and its text on one line at least.
    assert len({round(box["width"]) for box in (el.bounding_box() for el in levels.all())}) == 1
    assert min(_heights(page.locator(".form-actions .btn"))) >= TAP
    shot(page, "commune-form-phone-empty")

    # Half done: a comment on the first criterion and a level, then "send".
    page.locator("textarea[id$='_comment']").first.fill("Sâu sát cơ sở, nắm chắc tình hình.")
    levels.filter(has_text="Hoàn thành tốt nhiệm vụ").click()  # the card, not the small circle
    page.get_by_role("button", name="Xem lại và gửi").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_contain_text("Phiếu chưa gửi được: có")
    expect(summary.get_by_role("link").filter(has_text="Số lượt về cơ sở")).to_have_count(1)
    # What was typed is still there.
    expect(page.locator("textarea[id$='_comment']").first).to_have_value(
        "Sâu sát cơ sở, nắm chắc tình hình."
    )
    expect(page.locator("input[name=level][value=good]")).to_be_checked()
    _fits_the_screen(page)
    shot(page, "commune-form-phone-errors")
    assert EvaluationForm.objects.get(pk=form_a.pk).status == "new"  # nothing saved or sent

    summary.get_by_role("link").filter(has_text="Số lượt về cơ sở").click()
    expect(page.locator("#id_visits")).to_be_focused()
    expect(page.locator("#id_visits")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_visits").fill("6")
    page.fill("#id_meetings", "4")
    for textarea in page.locator("textarea[id$='_comment']").all():
        if not textarea.input_value():
            textarea.fill("Thường xuyên về cơ sở, dự họp đầy đủ.")
    page.locator("label.choice", has=page.locator("#id_propose_commendation_0")).click()
    page.locator("label.choice", has=page.locator("#id_propose_replacement_1")).click()
    page.fill("#id_signer_name", "Đinh Văn Tuấn")
    page.get_by_role("button", name="Xem lại và gửi").click()

    # The confirmation step, in the page: what happens next, and nothing sent yet.
    expect(page).to_have_url(re.compile(r"\?confirm=1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra và gửi phiếu")
    next_steps = page.get_by_test_id("what-happens-next")
    expect(next_steps).to_contain_text("xem xét và tiếp nhận phiếu")
    expect(next_steps).to_contain_text("Hạn nộp phiếu: 15/12/2099")
    expect(page.get_by_test_id("level")).to_have_text("Hoàn thành tốt nhiệm vụ")
    assert EvaluationForm.objects.get(pk=form_a.pk).status == "draft"
    assert min(_heights(page.locator(".form-actions .btn"))) >= TAP
    _fits_the_screen(page)
    shot(page, "commune-form-phone-confirmation")

    page.get_by_role("button", name="Gửi phiếu").click()
    page.wait_for_url("**/evaluations/")
    expect(page.get_by_role("alert").filter(has_text="Đã gửi phiếu")).to_be_visible()
    form_a.refresh_from_db()
    assert (form_a.status, form_a.visits, form_a.level) == ("submitted", 6, "good")
    # The home answered the submission under its own address: a reload asks for the home and
    # sends nothing again (no "already submitted", no second submission).
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.reload()
    expect(page).to_have_url(re.compile(r"/evaluations/$"))
    expect(page.get_by_role("alert").filter(has_text="Phiếu này đã được gửi")).to_have_count(0)
    expect(page.get_by_role("alert").filter(has_text="Đã gửi phiếu")).to_have_count(0)
    assert posts == []
    assert form_a.events.filter(kind="submitted").count() == 1
    assert dialogs == []  # no window.confirm on the way
    assert errors == []
    context.close()


def test_the_printable_form_is_the_paper_the_committee_signs(
    page,
    form_a,  # noqa: F811
    commune_a_user,
):
    """Printed from the browser on A4: the form ends with the committee's signature block
    (title, room to sign and seal, name), kept whole on one page."""
    from evaluations import services
    from tests.evaluations.conftest import complete_data

    services.form_save(
        form=form_a,
        data=complete_data(form_a, strengths="Sâu sát cơ sở. " * 40),
        version=form_a.version,
        user=commune_a_user,
    )
    login(page, "xa07900", PASSWORD)
    page.goto(f"{page.base_url}{reverse('evaluations:print', args=[form_a.pk])}")
    expect(page.get_by_test_id("signature-block")).to_contain_text("(Ký tên, đóng dấu)")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="In phiếu")).to_be_hidden()  # not on the paper
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / "commune-form-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = pdf.read_bytes().count(b"/Type /Page\n") or pdf.read_bytes().count(b"/Type /Page")
    assert 1 <= pages <= 3
