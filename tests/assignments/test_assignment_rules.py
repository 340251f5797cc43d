"""The rules of Kết luận 1016-KL/TU, in the services and in the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assignments import services
from assignments.figures import (
    cadres_with_several_communes,
    coverage,
    exception_assignments,
    uncovered_communes,
)
from assignments.models import OLD_MAP_LAST_DAY, Assignment, Cadre, Commune
from tests.factories import AgencyFactory, CadreFactory

pytestmark = pytest.mark.django_db
DECISION = {"decision_number": "1250-QĐ/TU", "decision_date": date(2025, 6, 30)}


@pytest.fixture
def agency():
    return AgencyFactory(name="Sở Nội vụ", leader_quota=2)


@pytest.fixture
def hung(agency):
    return CadreFactory(full_name="Nguyễn Văn Hùng", agency=agency)


@pytest.fixture
def lan(agency):
    return CadreFactory(full_name="Lê Thị Lan", agency=agency, gender="female")


def _assign(cadre, commune, start=date(2025, 7, 1), **extra):
    return services.assignment_create(
        cadre=cadre, commune=commune, start_date=start, **DECISION, **extra
    )


def test_a_cadre_is_assigned_and_the_commune_is_covered(hung, commune_a, commune_b):
    _assign(hung, commune_a)
    assert list(uncovered_communes(date(2026, 1, 1))) == [commune_b]
    assert str(coverage(date(2026, 1, 1)).communes) == "1/2"


def test_a_commune_already_followed_is_refused_with_who_follows_it(hung, lan, commune_a):
    _assign(hung, commune_a)
    with pytest.raises(
        ValidationError,
        match="đã có đồng chí Nguyễn Văn Hùng \\(Sở Nội vụ\\) theo dõi từ 01/07/2025",
    ):
        _assign(lan, commune_a, start=date(2026, 1, 1))


def test_a_second_commune_needs_a_recorded_exception(hung, commune_a, commune_b):
    _assign(hung, commune_a)
    with pytest.raises(ValidationError, match="Mỗi đồng chí lãnh đạo theo dõi một xã"):
        _assign(hung, commune_b)
    exception = _assign(hung, commune_b, exception_reason="Chờ bổ sung lãnh đạo Sở")
    assert exception.is_exception
    day = date(2026, 1, 1)
    assert [a.commune for a in exception_assignments(day)] == [commune_b]
    assert [c.full_name for c in cadres_with_several_communes(day)] == ["Nguyễn Văn Hùng"]
    cov = coverage(day)
    assert (cov.exceptions_count, cov.several_count) == (1, 1)


def test_a_cadre_no_longer_in_office_cannot_be_assigned(hung, commune_a):
    services.cadre_change_status(
        cadre=hung, status=Cadre.Status.RETIRED, effective_on=date(2025, 5, 31)
    )
    with pytest.raises(ValidationError, match="không còn công tác"):
        _assign(hung, commune_a)


def test_a_commune_of_the_old_map_cannot_be_assigned_after_1_july_2025(hung, province):
    old = Commune.objects.create(
        province=province, code="09999", name="Xã Cũ", valid_to=OLD_MAP_LAST_DAY
    )
    with pytest.raises(ValidationError, match="không có hiệu lực vào ngày 01/07/2025"):
        _assign(hung, old)


def test_a_retired_cadres_commune_appears_at_once_as_needing_a_cadre(hung, commune_a):
    _assign(hung, commune_a)
    services.cadre_change_status(
        cadre=hung, status=Cadre.Status.RETIRED, effective_on=date(2026, 3, 31)
    )
    assignment = Assignment.objects.get()
    assert (assignment.end_date, assignment.end_reason) == (date(2026, 3, 31), "retired")
    assert list(uncovered_communes(date(2026, 3, 31))) == []
    assert list(uncovered_communes(date(2026, 4, 1))) == [commune_a]


def _replace(current, cadre, start=date(2026, 2, 1), **extra):
    return services.assignment_replace(
        replaced=[current],
        cadre=cadre,
        commune=current.commune,
        start_date=start,
        decision_number="1432-QĐ/TU",
        decision_date=date(2026, 1, 20),
        **extra,
    )


def test_reassigning_ends_the_current_assignment_the_day_before(hung, lan, commune_a):
    current = _assign(hung, commune_a)
    new = _replace(current, lan)
    current.refresh_from_db()
    assert (current.end_date, current.end_reason) == (date(2026, 1, 31), "reassigned")
    assert current.note == "Thay thế theo Quyết định số 1432-QĐ/TU"
    assert new.cadre == lan and new.start_date == date(2026, 2, 1)
    history = list(
        commune_a.assignments.order_by("start_date").values_list("cadre__full_name", flat=True)
    )
    assert history == ["Nguyễn Văn Hùng", "Lê Thị Lan"]


def test_a_refused_reassignment_leaves_the_current_one_untouched(hung, lan, commune_a, commune_b):
    _assign(lan, commune_b)
    current = _assign(hung, commune_a)
    with pytest.raises(ValidationError, match="Lê Thị Lan đang theo dõi «Xã Tân Lạc»"):
        _replace(current, lan)
    current.refresh_from_db()
    assert current.end_date is None


def test_a_reassignment_must_start_after_the_current_assignment(hung, lan, commune_a):
    current = _assign(hung, commune_a)
    with pytest.raises(ValidationError, match="phải bắt đầu sau ngày 01/07/2025"):
        _replace(current, lan, start=date(2025, 7, 1))
    current.refresh_from_db()
    assert current.end_date is None


def test_ending_before_the_start_is_refused(hung, commune_a):
    current = _assign(hung, commune_a)
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        services.assignment_end(assignment=current, end_date=date(2025, 6, 1), reason="other")


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_two_assignments_of_one_commune_at_once(hung, lan, commune_a):
    Assignment.objects.create(
        cadre=hung, commune=commune_a, start_date=date(2025, 7, 1), **DECISION
    )
    with pytest.raises(IntegrityError, match="assignment_commune_overlap"), transaction.atomic():
        Assignment.objects.create(
            cadre=lan, commune=commune_a, start_date=date(2026, 1, 1), **DECISION
        )


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_ordinary_commune_but_not_an_exception(
    hung, commune_a, commune_b
):
    Assignment.objects.create(
        cadre=hung, commune=commune_a, start_date=date(2025, 7, 1), **DECISION
    )
    with pytest.raises(IntegrityError, match="assignment_cadre_overlap"), transaction.atomic():
        Assignment.objects.create(
            cadre=hung, commune=commune_b, start_date=date(2025, 7, 1), **DECISION
        )
    Assignment.objects.create(
        cadre=hung,
        commune=commune_b,
        start_date=date(2025, 7, 1),
        exception_reason="Tạm thời",
        **DECISION,
    )
    assert Assignment.objects.count() == 2


def test_days_in_year_counts_the_181_day_rule(hung, commune_a):
    a = _assign(hung, commune_a)
    assert a.days_in_year(2025) == 184
    a.end_date = date(2026, 6, 29)
    assert a.days_in_year(2026) == 180
