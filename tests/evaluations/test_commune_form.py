"""A commune's Party committee fills in, saves and submits its form."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from evaluations.models import EvaluationRound, FormEvent
from tests.evaluations.conftest import complete_post

pytestmark = pytest.mark.django_db


def test_the_commune_sees_its_forms_with_the_header_and_its_deadline(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    page = client.get(reverse("evaluations:home")).content.decode()
    assert "Nguyễn Văn Hùng" in page and "Lê Thị Lan" not in page
    form_page = client.get(reverse("evaluations:form", args=[form_a.pk])).content.decode()
    assert "Giám đốc, Sở Nội vụ" in form_page
    assert "01/01/2026 – 31/12/2026 (365 ngày)" in form_page
    assert "Hạn nộp: 15/12/2099" in form_page


def test_a_draft_keeps_what_was_typed(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    client.post(
        reverse("evaluations:form", args=[form_a.pk]),
        {"version": 0, "strengths": "Sâu sát cơ sở", "save": "1"},
    )
    form_a.refresh_from_db()
    assert (form_a.status, form_a.strengths) == ("draft", "Sâu sát cơ sở")


def test_an_incomplete_submission_is_refused_field_by_field_and_keeps_the_text(
    client, commune_a_user, form_a
):
    client.force_login(commune_a_user)
    data = complete_post(form_a, level="", propose_replacement="yes", replacement_reason="")
    data["submit"] = "1"
    page = client.post(reverse("evaluations:form", args=[form_a.pk]), data).content.decode()
    assert "Chọn mức độ hoàn thành nhiệm vụ." in page
    assert "Nêu lý do đề nghị thay thế cán bộ." in page
    assert "Gần gũi, sâu sát cơ sở." in page  # what was typed is still there
    form_a.refresh_from_db()
    assert form_a.status == "new"


def test_a_complete_submission_records_who_when_and_from_where(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    data = complete_post(form_a)
    data["submit"] = "1"
    response = client.post(
        reverse("evaluations:form", args=[form_a.pk]), data, REMOTE_ADDR="10.20.30.40"
    )
    assert "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy" in response.content.decode()
    form_a.refresh_from_db()
    assert (form_a.status, form_a.level, form_a.visits, form_a.propose_commendation) == (
        "submitted",
        "good",
        6,
        True,
    )
    assert form_a.submitted_late is False
    event = FormEvent.objects.get(form=form_a, kind="submitted")
    assert (event.by, event.ip) == (commune_a_user, "10.20.30.40")
    assert event.snapshot["level"] == "good"


def test_a_submitted_form_is_read_only(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    data = complete_post(form_a)
    data["submit"] = "1"
    client.post(reverse("evaluations:form", args=[form_a.pk]), data)
    page = client.get(reverse("evaluations:form", args=[form_a.pk])).content.decode()
    assert "<textarea" not in page and "Đã gửi lúc" in page
    changed = complete_post(form_a, strengths="Sửa sau khi gửi", version=1)
    changed["save"] = "1"
    client.post(reverse("evaluations:form", args=[form_a.pk]), changed)
    form_a.refresh_from_db()
    assert form_a.strengths == "Gần gũi, sâu sát cơ sở."


def test_a_late_form_is_accepted_and_marked_late(client, commune_a_user, form_a):
    EvaluationRound.objects.filter(pk=form_a.round_id).update(deadline=date(2026, 11, 20))
    data = complete_post(form_a)
    data["submit"] = "1"
    with freeze_time("2026-11-25 09:00"):
        client.force_login(commune_a_user)
        client.post(reverse("evaluations:form", args=[form_a.pk]), data)
    form_a.refresh_from_db()
    assert form_a.status == "submitted" and form_a.submitted_late is True


def test_a_closed_round_refuses_late_forms_unless_the_commune_got_an_extension(
    client, commune_a_user, form_a, staff
):
    from evaluations import services

    EvaluationRound.objects.filter(pk=form_a.round_id).update(
        deadline=date(2026, 11, 20), late_policy="closed"
    )
    data = complete_post(form_a)
    data["submit"] = "1"
    with freeze_time("2026-11-25 09:00"):
        client.force_login(commune_a_user)  # inside: the session's lifetime counts from here
        page = client.post(reverse("evaluations:form", args=[form_a.pk]), data).content.decode()
        assert "Đã hết hạn nộp" in page
        form_a.refresh_from_db()
        assert form_a.status == "new"
        services.deadline_extend(
            evaluation_round=form_a.round,
            commune=form_a.commune,
            deadline=date(2026, 11, 30),
            reason="Mất điện kéo dài",
            user=staff,
        )
        home = client.get(reverse("evaluations:home")).content.decode()
        assert "Hạn nộp: 30/11/2026" in home
        client.post(reverse("evaluations:form", args=[form_a.pk]), data)
    form_a.refresh_from_db()
    assert form_a.status == "submitted" and form_a.submitted_late is False


def test_the_printable_copy_is_in_the_party_layout(client, commune_a_user, form_a):
    client.force_login(commune_a_user)
    page = client.get(reverse("evaluations:print", args=[form_a.pk])).content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page and "PHIẾU NHẬN XÉT" in page
    assert "Nguyễn Văn Hùng" in page
