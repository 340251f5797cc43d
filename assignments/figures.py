"""Coverage of communes by cadres on a date (Kết luận 1016-KL/TU: 1 leader : 1 commune, no
commune without a cadre). Each function is a fixed number of queries, whatever the number of
communes, so the dashboard stays fast for a province (150) and for the country (10,000)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Window

from assignments.models import (
    Agency,
    Assignment,
    Cadre,
    Commune,
    active_on_condition,
    day_has_districts,
)
from assignments.retirement import GENDERS, add_months, retirement
from core.ratio import Ratio

SAMPLE = 8


def _active(day):
    return Assignment.objects.active_on(day)


def communes_on(day):
    return Commune.objects.valid_on(day)


def day_with_communes(day):
    """When no commune is in force on `day` but another map has some (a province that loaded
    only the map before 1/7/2025, looking at today): the nearest day that has communes, the
    last one before `day` (or the first after it), for a page to link to instead of showing
    0/0. None when `day` has communes, or when no commune was ever loaded."""
    if communes_on(day).exists():
        return None
    bounds = Commune.objects.aggregate(
        before=Max("valid_to", filter=Q(valid_to__lt=day)),
        after=Min("valid_from", filter=Q(valid_from__gt=day)),
    )
    return bounds["before"] or bounds["after"]


def uncovered_communes(day):
    """Communes in force on `day` that no cadre follows that day."""
    followed = _active(day).filter(commune=OuterRef("pk"))
    return (
        communes_on(day)
        .exclude(Exists(followed))
        .select_related("district", "province")
        .order_by("district__search_name", "search_name")
    )


def cadres_with_several_communes(day):
    """Cadres following more than one commune on `day` (exceptions included)."""
    return (
        Cadre.objects.annotate(
            communes_followed=Count(
                "assignments", filter=active_on_condition(day, through="assignments__")
            )
        )
        .filter(communes_followed__gt=1)
        .select_related("agency")
        .order_by("agency__search_name", "search_name")
    )


def departed_assignments(day):
    """Assignments still in force on `day` for cadres no longer in office."""
    return (
        _active(day)
        .exclude(cadre__status__in=Cadre.IN_OFFICE)
        .select_related("cadre__agency", "commune__district")
        .order_by("cadre__search_name")
    )


def exception_assignments(day):
    return (
        _active(day)
        .exclude(exception_reason="")
        .select_related("cadre__agency", "commune__district")
        .order_by("cadre__search_name")
    )


@dataclass
class Retiring:
    cadre: Cadre
    retires_on: date
    assignments: list


@lru_cache(maxsize=64)
def _retiring_births(day, months):
    """Per gender, the spans of birth dates (first, last) of whoever retires between `day` and
    `months` months later. The moment of retirement depends only on the month of birth
    (retirement.py: the last day of the month the age is reached), so each month of birth in
    reach is decided once, exactly, and neighbouring months are joined into one span."""
    horizon = add_months(day, months)
    spans = []
    for gender in GENDERS:
        # The age lies between 55 and 62 years: births from 63 years before `day`'s year to
        # 54 years before `horizon`'s are the only ones that can retire in between.
        first = None
        for year in range(day.year - 63, horizon.year - 53):
            for month in range(1, 13):
                born = date(year, month, 1)
                retires_on = retirement(born, gender).retires_on
                if day <= retires_on <= horizon:
                    first = first or born
                    last = add_months(born, 1) - timedelta(days=1)
                elif first:
                    spans.append((gender, first, last))
                    first = None
        if first:
            spans.append((gender, first, last))
    return tuple(spans)


def retiring_condition(day, months=12, through=""):
    """The condition "reaches retirement age between `day` and `months` months later" for
    cadres reached `through` a relation ("cadre__" from an assignment): exact, in the database."""
    condition = Q(pk__in=[])
    for gender, first, last in _retiring_births(day, months):
        condition |= Q(
            **{
                f"{through}gender": gender,
                f"{through}date_of_birth__gte": first,
                f"{through}date_of_birth__lte": last,
            }
        )
    return condition


def retiring_cadres(day, months=12):
    """Cadres following a commune on `day` who reach retirement within `months` months, with
    their communes: the Standing Board must name successors in time (Kết luận 1016-KL/TU)."""
    assignments = (
        _active(day)
        .filter(retiring_condition(day, months, through="cadre__"))
        .filter(cadre__status__in=Cadre.IN_OFFICE)
        .select_related("cadre__agency", "commune__district")
        .order_by("cadre__date_of_birth")
    )
    found = {}
    for assignment in assignments:
        cadre = assignment.cadre
        if cadre.pk not in found:
            found[cadre.pk] = Retiring(cadre, cadre.retirement.retires_on, [])
        found[cadre.pk].assignments.append(assignment)
    return sorted(found.values(), key=lambda r: r.retires_on)


def agency_coverage(day):
    """Per agency: its number of leaders (communes to cover), the cadres assigned on `day`,
    the communes they follow."""
    active = active_on_condition(day, through="cadres__assignments__")
    return Agency.objects.annotate(
        assigned_cadres=Count("cadres", filter=active, distinct=True),
        communes_followed=Count("cadres__assignments", filter=active, distinct=True),
    ).order_by("search_name")


def agency_rows(day):
    """What the dashboard's table by agency shows, as dicts (pk, name, leader_quota,
    assigned_cadres, communes_followed): the same figures as `agency_coverage`, counted over
    the assignments in force in one grouped query, joined to the list of agencies. Two
    queries."""
    counts = {
        row["cadre__agency_id"]: row
        for row in _active(day)
        .order_by()
        .values("cadre__agency_id")
        .annotate(assigned_cadres=Count("cadre_id", distinct=True), communes_followed=Count("id"))
    }
    rows = list(Agency.objects.order_by("search_name").values("pk", "name", "leader_quota"))
    for row in rows:
        found = counts.get(row["pk"])
        row["assigned_cadres"] = found["assigned_cadres"] if found else 0
        row["communes_followed"] = found["communes_followed"] if found else 0
    return rows


def district_coverage(day):
    """Per district (maps before 1/7/2025 only): communes and communes followed."""
    followed = _active(day).filter(commune=OuterRef("pk"))
    rows = list(
        communes_on(day)
        .filter(district__isnull=False)
        .annotate(followed=Exists(followed))
        .values("district_id", "district__name", "province__name")
        .annotate(total=Count("id"), covered=Count("id", filter=Q(followed=True)))
        .order_by("province__name", "district__name")
    )
    for row in rows:
        row["uncovered"] = row["total"] - row["covered"]
    return rows


@dataclass
class Coverage:
    """The dashboard's figures: the headline, the number behind each card (each list is on
    its own page), a sample of the communes without a cadre, the tables by agency and by
    district."""

    on: date
    communes: Ratio
    uncovered_count: int
    uncovered_sample: list = field(default_factory=list)
    several_count: int = 0
    retiring_count: int = 0
    retiring_months: int = 12
    agencies: list = field(default_factory=list)
    agency_mismatch: int = 0
    departed_count: int = 0
    exceptions_count: int = 0
    districts: list = field(default_factory=list)

    @property
    def has_districts(self):
        return day_has_districts(self.on)


def communes_covered(day):
    """Communes followed by a cadre on `day` / communes in force that day: the headline."""
    followed = _active(day).filter(commune=OuterRef("pk"))
    totals = communes_on(day).aggregate(
        total=Count("id"),
        covered=Count("id", filter=Q(Exists(followed))),
    )
    return Ratio(totals["covered"], totals["total"])


def assignment_counts(day, months=12):
    """The cards' counts over the assignments in force on `day`, in one query: assignments of
    cadres no longer in office, exceptions, cadres in office retiring within `months` months.
    Each is the length of its list (`departed_assignments`, `exception_assignments`,
    `retiring_cadres`)."""
    in_office = Q(cadre__status__in=Cadre.IN_OFFICE)
    return _active(day).aggregate(
        departed=Count("id", filter=~in_office),
        exceptions=Count("id", filter=~Q(exception_reason="")),
        retiring=Count(
            "cadre_id",
            distinct=True,
            filter=in_office & retiring_condition(day, months, through="cadre__"),
        ),
    )


def several_count(day):
    """How many cadres follow more than one commune on `day`: `cadres_with_several_communes`'s
    length, in one query."""
    return (
        _active(day)
        .order_by()
        .values("cadre_id")
        .annotate(followed=Count("id"))
        .filter(followed__gt=1)
        .count()
    )


def uncovered_sample(day, size=SAMPLE):
    """The first `size` communes without a cadre on `day` (`uncovered_communes`'s order) and
    how many there are in all: one query (the count is a window over the whole list)."""
    rows = list(
        uncovered_communes(day)
        .annotate(uncovered_total=Window(Count("id")))
        .select_related(None)
        .select_related("district")
        .only("pk", "name", "district__name")[:size]
    )
    return rows, rows[0].uncovered_total if rows else 0


def coverage(day, retiring_months=12):
    """Everything the coverage dashboard shows, for `day`: a fixed number of queries, each an
    aggregate or a short list, whatever the number of communes."""
    sample, uncovered = uncovered_sample(day)
    total = communes_on(day).count()
    agencies = agency_rows(day)
    counts = assignment_counts(day, retiring_months)
    return Coverage(
        on=day,
        communes=Ratio(total - uncovered, total),
        uncovered_count=uncovered,
        uncovered_sample=sample,
        several_count=several_count(day),
        retiring_count=counts["retiring"],
        retiring_months=retiring_months,
        agencies=agencies,
        agency_mismatch=sum(1 for a in agencies if a["assigned_cadres"] != a["leader_quota"]),
        departed_count=counts["departed"],
        exceptions_count=counts["exceptions"],
        districts=district_coverage(day) if day_has_districts(day) else [],
    )


def registry_totals(day):
    """The home page's three figures on `day`: communes in force (the map of that day, never
    every commune ever loaded: the map before 1/7/2025 stays in the registry for its years),
    agencies, and cadres in office."""
    return {
        "commune_count": communes_on(day).count(),
        "agency_count": Agency.objects.count(),
        "cadre_count": Cadre.objects.in_office().count(),
    }


def days_without_cadre(year, communes):
    """Per commune of `communes` (those in force at the end of `year`), the days of the year
    within its validity that no cadre followed it, for the annual report's list of gaps
    (Kết luận 1016-KL/TU: no commune left without a cadre). Communes never without: left out."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    covered = defaultdict(int)
    for a in Assignment.objects.in_year(year).only("commune_id", "start_date", "end_date"):
        covered[a.commune_id] += a.days_in_year(year)
    gaps = []
    for commune in communes:
        start = max(commune.valid_from or first, first)
        end = min(commune.valid_to or last, last)
        missing = (end - start).days + 1 - covered.get(commune.pk, 0)
        if missing > 0:
            gaps.append(
                {
                    "commune": commune.name,
                    "district": commune.district.name if commune.district_id else "",
                    "days": missing,
                }
            )
    return gaps


