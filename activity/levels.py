"""Following at every level, rolled up for the province (issue 17): per commune, how many of its
hamlets a commune member follows, how many members follow, and the Party cell meetings attended
against each level's minimum (Quy định 1764: 1 a year for a provincial committee member, 4 for a
commune one, or as staff set them on the activity year); the province's totals of the same.

The day: a year's roll-up counts the hamlets, members and assignments in force on its last day,
or today while the year runs (as activity.figures does for the serving members), so the current
year shows today's coverage and a closed year how it ended. Meetings are counted over the whole
year, disputed ones left out.

Counted by the database: a commune row is one row of one query (each figure a correlated
subquery on the commune), the totals one more, the provincial cadres one more: the number of
queries does not grow with the number of communes or hamlets.
"""

from datetime import date

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from activity.figures import cell_minimums
from activity.models import Visit
from assignments.models import Assignment, Commune
from hamlets.models import CommuneMember, Hamlet, HamletAssignment

# The figures of a commune row, in the order the tables show them (also the totals' keys).
FIGURES = (
    "hamlets_in_force",
    "hamlets_followed",
    "households",
    "households_covered",
    "members_serving",
    "members_assigned",
    "members_several",
    "members_left_following",
    "member_meetings",
    "members_under",
)


def rollup_day(year, today=None):
    """The day whose hamlets, members and assignments a year's roll-up counts: the year's last
    day, or today while the year runs."""
    return min(today or timezone.localdate(), date(year, 12, 31))


def _scalar(queryset, expression, output=None):
    """`expression` computed over `queryset` (already tied to the outer row by OuterRef), as a
    scalar subquery, 0 when there is no row."""
    inner = (
        queryset.order_by()
        .annotate(_one=Value(1))
        .values("_one")
        .annotate(result=expression)
        .values("result")
    )
    return Coalesce(Subquery(inner, output_field=output or IntegerField()), 0)


def _active(day, through=""):
    return Q(**{f"{through}start_date__lte": day}) & (
        Q(**{f"{through}end_date__isnull": True}) | Q(**{f"{through}end_date__gte": day})
    )


def _cell_meetings(year):
    """The year's Party cell meetings that count (disputed ones do not)."""
    return Visit.objects.filter(
        kind=Visit.Kind.CELL, day__range=(date(year, 1, 1), date(year, 12, 31))
    ).exclude(status=Visit.Status.DISPUTED)


def communes(year, today=None, *, minimums=None):
    """The communes in force on the roll-up's day, each annotated with FIGURES:

    - hamlets_in_force; hamlets_followed: of them, those a member follows (an assignment in
      force); households and households_covered: their households, all and followed;
    - members_serving: commune members serving; members_assigned: members following a hamlet;
      members_several: of them, those following more than one (the recorded exceptions);
      members_left_following: members who have left the committee and still follow a hamlet;
    - member_meetings: cell meetings the commune's members attended in the year;
      members_under: serving members under the commune members' minimum.

    A queryset: a page sorts, filters and paginates it; `totals` adds it up."""
    day = rollup_day(year, today)
    minimum = (minimums or cell_minimums(year))[1]
    commune = OuterRef("pk")
    hamlets = Hamlet.objects.valid_on(day).filter(commune_id=commune)
    followed = hamlets.filter(
        Exists(HamletAssignment.objects.filter(_active(day), hamlet_id=OuterRef("pk")))
    )
    serving = CommuneMember.objects.serving_on(day).filter(commune_id=commune)
    following = HamletAssignment.objects.filter(_active(day), hamlet__commune_id=commune)
    meetings = _cell_meetings(year).filter(member__isnull=False)
    attended = _scalar(meetings.filter(member_id=OuterRef("pk")), Count("id"))
    distinct_members = Count("member_id", distinct=True)
    return Commune.objects.valid_on(day).annotate(
        hamlets_in_force=_scalar(hamlets, Count("id")),
        hamlets_followed=_scalar(followed, Count("id")),
        households=_scalar(hamlets, Sum("households")),
        households_covered=_scalar(followed, Sum("households")),
        members_serving=_scalar(serving, Count("id")),
        members_assigned=_scalar(following, distinct_members),
        members_several=_scalar(following.exclude(exception_reason=""), distinct_members),
        members_left_following=_scalar(following.filter(member__left_on__lt=day), distinct_members),
        member_meetings=_scalar(meetings.filter(commune_id=commune), Count("id")),
        members_under=_scalar(
            serving.annotate(attended=attended).filter(attended__lt=minimum), Count("id")
        ),
        not_followed=F("hamlets_in_force") - F("hamlets_followed"),
    )


def totals(rows):
    """The province's totals of `communes(...)` (or of a filtered part of it), and how many
    communes have hamlets and every one followed: one query, the rows' numbers added up here
    (a commune a row: a few thousand at most in the country). Not .aggregate(Sum(...)): Django
    5.2 wraps the annotated rows in a subquery and prunes the subquery annotations it sums, so
    every sum came out 0."""
    values = rows.order_by().values_list(*FIGURES)
    return add_up(dict(zip(FIGURES, row, strict=True)) for row in values)


