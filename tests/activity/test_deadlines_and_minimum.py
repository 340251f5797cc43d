from datetime import date, datetime

import pytest
from django.utils import timezone

from activity import services
from activity.figures import (
    late_or_missing_plans,
    late_or_missing_reports,
    totals,
    under_minimum,
)
from activity.models import Plan, Report, Visit
from hamlets.models import PartyCell

pytestmark = pytest.mark.django_db


def _on(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=15)))


def _plan(cadre, day):
    Plan.objects.create(cadre=cadre, year=2026, text="Kế hoạch", submitted_at=_on(day))


def test_a_plan_on_its_deadline_is_on_time_the_day_after_is_late(assignments, year_2026, hung, lan):
    _plan(hung, date(2026, 1, 31))
    _plan(lan, date(2026, 2, 1))
    rows = late_or_missing_plans(2026, today=date(2026, 3, 1))
    assert [(r.cadre.full_name, r.submitted_at is not None) for r in rows] == [("Lê Thị Lan", True)]


def test_a_missing_plan_is_listed_only_once_its_deadline_has_passed(
    assignments, year_2026, hung, lan
):
    _plan(hung, date(2026, 1, 10))
    assert late_or_missing_plans(2026, today=date(2026, 1, 31)) == []
    rows = late_or_missing_plans(2026, today=date(2026, 2, 1))
    assert [(r.cadre.full_name, r.submitted_at) for r in rows] == [("Lê Thị Lan", None)]


def test_reports_are_checked_against_their_own_period(assignments, year_2026, hung, lan):
    Report.objects.create(cadre=hung, year=2026, period="half", submitted_at=_on(date(2026, 7, 10)))
    Report.objects.create(cadre=lan, year=2026, period="half", submitted_at=_on(date(2026, 7, 15)))
    half = late_or_missing_reports(2026, "half", today=date(2026, 11, 1))
    assert [r.cadre.full_name for r in half] == ["Lê Thị Lan"]
    assert late_or_missing_reports(2026, "annual", today=date(2026, 11, 1)) == []
    annual = late_or_missing_reports(2026, "annual", today=date(2026, 12, 11))
    assert sorted(r.cadre.full_name for r in annual) == ["Lê Thị Lan", "Nguyễn Văn Hùng"]


def test_cadres_under_the_minimum_are_listed_with_what_they_still_need(
    assignments, year_2026, hung, commune_a
):
    for day, kind in (
        (date(2026, 3, 1), "committee"),
        (date(2026, 4, 1), "working"),
        (date(2026, 5, 1), "survey"),
    ):
        services.visit_log(cadre=hung, commune=commune_a, day=day, kind=kind, content="Làm việc")
    disputed = services.visit_log(
        cadre=hung,
        commune=commune_a,
        day=date(2026, 6, 1),
        kind="cell",
        cell=PartyCell.objects.create(commune=commune_a, name="Chi bộ thôn Đồng Tâm"),
        content="Dự sinh hoạt chi bộ",
    )
    services.visit_review(visit=disputed, confirm=False, note="Không dự")
    rows = {u.cadre.full_name: u for u in under_minimum(2026)}
    hung_row = rows["Nguyễn Văn Hùng"]
    assert (hung_row.visits, hung_row.meetings) == (3, 1)  # the disputed one does not count
    assert (hung_row.visits_short, hung_row.meetings_short) == (1, 1)
    services.visit_log(
        cadre=hung,
        commune=commune_a,
        day=date(2026, 7, 1),
        kind="conference",
        content="Dự hội nghị",
    )
    assert "Nguyễn Văn Hùng" not in {u.cadre.full_name for u in under_minimum(2026)}
    assert totals(2026)["visits"] == 4 and totals(2026)["meetings"] == 2


def test_a_visit_must_be_at_a_commune_the_cadre_followed_that_day(assignments, hung, commune_b):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="không theo dõi «Xã Tân Lạc»"):
        services.visit_log(
            cadre=hung, commune=commune_b, day=date(2026, 3, 1), kind="working", content="x"
        )
    assert Visit.objects.count() == 0


def test_the_annual_summary_shows_logged_and_stated_visits_and_late_plans(
    assignments, year_2026, hung, lan, commune_a, staff
):
    from evaluations import services as evaluation_services
    from reports.figures import annual_summary

    _plan(hung, date(2026, 1, 20))
    visit = services.visit_log(
        cadre=hung, commune=commune_a, day=date(2026, 3, 1), kind="committee", content="Dự hội nghị"
    )
    services.visit_review(visit=visit, confirm=True)
    evaluation_round = evaluation_services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2099, 12, 15), user=staff
    )
    evaluation_services.round_open(evaluation_round=evaluation_round, user=staff)
    f = annual_summary(2026)
    assert f["visits"]["logged"] == {"visits": 1, "meetings": 1, "confirmed": 1}
    # No form submitted yet: the two sources stay apart.
    assert f["visits"]["stated"] == {"visits": 0, "meetings": 0}
    assert f["late"]["plans"] == ["Lê Thị Lan"]  # her plan is missing, its deadline past


def test_the_annual_summary_lists_a_report_as_missing_only_once_its_deadline_has_passed(
    assignments, year_2026, hung, lan
):
    """A summary built on 2 December does not call the annual report (due 10 December) late."""
    from freezegun import freeze_time

    from reports.figures import annual_summary

    with freeze_time("2026-12-02 10:00"):
        early = annual_summary(2026)["late"]
    with freeze_time("2026-12-11 10:00"):
        after = annual_summary(2026)["late"]
    assert early["annual"] == []
    assert sorted(early["half"]) == sorted(after["half"]) == ["Lê Thị Lan", "Nguyễn Văn Hùng"]
    assert sorted(after["annual"]) == ["Lê Thị Lan", "Nguyễn Văn Hùng"]