def cadres_with_exceptions_in_year(year):
    """Cadres who followed more than one commune in `year` as a recorded exception: their
    ordinary commune first, then each exception with its reason. Two queries."""
    in_year = Assignment.objects.in_year(year).select_related("cadre__agency", "commune")
    exceptions = defaultdict(list)
    for a in in_year.exclude(exception_reason=""):
        exceptions[(a.cadre.full_name, a.cadre.unit_name, a.cadre_id)].append(
            f"{a.commune.name} ({a.exception_reason})"
        )
    ordinary = {}
    cadre_ids = [key[2] for key in exceptions]
    for a in in_year.filter(cadre_id__in=cadre_ids, exception_reason="").order_by("start_date"):
        ordinary.setdefault(a.cadre_id, a.commune.name)
    return [
        {
            "cadre": name,
            "agency": agency,
            "communes": ([ordinary[cadre_id]] if cadre_id in ordinary else []) + extra,
        }
        for (name, agency, cadre_id), extra in sorted(exceptions.items())
    ]


def communes_covered_by_province(day):
    """`communes_covered` split by province code: {code: Ratio(covered, communes in force)} on
    `day`, one grouped query (the central roll-up's snapshot counts per province)."""
    followed = _active(day).filter(commune=OuterRef("pk"))
    rows = (
        communes_on(day)
        .order_by()
        .values("province__code")
        .annotate(total=Count("id"), covered=Count("id", filter=Q(Exists(followed))))
    )
    return {row["province__code"]: Ratio(row["covered"], row["total"]) for row in rows}
