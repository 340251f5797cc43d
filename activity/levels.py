"""Following at every level, rolled up for the province (issue 17): per commune, how many of its
hamlets a commune member follows, how many members follow, and the Party cell meetings attended
against each level's minimum (Quy định 1764: 1 a year for a provincial committee member, 4 for a
commune one, or as staff set them on the activity year); the province's totals of the same.

The day: a year's roll-up counts the hamlets, members and assignments in force on its last day,
or today while the year runs (as activity.figures does for the serving members), so the current
year shows today's coverage and a closed year how it ended. Meetings are counted over the whole
year, disputed ones left out.

Counted by the database: each figure one query grouped by commune, the provincial cadres one
more; the number of queries does not grow with the number of communes or hamlets.
"""

from datetime import date

from django.db.models import (
    Count,
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
from core import text
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


def _by_commune(queryset, key, **aggregates):
    """{commune_id: {aggregate: value}}: `queryset` grouped by the commune `key` leads to."""
    rows = queryset.order_by().values(key).annotate(**aggregates)
    return {row.pop(key): row for row in rows}


def communes(year, today=None, *, minimums=None, commune_ids=None, q=""):
    """The communes in force on the roll-up's day, in name order, each a dict of its pk, code,
    name and FIGURES:

    - hamlets_in_force; hamlets_followed: of them, those a member follows (an assignment in
      force); households and households_covered: their households, all and followed;
    - members_serving: commune members serving; members_assigned: members following a hamlet;
      members_several: of them, those following more than one (the recorded exceptions);
      members_left_following: members who have left the committee and still follow a hamlet;
    - member_meetings: cell meetings the commune's members attended in the year;
      members_under: serving members under the commune members' minimum;
    and not_followed (hamlets with no one). `commune_ids` narrows to those communes, `q` to
    names containing it (folded).

    Seven queries whatever the size, each grouped by commune in the database (a hash
    aggregate, as the hand-written SQL of bench/hamlets_rollup.py does); the figures are
    joined here by commune (a few thousand rows in the country, never a loop over hamlets).
    Correlated subqueries per commune were 4× slower than that SQL on PostgreSQL."""
    day = rollup_day(year, today)
    minimum = (minimums or cell_minimums(year))[1]
    places = Commune.objects.valid_on(day)
    if commune_ids is not None:
        places = places.filter(pk__in=list(commune_ids))
    if q:
        places = places.filter(search_name__contains=text.fold(q))
    places = list(places.order_by("search_name", "pk").values("pk", "code", "name"))
    if not places:
        return []
    narrow = {} if commune_ids is None else {"commune_id__in": [p["pk"] for p in places]}
    hamlets = Hamlet.objects.valid_on(day).filter(**narrow)
    active = HamletAssignment.objects.filter(_active(day))
    serving = CommuneMember.objects.serving_on(day).filter(**narrow)
    counted = _cell_meetings(year).filter(member__isnull=False)
    members = Count("member_id", distinct=True)
    figures = [
        _by_commune(
            hamlets, "commune_id", hamlets_in_force=Count("id"), households=Sum("households")
        ),
        _by_commune(
            hamlets.filter(pk__in=active.values("hamlet_id")),
            "commune_id",
            hamlets_followed=Count("id"),
            households_covered=Sum("households"),
        ),
        _by_commune(serving, "commune_id", members_serving=Count("id")),
        _by_commune(
            active.filter(**{f"hamlet__{k}": v for k, v in narrow.items()}),
            "hamlet__commune_id",
            members_assigned=members,
            members_several=Count("member_id", distinct=True, filter=~Q(exception_reason="")),
            members_left_following=Count(
                "member_id", distinct=True, filter=Q(member__left_on__lt=day)
            ),
        ),
        _by_commune(counted.filter(**narrow), "commune_id", member_meetings=Count("id")),
        # Under the minimum: the serving members less those who reached it.
        _by_commune(
            serving.filter(
                pk__in=counted.order_by()
                .values("member_id")
                .annotate(n=Count("id"))
                .filter(n__gte=minimum)
                .values("member_id")
            ),
            "commune_id",
            members_reached=Count("id"),
        ),
    ]
    rows = []
    for place in places:
        row = dict.fromkeys(FIGURES, 0)
        row.update(place)
        for found in figures:
            for name, value in found.get(place["pk"], {}).items():
                row[name] = value or 0
        row["members_under"] = row["members_serving"] - row.pop("members_reached", 0)
        if minimum <= 0:
            row["members_under"] = 0
        row["not_followed"] = row["hamlets_in_force"] - row["hamlets_followed"]
        rows.append(row)
    return rows


def totals(rows):
    """The totals of commune rows (`communes(...)`, or part of them), and how many communes
    have hamlets and every one followed."""
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
    rows = communes(year, today, minimums=minimums)
    cadres = provincial_cadres(year, today=today, minimums=minimums)
    table = [
        {
            "code": row["code"],
            "name": row["name"],
            **{name: row[name] for name in FIGURES},
            "cadres": [c["name"] for c in cadres.get(row["pk"], [])],
            "cadres_under": sum(1 for c in cadres.get(row["pk"], []) if c["short"]),
        }
        for row in rows
    ]
    return {
        "day": rollup_day(year, today).isoformat(),
        "min_province": province_min,
        "min_commune": commune_min,
        "totals": {**totals(table), **cadre_totals(cadres)},
        "communes": table,
    }
