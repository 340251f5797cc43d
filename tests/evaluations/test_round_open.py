from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments import services as assignment_services
from assignments.models import Cadre
from evaluations import services
from evaluations.models import EvaluationForm, LeftOutPair
from tests.factories import CadreFactory, CommuneFactory
from tests.html import by_testid

pytestmark = pytest.mark.django_db


def _round(year=2026, staff=None):
    return services.round_create(
        year=year, opens_on=date(year, 11, 15), deadline=date(year, 12, 15), user=staff
    )


def _assign(cadre, commune, start):
    assignment_services.assignment_create(
        cadre=cadre, commune=commune, start_date=start, decision_number="2", decision_date=start
    )


def test_opening_expects_the_pairs_followed_at_least_181_days_and_lists_the_rest(
    assignments, staff, province
):
    exactly = CadreFactory(full_name="Trần Văn Đủ")
    _assign(exactly, CommuneFactory(province=province, name="Xã Đủ Ngày"), date(2026, 7, 4))
    short = CadreFactory(full_name="Trần Văn Thiếu")
    _assign(short, CommuneFactory(province=province, name="Xã Thiếu Ngày"), date(2026, 7, 5))
    evaluation_round = _round(staff=staff)
    services.round_open(evaluation_round=evaluation_round, user=staff)
    expected = {f.cadre.full_name: f.days_followed for f in evaluation_round.forms.all()}
    assert expected == {"Nguyễn Văn Hùng": 365, "Lê Thị Lan": 365, "Trần Văn Đủ": 181}
    left = LeftOutPair.objects.get()
    assert (left.cadre, left.days_followed, left.reason) == (short, 180, "too_short")


def test_a_cadre_who_left_during_the_year_is_left_out_with_the_reason(assignments, staff, hung):
    assignment_services.cadre_change_status(
        cadre=hung, status=Cadre.Status.TRANSFERRED, effective_on=date(2026, 10, 31)
    )
    evaluation_round = _round(staff=staff)
    services.round_open(evaluation_round=evaluation_round, user=staff)
    assert [f.cadre.full_name for f in evaluation_round.forms.all()] == ["Lê Thị Lan"]
    left = LeftOutPair.objects.get()
    assert (left.cadre, left.days_followed, left.reason) == (hung, 304, "cadre_left")
    added = services.expected_add(left_out=left, reason="Đồng chí theo dõi 10 tháng", user=staff)
    assert added.added_reason == "Đồng chí theo dõi 10 tháng"
    assert evaluation_round.forms.expected().count() == 2


def test_criteria_are_copied_from_the_previous_year_and_frozen_once_open(staff):
    first = _round(2025, staff)
    assert first.criteria.count() == 6  # the defaults of DOMAIN.md
    services.criteria_replace(
        evaluation_round=first,
        items=[("Xây dựng kế hoạch theo dõi", "", False), ("Số lượt về cơ sở", "ghi rõ số", True)],
    )
    second = _round(2026, staff)
    assert list(second.criteria.values_list("title", flat=True)) == [
        "Xây dựng kế hoạch theo dõi",
        "Số lượt về cơ sở",
    ]
    services.criteria_replace(evaluation_round=second, items=[("Tiêu chí mới", "", False)])
    assert first.criteria.count() == 2  # the earlier year keeps its own list


def test_an_open_rounds_criteria_cannot_change(round_2026, client, staff):
    with pytest.raises(ValidationError):
        services.criteria_replace(evaluation_round=round_2026, items=[("Khác", "", False)])
    client.force_login(staff)
    response = client.get(reverse("evaluations:criteria", args=[2026]), follow=True)
    assert "thay đổi tiêu chí của đợt đã mở" in response.content.decode()


def test_staff_open_a_round_from_its_page(assignments, staff, client):
    _round(staff=staff)
    client.force_login(staff)
    client.post(reverse("evaluations:round_open", args=[2026]))
    assert EvaluationForm.objects.filter(round__year=2026).count() == 2
    page = client.get(reverse("evaluations:round", args=[2026])).content
    assert by_testid(page, "submitted-ratio").text == "0/2"


def test_a_dropped_form_no_longer_counts_but_stays_listed(round_2026, form_a, staff, client):
    client.force_login(staff)
    client.post(reverse("evaluations:drop", args=[form_a.pk]), {"drop-reason": "Xã đã sáp nhập"})
    form_a.refresh_from_db()
    assert form_a.dropped_reason == "Xã đã sáp nhập"
    page = client.get(reverse("evaluations:round", args=[2026])).content
    assert by_testid(page, "submitted-ratio").text == "0/1"


def test_leaders_read_the_round_but_cannot_open_or_create(round_2026, leader, client):
    client.force_login(leader)
    assert client.get(reverse("evaluations:round", args=[2026])).status_code == 200
    assert client.get(reverse("evaluations:round_new")).status_code == 403
    assert client.post(reverse("evaluations:round_close", args=[2026])).status_code == 403
