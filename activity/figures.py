"""The cadres' activity of a year: totals (per cadre, commune, agency, district), plans and
reports late or missing against their deadlines, cadres under the year's minimum — listed
while the year runs, not after. Party cell meetings per level (provincial cadres, commune
members) against the year's minimum per level, and the working groups following a commune."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, IntegerField, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from activity.models import ActivityYear, Plan, Report, Visit, WorkingGroup
from assignments.models import Assignment, Cadre, year_has_districts
from hamlets.models import CommuneMember

MEETING = Q(kind__in=Visit.MEETINGS)
NOT_DISPUTED = ~Q(status=Visit.Status.DISPUTED)
# A provincial cadre's visit; a commune member's cell meeting (cadre null) is not one.
BY_CADRE = Q(cadre__isnull=False)
CELL_MEETING = Q(kind=Visit.Kind.CELL)


def settings_for(year):
    return ActivityYear.objects.filter(year=year).first()


def cadres_of(year):
    """Cadres who followed a commune during `year`."""
    ids = Assignment.objects.in_year(year).values("cadre_id")
    return Cadre.objects.filter(pk__in=ids).select_related("agency").order_by("search_name")


def visits_of(year):
    """The year's visits of the provincial cadres, disputed ones left out (commune members'
    cell meetings are counted apart: member_cell_meetings)."""
    return Visit.objects.filter(BY_CADRE, day__year=year).filter(NOT_DISPUTED)


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
    return Visit.objects.to_confirm().filter(commune_id=commune_id).count()


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


# --- Party cell meetings per level -------------------------------------------------------------


def _year_range(year):
    return date(year, 1, 1), date(year, 12, 31)


def cell_minimums(year):
    """(provincial cadres' minimum, commune members' minimum) of Party cell meetings in `year`:
    as staff set them on the ActivityYear, else the defaults of Quy định 1764 (1 and 4)."""
    settings = settings_for(year)
    if settings is not None:
        return settings.min_cell_meetings_province, settings.min_cell_meetings_commune
    fields = ActivityYear._meta
    return (
        fields.get_field("min_cell_meetings_province").default,
        fields.get_field("min_cell_meetings_commune").default,
    )


def _cell_meetings_of(year):
    first, last = _year_range(year)
    return Visit.objects.filter(CELL_MEETING, NOT_DISPUTED, day__range=(first, last))


def member_cell_meetings(year, commune_ids=None):
    """{member_id: n}: Party cell meetings each commune member attended in `year` (disputed
    ones not counted); members with none are absent. `commune_ids` narrows to those communes."""
    rows = _cell_meetings_of(year).filter(member__isnull=False)
    if commune_ids is not None:
        rows = rows.filter(commune_id__in=list(commune_ids))
    counts = rows.values("member_id").annotate(n=Count("id")).order_by()
    return {row["member_id"]: row["n"] for row in counts}


def cadre_cell_meetings(year):
    """{cadre_id: n}: Party cell meetings each provincial cadre attended at the communes they
    follow in `year` (disputed ones not counted); cadres with none are absent."""
    rows = _cell_meetings_of(year).filter(BY_CADRE)
    counts = rows.values("cadre_id").annotate(n=Count("id")).order_by()
    return {row["cadre_id"]: row["n"] for row in counts}


def _serving_day(year):
    """The day whose serving members and in-office cadres a year's list names: today while the
    year runs, its last day once it is over."""
    return min(timezone.localdate(), date(year, 12, 31))


def members_with_cell_meetings(year, commune_id=None):
    """Commune members serving in `year` (still on the committee today, or at the year's end),
    annotated `cell_meetings` (their count in the year) and `short` (how many they still need
    to reach the commune members' minimum, 0 if reached): one query, counted by the database."""
    first, last = _year_range(year)
    minimum = cell_minimums(year)[1]
    counted = Q(visits__kind=Visit.Kind.CELL, visits__day__range=(first, last)) & ~Q(
        visits__status=Visit.Status.DISPUTED
    )
    members = CommuneMember.objects.serving_on(_serving_day(year))
    if commune_id is not None:
        members = members.filter(commune_id=commune_id)
    return (
        members.select_related("commune")
        .annotate(cell_meetings=Count("visits", filter=counted))
        .annotate(
            short=Greatest(
                Value(minimum) - F("cell_meetings"), Value(0), output_field=IntegerField()
            )
        )
        .order_by("commune__name", "search_name", "pk")
    )


def members_under_minimum(year, commune_id=None):
    """Commune members under the commune members' minimum of cell meetings in `year`
    (members_with_cell_meetings filtered on `short` > 0): a queryset, so a page can paginate it
    and a roll-up count it per commune with .values("commune_id").annotate(Count("id"))."""
    return members_with_cell_meetings(year, commune_id).filter(short__gt=0)


def cadres_under_cell_minimum(year):
    """Provincial cadres in office who followed a commune in `year` and attended fewer Party
    cell meetings there than the provincial minimum: a queryset of Cadre annotated
    `cell_meetings` and `short`, ordered by name."""
    first, last = _year_range(year)
    minimum = cell_minimums(year)[0]
    counted = Q(visits__kind=Visit.Kind.CELL, visits__day__range=(first, last)) & ~Q(
        visits__status=Visit.Status.DISPUTED
    )
    return (
        cadres_of(year)
        .filter(status__in=Cadre.IN_OFFICE)
        .annotate(cell_meetings=Count("visits", filter=counted))
        .annotate(
            short=Greatest(
                Value(minimum) - F("cell_meetings"), Value(0), output_field=IntegerField()
            )
        )
        .filter(short__gt=0)
    )


def groups_following(day):
    """{commune_id: [group names]}: the working groups in force on `day` and the communes they
    follow (shown beside coverage; a group does not count as a commune's cadre)."""
    rows = (
        WorkingGroup.communes.through.objects.filter(
            Q(workinggroup__start_date__lte=day),
            Q(workinggroup__end_date__isnull=True) | Q(workinggroup__end_date__gte=day),
        )
        .order_by("workinggroup__name", "workinggroup_id")
        .values_list("commune_id", "workinggroup__name")
    )
    following = defaultdict(list)
    for commune_id, name in rows:
        following[commune_id].append(name)
    return dict(following)
