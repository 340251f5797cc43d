"""Sending the form takes two steps: "Review and submit" checks it (errors listed at the top,
each linked to its field, and what was typed kept) and, once it is complete, saves it as a
draft and shows what happens next; only "Submit" on that page sends it. The printable copy is
the paper the committee signs."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from evaluations.models import EvaluationRound
from tests.evaluations.conftest import complete_post
from tests.html import by_testid, parse

pytestmark = pytest.mark.django_db


def _url(form):
    return reverse("evaluations:form", args=[form.pk])


def test_it_lists_each_error_at_the_top_with_a_link_to_its_field_and_keeps_what_was_typed(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    data = complete_post(form_a, level="", visits="", strengths="Bám sát cơ sở.")
    data["review"] = "1"
    page = client.post(_url(form_a), data).content.decode()

    summary = by_testid(page, "error-summary")
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    assert "Phiếu chưa gửi được: có 2 lỗi cần sửa" in summary.text
    links = {a.attrs["href"]: a.text for a in summary.find_all(tag="a")}
    assert links == {
        "#id_visits": "Số lượt về cơ sở: Ghi số lượng, không có thì ghi 0.",
        "#id_level_0": "Mức độ hoàn thành nhiệm vụ: Chọn mức độ hoàn thành nhiệm vụ.",
    }
    tree = parse(page)
    # The message at the field too, tied to it for a screen reader.
    visits = tree.one(id="id_visits")
    assert visits.attrs["aria-invalid"] == "true"
    assert tree.one(id=visits.attrs["aria-describedby"]).text == (
        "Lỗi: Ghi số lượng, không có thì ghi 0."
    )
    assert tree.one(id="id_level_0").tag == "input"
    # What was typed is still there.
    assert tree.one(id="id_strengths").text == "Bám sát cơ sở."
    assert tree.one(id="id_meetings").attrs["value"] == "4"
    form_a.refresh_from_db()
    assert form_a.status == "new"  # nothing saved, nothing sent


def test_the_fields_a_submission_needs_are_marked_in_their_labels(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    tree = parse(client.get(_url(form_a)).content)
    labels = {label.attrs.get("for"): label.text for label in tree.find_all(tag="label")}
    assert labels["id_signer_name"] == "Người ký (họ và tên) * (bắt buộc)"
    assert labels["id_strengths"] == "Ưu điểm"  # may be left empty
    legend = tree.one(id="id_level_field").find_all(tag="legend")[0]
    assert legend.text == "Mức độ hoàn thành nhiệm vụ * (bắt buộc)"


def test_review_saves_a_draft_and_shows_what_happens_next_without_submitting(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    data = complete_post(form_a)
    data["review"] = "1"
    response = client.post(_url(form_a), data)
    # The confirmation answers the review (no redirect), under its own address.
    assert response.status_code == 200
    form_a.refresh_from_db()
    assert (form_a.status, form_a.level, form_a.submitted_at) == ("draft", "good", None)

    page = response.content.decode()
    assert f'data-page-url="{_url(form_a)}?confirm=1"' in page
    # That address shows the same confirmation after a reload.
    again = client.get(f"{_url(form_a)}?confirm=1").content.decode()
    assert by_testid(again, "level").text == "Hoàn thành tốt nhiệm vụ"
    assert "Phiếu đã được lưu nháp, chưa gửi đi" in by_testid(page, "draft-saved").text
    next_steps = by_testid(page, "what-happens-next").text
    assert "Ban Tổ chức Tỉnh ủy sẽ xem xét và tiếp nhận phiếu" in next_steps
    assert "Đảng ủy sửa ngay trên trang này và gửi lại" in next_steps
    assert "Hạn nộp phiếu: 15/12/2099" in next_steps
    assert by_testid(page, "level").text == "Hoàn thành tốt nhiệm vụ"
    tree = parse(page)
    [confirm] = [f for f in tree.find_all(tag="form") if "confirm-form" in f.attrs.get("class", "")]
    assert [b.text for b in confirm.find_all(tag="button")] == ["Gửi phiếu"]
    assert [a.text for a in confirm.find_all(tag="a")] == ["Quay lại sửa"]
    assert "onclick" not in page and "data-confirm-submit" not in page


def test_the_confirmation_step_submits_what_it_shows(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    data = complete_post(form_a, strengths="Gần dân, sát cơ sở.")
    data["review"] = "1"
    tree = parse(client.post(_url(form_a), data).content)
    [confirm] = [f for f in tree.find_all(tag="form") if "confirm-form" in f.attrs.get("class", "")]
    posted = {
        i.attrs["name"]: i.attrs.get("value", "")
        for i in confirm.find_all(tag="input")
        if i.attrs.get("type") == "hidden"
    }
    posted["submit"] = "1"
    response = client.post(confirm.attrs["action"], posted)
    # The commune's home answers, with the thanks and the form shown as sent.
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy. Trân trọng cảm ơn." in page
    assert f'data-page-url="{reverse("evaluations:home")}"' in page
    form_a.refresh_from_db()
    assert (form_a.status, form_a.strengths, form_a.visits) == (
        "submitted",
        "Gần dân, sát cơ sở.",
        6,
    )


def test_the_confirmation_of_an_incomplete_form_sends_back_to_editing(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    response = client.get(f"{_url(form_a)}?confirm=1")
    assert response.status_code == 302 and response["Location"] == _url(form_a)


def test_a_round_closed_to_late_forms_refuses_at_the_review_step(client, commune_a_user, form_a):
    EvaluationRound.objects.filter(pk=form_a.round_id).update(
        deadline=date(2026, 11, 20), late_policy="closed"
    )
    data = complete_post(form_a)
    data["review"] = "1"
    with freeze_time("2026-11-25 09:00"):
        client.force_login(commune_a_user)
        page = client.post(_url(form_a), data).content.decode()
    assert "Đã hết hạn nộp" in by_testid(page, "error-summary").text
    form_a.refresh_from_db()
    assert form_a.status == "new"


def test_the_printable_copy_has_the_committees_signature_block(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    data = complete_post(form_a, signer_name="Đinh Văn Tuấn", signed_on="20/11/2026")
    data["save"] = "1"
    client.post(_url(form_a), data)
    page = client.get(reverse("evaluations:print", args=[form_a.pk])).content.decode()
    assert by_testid(page, "date-line").text == "Phường Việt Trì, ngày 20 tháng 11 năm 2026"
    block = by_testid(page, "signature-block").text
    for words in ("T/M ĐẢNG ỦY", "BÍ THƯ ĐẢNG ỦY", "(Ký tên, đóng dấu)", "Đinh Văn Tuấn"):
        assert words in block
    # The header: the Party organisation above the committee (the province's, since 1/7/2025).
    assert by_testid(page, "parent-organisation").text == "ĐẢNG BỘ TỈNH PHÚ THỌ"
    assert "ĐẢNG ỦY PHƯỜNG VIỆT TRÌ" in page


def test_a_printable_copy_without_a_date_leaves_it_to_be_written_by_hand(
    client, commune_a_user, form_a
):
    form_a.signed_on = None
    form_a.save()
    client.force_login(commune_a_user)
    page = client.get(reverse("evaluations:print", args=[form_a.pk])).content.decode()
    assert by_testid(page, "date-line").text == "Phường Việt Trì, ngày …… tháng …… năm 2026"


def test_a_round_whose_criteria_ask_no_counts_does_not_require_them(client, commune_a_user, form_a):
    # The counts show only under a criterion that asks for them: without one, the commune
    # could never fill them in, so they cannot hold the form back.
    form_a.round.criteria.update(asks_count=False)
    client.force_login(commune_a_user)
    page = client.get(_url(form_a)).content.decode()
    assert 'name="visits"' not in page
    data = complete_post(form_a, visits="", meetings="")
    data["review"] = "1"
    response = client.post(_url(form_a), data)
    assert response.status_code == 200 and by_testid(response.content, "draft-saved") is not None
    data.pop("review")
    data["submit"] = "1"
    data["version"] = str(form_a.__class__.objects.get(pk=form_a.pk).version)
    client.post(_url(form_a), data)
    form_a.refresh_from_db()
    assert form_a.status == "submitted" and form_a.visits is None


def test_a_review_sent_again_by_a_reload_shows_the_confirmation_again(
    client, commune_a_user, form_a
):
    """Without scripts, reloading the confirmation posts the review once more, with the version
    it has already moved on: the same text, so the confirmation again, not a conflict."""
    client.force_login(commune_a_user)
    data = complete_post(form_a)
    data["review"] = "1"
    client.post(_url(form_a), data)
    page = client.post(_url(form_a), data).content.decode()
    assert "error-summary" not in page
    assert by_testid(page, "level").text == "Hoàn thành tốt nhiệm vụ"
    form_a.refresh_from_db()
    assert (form_a.status, form_a.version) == ("draft", 1)
    # Other text under the old version is still a conflict: nobody's text is lost.
    data["strengths"] = "Khác hẳn."
    page = client.post(_url(form_a), data).content.decode()
    conflict = by_testid(page, "error-summary").text
    assert "Người khác đã lưu phiếu này sau khi đồng chí mở" in conflict
