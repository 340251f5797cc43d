"""The cadres' activity of a year: totals (per cadre, commune, agency, district), plans and
reports late or missing against their deadlines, cadres under the year's minimum — listed
while the year runs, not after."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from activity.models import ActivityYear, Plan, Report, Visit
from assignments.models import Assignment, Cadre, year_has_districts

MEETING = Q(kind__in=Visit.MEETINGS)
NOT_DISPUTED = ~Q(status=Visit.Status.DISPUTED)


def settings_for(year):
    return ActivityYear.objects.filter(year=year).first()


def cadres_of(year):
    """Cadres who followed a commune during `year`."""
    ids = Assignment.objects.in_year(year).values("cadre_id")
    return Cadre.objects.filter(pk__in=ids).select_related("agency").order_by("search_name")


def visits_of(year):
    return Visit.objects.filter(day__year=year).filter(NOT_DISPUTED)


def _tally(visits):
    return visits.aggregate(
        visits=Count("id"),
        meetings=Count("id", filter=MEETING),
        confirmed=Count("id", filter=Q(status=Visit.Status.CONFIRMED)),
    )


def logged_visits(year):
    """The year's visits the cadres logged: {"visits": n, "meetings": n, "confirmed": n} (of
    them meetings, and those the commune confirmed). Disputed entries are not counted. The
    annual summary prints these beside the visits the communes state on their forms."""
    return _tally(visits_of(year))


def totals(year):
    """logged_visits(year) and per-cadre/commune/agency/district rows."""
    visits = visits_of(year)

    def grouped(*fields):
        return list(
            visits.values(*fields)
            .annotate(visits=Count("id"), meetings=Count("id", filter=MEETING))
            .order_by(*fields)
        )

    return {
        **logged_visits(year),
        "by_cadre": grouped("cadre_id", "cadre__full_name", "cadre__agency__name"),
        "by_commune": grouped("commune_id", "commune__name"),
        "by_agency": grouped("cadre__agency__name"),
        "by_district": grouped("commune__district__name") if year_has_districts(year) else [],
    }


@dataclass
class Due:
    cadre: Cadre
    submitted_at: object  # None when missing
    late: bool


def _due(year, model, deadline, today, **keys):
    submitted = {row.cadre_id: row.submitted_at for row in model.objects.filter(year=year, **keys)}
    rows = []
    for cadre in cadres_of(year):
        at = submitted.get(cadre.pk)
        if at is None:
            if today > deadline:
                rows.append(Due(cadre, None, True))
            continue
        if timezone.localtime(at).date() > deadline:
            rows.append(Due(cadre, at, True))
    return rows


def late_or_missing_plans(year, today=None):
    """Cadres whose plan came after its deadline, or has not come and the deadline is past."""
    settings = settings_for(year)
    if settings is None:
        return []
    return _due(year, Plan, settings.plan_deadline, today or timezone.localdate())


def late_or_missing_reports(year, period, today=None):
    settings = settings_for(year)
    if settings is None:
        return []
    deadline = settings.deadlines()[period]
    return _due(year, Report, deadline, today or timezone.localdate(), period=period)


def still_owing(year, what):
    """Cadres of `year` who have not sent their plan (`what` "plan") or their report of the
    period `what` yet: those a deadline reminder goes to."""
    if what == "plan":
        done = Plan.objects.filter(year=year)
    else:
        done = Report.objects.filter(year=year, period=what)
    return cadres_of(year).exclude(pk__in=done.values("cadre_id"))


def overdue(year, today):
    """The plan and each period's report of `year` whose deadline passed before `today`, with
    the number of cadres who have not sent it yet (still_owing): [(what, deadline, count)]."""
    settings = settings_for(year)
    if settings is None:
        return []
    return [
        (what, deadline, still_owing(year, what).count())
        for what, deadline in settings.deadlines().items()
        if deadline < today
    ]


def owed_by(cadre, year):
    """What `cadre` has not sent for `year` yet (the rule of still_owing, for one cadre):
    [(what, deadline)], "plan" or a Report.Period, earliest deadline first."""
    settings = settings_for(year)
    if settings is None:
        return []
    owed = [
        (what, deadline)
        for what, deadline in settings.deadlines().items()
        if still_owing(year, what).filter(pk=cadre.pk).exists()
    ]
    return sorted(owed, key=lambda row: row[1])


def visits_to_confirm(commune_id):
    """Visits logged at the commune that its Party committee has not confirmed or disputed."""
    return Visit.objects.filter(commune_id=commune_id, status=Visit.Status.PENDING).count()


@dataclass
class UnderMinimum:
    cadre: Cadre
    visits: int
    meetings: int
    visits_short: int
    meetings_short: int


def under_minimum(year, cadre=None):
    """Cadres below the year's minimum so far, with what they still need: listed during the
    year so there is time to catch up. With `cadre`: that cadre only (their own page)."""
    settings = settings_for(year)
    if settings is None:
        return []
    logged = visits_of(year)
    cadres = cadres_of(year).filter(status__in=Cadre.IN_OFFICE)
    if cadre is not None:
        logged = logged.filter(cadre=cadre)
        cadres = cadres.filter(pk=cadre.pk)
    counts = defaultdict(lambda: (0, 0))
    for row in logged.values("cadre_id").annotate(
        visits=Count("id"), meetings=Count("id", filter=MEETING)
    ):
        counts[row["cadre_id"]] = (row["visits"], row["meetings"])
    rows = []
    for person in cadres:
        visits, meetings = counts[person.pk]
        short_v = max(0, settings.min_visits - visits)
        short_m = max(0, settings.min_meetings - meetings)
        if short_v or short_m:
            rows.append(UnderMinimum(person, visits, meetings, short_v, short_m))
    return rows


def logged_for_form(form):
    """What the cadre logged at this commune in the form's year (shown on the commune's form)."""
    visits = Visit.objects.filter(
        cadre_id=form.cadre_id, commune_id=form.commune_id, day__year=form.round.year
    ).filter(NOT_DISPUTED)
    return _tally(visits)
