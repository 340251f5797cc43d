"""A cadre's page starts with what they have to do: the plan and the reports still to send,
with their deadlines, and the visits and meetings still short of the year's minimum
(issue 14)."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from activity import services
from activity.models import Report, Visit
from hamlets.models import PartyCell
from tests.todo import says_nothing_to_do, shown, todo_line, todo_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with freeze_time("2026-07-05 07:00"):  # the plan is late, the 6-month report due in 5 days
        yield


@pytest.fixture
def two_visits(frozen, year_2026, assignments, hung, commune_a):  # noqa: F811
    """Hùng has logged a working session and a Party committee meeting in 2026, and one
    more visit the commune disputed (which does not count)."""
    for kind, status in (
        (Visit.Kind.WORKING, Visit.Status.CONFIRMED),
        (Visit.Kind.COMMITTEE, Visit.Status.PENDING),
        (Visit.Kind.WORKING, Visit.Status.DISPUTED),
    ):
        Visit.objects.create(
            cadre=hung,
            commune=commune_a,
            day=date(2026, 3, 2),
            kind=kind,
            content="x",
            status=status,
        )


def test_it_lists_what_the_cadre_still_owes_the_most_urgent_first(client, hung_user, two_visits):
    client.force_login(hung_user)
    page = client.get(reverse("home"), follow=True).content
    assert [(line.key, line.figure, line.urgency) for line in todo_lines(page)] == [
        ("owed-plan", "", "now"),
        ("owed-half", "", "soon"),
        ("owed-annual", "", "later"),
        ("visits", "2", "later"),
        ("meetings", "1", "later"),
    ]
    plan = todo_line(page, "owed-plan")
    assert plan.label == shown("Send the monitoring plan for %(year)s", year=2026)
    assert plan.note == "hạn 31/01/2026, đã quá 155 ngày"
    assert plan.url == "#plan"
    half = todo_line(page, "owed-half")
    assert half.label == shown("Send the 6-month report for %(year)s", year=2026)
    assert half.note == "hạn 10/07/2026, còn 5 ngày"
    assert half.url == "#reports"
    visits = todo_line(page, "visits")
    assert visits.label == shown("visits still to log to reach this year's minimum of %(n)d", n=4)
    assert visits.url == "#log-visit"
    meetings = todo_line(page, "meetings")
    assert meetings.label == shown(
        "Party meetings still to attend to reach this year's minimum of %(n)d", n=2
    )
    for section in (b'id="plan"', b'id="reports"', b'id="log-visit"'):
        assert section in page


def test_it_drops_what_the_cadre_has_done(client, hung_user, hung, commune_a, two_visits):
    services.plan_submit(cadre=hung, year=2026, text="Kế hoạch", user=hung_user)
    services.report_submit(
        cadre=hung, year=2026, period=Report.Period.HALF_YEAR, text="Báo cáo", user=hung_user
    )
    cell = PartyCell.objects.create(commune=commune_a, name="Chi bộ thôn Đồng Tâm")
    for kind in (Visit.Kind.CELL, Visit.Kind.SURVEY):
        services.visit_log(
            cadre=hung, commune=commune_a, day=date(2026, 6, 1), kind=kind, content="x", cell=cell
        )
    client.force_login(hung_user)
    page = client.get(reverse("activity:home")).content
    assert [(line.key, line.figure) for line in todo_lines(page)] == [("owed-annual", "")]


def test_it_says_so_when_the_cadre_has_nothing_to_do(client, hung_user, hung, year_2026):
    # Hùng follows no commune this year: nothing is expected of him.
    with freeze_time("2026-07-05 07:00"):
        client.force_login(hung_user)
        page = client.get(reverse("activity:home")).content
    assert todo_lines(page) == []
    assert says_nothing_to_do(page)


def test_it_does_not_ask_to_catch_up_on_a_year_that_is_over(client, hung_user, two_visits):
    with freeze_time("2027-02-01 07:00"):
        client.force_login(hung_user)
        page = client.get(reverse("activity:home") + "?year=2026").content
    keys = [line.key for line in todo_lines(page)]
    assert keys == ["owed-plan", "owed-half", "owed-annual"]