def add_up(rows):
    """The totals of commune rows already read (dicts holding FIGURES)."""
    sums = dict.fromkeys(FIGURES, 0)
    sums["communes"] = sums["communes_fully_followed"] = 0
    for row in rows:
        for name in FIGURES:
            sums[name] += row[name]
        sums["communes"] += 1
        if row["hamlets_in_force"] and row["hamlets_in_force"] == row["hamlets_followed"]:
            sums["communes_fully_followed"] += 1
    sums["not_followed"] = sums["hamlets_in_force"] - sums["hamlets_followed"]
    return sums


def provincial_cadres(year, commune_ids=None, today=None, *, minimums=None):
    """{commune_id: [{"cadre_id", "name", "agency", "meetings", "short"}]}: the provincial
    cadres following each commune on the roll-up's day, with the Party cell meetings each
    attended at that commune in the year against the provincial minimum. One query."""
    day = rollup_day(year, today)
    minimum = (minimums or cell_minimums(year))[0]
    attended = _cell_meetings(year).filter(
        cadre_id=OuterRef("cadre_id"), commune_id=OuterRef("commune_id")
    )
    rows = Assignment.objects.filter(_active(day))
    if commune_ids is not None:
        rows = rows.filter(commune_id__in=list(commune_ids))
    rows = (
        rows.annotate(meetings=_scalar(attended, Count("id")))
        .order_by("commune_id", "cadre__search_name", "pk")
        .values("commune_id", "cadre_id", "cadre__full_name", "cadre__agency__name", "meetings")
    )
    by_commune = {}
    for row in rows:
        by_commune.setdefault(row["commune_id"], []).append(
            {
                "cadre_id": row["cadre_id"],
                "name": row["cadre__full_name"],
                "agency": row["cadre__agency__name"],
                "meetings": row["meetings"],
                "short": max(0, minimum - row["meetings"]),
            }
        )
    return by_commune


def cadre_totals(by_commune):
    """The provincial level's totals of provincial_cadres(...): cadre-commune pairs, and of them
    those under the provincial minimum of cell meetings, and meetings attended."""
    pairs = [cadre for cadres in by_commune.values() for cadre in cadres]
    return {
        "cadres": len(pairs),
        "cadres_under": sum(1 for cadre in pairs if cadre["short"]),
        "cadre_meetings": sum(cadre["meetings"] for cadre in pairs),
    }


def hamlets_of(commune, year, today=None):
    """The hamlets of `commune` in force on the roll-up's day, each with who follows it (the
    assignment in force, its member) and its cell's meetings in the year (all who attended):
    [Hamlet] annotated `meetings`, with `.following` the list of its assignments in force.
    Two queries."""
    day = rollup_day(year, today)
    meetings = _cell_meetings(year).filter(cell_id=OuterRef("cell_id"))
    hamlets = list(
        Hamlet.objects.valid_on(day)
        .filter(commune=commune)
        .select_related("cell")
        .annotate(meetings=_scalar(meetings, Count("id")))
        .order_by("search_name", "pk")
    )
    following = {}
    for assignment in (
        HamletAssignment.objects.filter(_active(day), hamlet__in=[h.pk for h in hamlets])
        .select_related("member")
        .order_by("start_date", "pk")
    ):
        following.setdefault(assignment.hamlet_id, []).append(assignment)
    for hamlet in hamlets:
        hamlet.following = following.get(hamlet.pk, [])
    return hamlets


def hamlet_history(hamlet):
    """Every assignment of `hamlet`, the latest first, with its member."""
    return HamletAssignment.objects.filter(hamlet=hamlet).select_related("member")


def cell_meetings_of(hamlet, year):
    """The year's meetings of `hamlet`'s Party cell, with who attended (a commune member or a
    provincial cadre), the latest first; none when the hamlet has no cell."""
    if hamlet.cell_id is None:
        return Visit.objects.none()
    return (
        Visit.objects.filter(
            kind=Visit.Kind.CELL,
            cell_id=hamlet.cell_id,
            day__range=(date(year, 1, 1), date(year, 12, 31)),
        )
        .select_related("member", "cadre")
        .order_by("-day", "-pk")
    )


def snapshot(year, today=None):
    """The commune level of the annual report (reports.figures puts it in the snapshot, so the
    file renders again from it): the minimums, the totals and a row per commune, plain data."""
    province_min, commune_min = minimums = cell_minimums(year)
    rows = communes(year, today, minimums=minimums).order_by("search_name", "pk")
    cadres = provincial_cadres(year, today=today, minimums=minimums)
    table = [
        {
            "code": row.code,
            "name": row.name,
            **{name: getattr(row, name) for name in FIGURES},
            "cadres": [c["name"] for c in cadres.get(row.pk, [])],
            "cadres_under": sum(1 for c in cadres.get(row.pk, []) if c["short"]),
        }
        for row in rows
    ]
    return {
        "day": rollup_day(year, today).isoformat(),
        "min_province": province_min,
        "min_commune": commune_min,
        "totals": {**add_up(table), **cadre_totals(cadres)},
        "communes": table,
    }
