"""Coverage of communes by cadres on a date (Kết luận 1016-KL/TU: 1 leader : 1 commune, no
commune without a cadre). Each function is a fixed number of queries, whatever the number of
communes, so the dashboard stays fast for a province (150) and for the country (10,000)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, Max, Min, OuterRef, Q

from assignments.models import (
    Agency,
    Assignment,
    Cadre,
    Commune,
    active_on_condition,
    day_has_districts,
)
from assignments.retirement import GENDERS, add_months, retirement_age
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


def retiring_cadres(day, months=12):
    """Cadres following a commune on `day` who reach retirement within `months` months, with
    their communes: the Standing Board must name successors in time (Kết luận 1016-KL/TU)."""
    horizon = add_months(day, months)
    # Narrow by birth date in the database, then decide exactly in Python. Whoever retires
    # between `day` and `horizon` reaches the age of `day`'s year at the youngest and that of
    # `horizon`'s year at the oldest: the age never falls (retirement.py).
    window = Q()
    for gender in GENDERS:
        youngest = retirement_age(gender, day.year)
        oldest = retirement_age(gender, horizon.year)
        window |= Q(
            cadre__gender=gender,
            cadre__date_of_birth__lte=add_months(horizon, -youngest),
            cadre__date_of_birth__gt=add_months(day, -oldest - 1),
        )
    assignments = (
        _active(day)
        .filter(window, cadre__status__in=Cadre.IN_OFFICE)
        .select_related("cadre__agency", "commune__district")
        .order_by("cadre__date_of_birth")
    )
    found = {}
    for assignment in assignments:
        cadre = assignment.cadre
        if cadre.pk not in found:
            retirement = cadre.retirement
            if retirement is None or not day <= retirement.retires_on <= horizon:
                found[cadre.pk] = None
                continue
            found[cadre.pk] = Retiring(cadre, retirement.retires_on, [])
        if found[cadre.pk]:
            found[cadre.pk].assignments.append(assignment)
    return sorted((r for r in found.values() if r), key=lambda r: r.retires_on)


def agency_coverage(day):
    """Per agency: its number of leaders (communes to cover), the cadres assigned on `day`,
    the communes they follow."""
    active = active_on_condition(day, through="cadres__assignments__")
    return Agency.objects.annotate(
        assigned_cadres=Count("cadres", filter=active, distinct=True),
        communes_followed=Count("cadres__assignments", filter=active, distinct=True),
    ).order_by("search_name")


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
    on: date
    communes: Ratio
    uncovered_count: int
    uncovered_sample: list = field(default_factory=list)
    several: list = field(default_factory=list)
    retiring: list = field(default_factory=list)
    retiring_months: int = 12
    agencies: list = field(default_factory=list)
    agency_mismatch: int = 0
    departed: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)
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


def coverage(day, retiring_months=12):
    """Everything the coverage dashboard shows, for `day`."""
    communes = communes_covered(day)
    uncovered = uncovered_communes(day)
    agencies = list(agency_coverage(day))
    return Coverage(
        on=day,
        communes=communes,
        uncovered_count=communes.denominator - communes.numerator,
        uncovered_sample=list(uncovered[:SAMPLE]),
        several=list(cadres_with_several_communes(day)),
        retiring=retiring_cadres(day, retiring_months),
        retiring_months=retiring_months,
        agencies=agencies,
        agency_mismatch=sum(1 for a in agencies if a.assigned_cadres != a.leader_quota),
        departed=list(departed_assignments(day)),
        exceptions=list(exception_assignments(day)),
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
        exceptions[(a.cadre.full_name, a.cadre.agency.name, a.cadre_id)].append(
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
