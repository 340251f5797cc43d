"""The rules of following at commune level, through the services and through the pages: one
member per hamlet (the database's rule too, told in words naming who follows), one hamlet per
member unless an exception with its reason, nothing across communes, and forged ids answer 404."""

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamlets import services
from hamlets.models import Hamlet, HamletAssignment

from .conftest import DECISION_DAY

pytestmark = pytest.mark.django_db


def _assign(member, hamlet, *, start=DECISION_DAY, exception_reason="", user=None):
    return services.assignment_create(
        member=member,
        hamlet=hamlet,
        decision_number="15-QĐ/ĐU",
        decision_date=DECISION_DAY,
        start_date=start,
        exception_reason=exception_reason,
        user=user,
    )


def test_a_second_open_assignment_for_a_hamlet_is_refused_naming_who_follows_it(dong_tam, mai, son):
    _assign(mai, dong_tam)
    with pytest.raises(ValidationError) as refused:
        _assign(son, dong_tam, start=date(2025, 9, 1))
    assert "Hà Thị Mai" in refused.value.message_dict["hamlet"][0]
    assert dong_tam.assignments.count() == 1


def test_the_databases_refusal_also_names_who_follows_the_hamlet(dong_tam, mai, son):
    """Two requests at once: the second one's checks ran before the first one's insert, so only
    the database's no-overlap rule stops it; the member is still named."""
    _assign(mai, dong_tam)
    with mock.patch.object(HamletAssignment, "full_clean"), pytest.raises(ValidationError) as e:
        _assign(son, dong_tam, start=date(2025, 9, 1))
    assert "Hà Thị Mai" in e.value.message_dict["hamlet"][0]
    assert dong_tam.assignments.count() == 1


def test_the_databases_refusal_of_a_second_hamlet_names_the_first(dong_tam, tien_cat, mai):
    _assign(mai, dong_tam)
    with mock.patch.object(HamletAssignment, "full_clean"), pytest.raises(ValidationError) as e:
        _assign(mai, tien_cat)
    assert "Khu Đồng Tâm" in e.value.message_dict["exception_reason"][0]
    assert tien_cat.assignments.count() == 0


def test_a_second_hamlet_needs_the_reason_for_the_exception(dong_tam, tien_cat, mai):
    _assign(mai, dong_tam)
    with pytest.raises(ValidationError) as refused:
        _assign(mai, tien_cat)
    assert "exception_reason" in refused.value.message_dict
    second = _assign(mai, tien_cat, exception_reason="Tổ dân phố mới sáp nhập, chưa có người")
    assert second.is_exception
    assert mai.assignments.count() == 2


def test_a_member_or_a_hamlet_of_another_commune_is_refused(
    dong_tam, mai, tan_lac_hamlet, tan_lac_member
):
    with pytest.raises(ValidationError) as refused:
        _assign(tan_lac_member, dong_tam)
    assert "member" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _assign(mai, tan_lac_hamlet)
    assert HamletAssignment.objects.count() == 0


def test_a_hamlet_cannot_be_covered_by_another_communes_party_cell(commune_a, tan_lac_cell):
    with pytest.raises(ValidationError) as refused:
        services.hamlet_create(commune=commune_a, name="Khu 5", cell=tan_lac_cell)
    assert "cell" in refused.value.message_dict
    assert not Hamlet.objects.filter(commune=commune_a).exists()


def test_a_hamlet_name_is_one_per_commune_whatever_the_accents(commune_a, dong_tam):
    with pytest.raises(ValidationError) as refused:
        services.hamlet_create(commune=commune_a, name="khu dong tam")
    assert "name" in refused.value.message_dict


def test_ending_records_the_last_day_and_the_reason(dong_tam, mai, son):
    assignment = _assign(mai, dong_tam)
    services.assignment_end(
        assignment=assignment,
        end_date=date(2025, 12, 31),
        reason=HamletAssignment.EndReason.REASSIGNED,
    )
    assignment.refresh_from_db()
    assert assignment.end_date == date(2025, 12, 31)
    _assign(son, dong_tam, start=date(2026, 1, 1))  # the hamlet is free again
    with pytest.raises(ValidationError):
        services.assignment_end(
            assignment=assignment, end_date=date(2025, 1, 1), reason="left"
        )  # before its start


def test_commune_b_gets_404_on_every_id_of_commune_a(
    client, commune_a, commune_b_user, dong_tam, dong_tam_cell, mai
):
    assignment = _assign(mai, dong_tam)
    client.force_login(commune_b_user)
    for url in (
        reverse("hamlets:commune", args=[commune_a.pk]),
        reverse("hamlets:coverage", args=[commune_a.pk]),
        reverse("hamlets:members", args=[commune_a.pk]),
        reverse("hamlets:hamlet", args=[dong_tam.pk]),
        reverse("hamlets:hamlet_edit", args=[dong_tam.pk]),
        reverse("hamlets:cell_edit", args=[dong_tam_cell.pk]),
        reverse("hamlets:member_edit", args=[mai.pk]),
        reverse("hamlets:assignment_end", args=[assignment.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code == 404, url
    assignment.refresh_from_db()
    assert assignment.end_date is None


def test_a_forged_member_or_hamlet_id_in_the_form_answers_404(
    client, commune_b, commune_b_user, dong_tam, mai, tan_lac_hamlet, tan_lac_member
):
    client.force_login(commune_b_user)
    url = reverse("hamlets:assignment_new", args=[commune_b.pk])
    data = {
        "decision_number": "3-QĐ/ĐU",
        "decision_date": "01/08/2025",
        "start_date": "01/08/2025",
    }
    assert (
        client.post(url, {**data, "member": mai.pk, "hamlet": tan_lac_hamlet.pk}).status_code == 404
    )
    assert (
        client.post(url, {**data, "member": tan_lac_member.pk, "hamlet": dong_tam.pk}).status_code
        == 404
    )
    assert client.get(url, {"hamlet": dong_tam.pk}).status_code == 404
    assert HamletAssignment.objects.count() == 0


def test_a_forged_party_cell_in_the_hamlet_form_answers_404(
    client, commune_b, commune_b_user, dong_tam_cell
):
    client.force_login(commune_b_user)
    response = client.post(
        reverse("hamlets:hamlet_new", args=[commune_b.pk]),
        {"name": "Xóm Mới", "kind": "thon", "cell": dong_tam_cell.pk},
    )
    assert response.status_code == 404
    assert not Hamlet.objects.filter(commune=commune_b).exists()
