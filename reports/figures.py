"""The figures of a year's summary, as one plain dictionary (JSON): the PDF, the workbook and
the leaders' page all render from it, and a report job keeps it beside its file so the same
file can be rendered again exactly and compared with today's data.

Counting rules (DECISIONS.md): completeness over expected forms; one result per cadre and
year — the lowest level among the cadre's forms, commendation only if every form proposes it,
replacement if any does; a staff override with its reason replaces the computed result.
Commendation % = cadres proposed / cadres evaluated.
"""

from collections import defaultdict
from datetime import date

from django.utils import timezone, translation

from activity import levels as following_levels
from activity.figures import late_or_missing_plans, late_or_missing_reports, logged_visits
from activity.models import Report
from assignments.figures import (
    cadres_with_exceptions_in_year,
    communes_covered,
    days_without_cadre,
    registry_totals,
)
from assignments.models import Assignment, Cadre, Commune, year_has_districts
from breakthroughs import figures as task_figures
from breakthroughs.models import Field, Task
from core.ratio import Ratio
from evaluations.figures import completeness, stated_visits
from evaluations.models import LEVEL_ORDER, EvaluationForm, EvaluationRound

COMMUNE_LEVEL_FROM = 2025  # the first year whose report has a commune level


def cadre_results(year):
    """One result per cadre evaluated in `year`: [dict], ordered by agency and name."""
    from reports.models import ResultOverride

    forms = (
        EvaluationForm.objects.filter(round__year=year)
        .received()
        .select_related("cadre__agency", "commune__district")
        .order_by("cadre__agency__search_name", "cadre__search_name", "commune__search_name")
    )
    by_cadre = {}
    for form in forms:
        cadre = form.cadre
        row = by_cadre.setdefault(
            cadre.pk,
            {
                "cadre_id": cadre.pk,
                "name": cadre.full_name,
                "position": cadre.position,
                "agency": cadre.unit_name,
                "communes": [],
                "levels": [],
                "commendation": [],
                "replacement": [],
                "replacement_reasons": [],
                "visits": 0,
                "meetings": 0,
            },
        )
        row["communes"].append(form.commune.name)
        row["levels"].append(form.level)
        row["commendation"].append(bool(form.propose_commendation))
        row["replacement"].append(bool(form.propose_replacement))
        if form.propose_replacement:
            row["replacement_reasons"].append(f"{form.commune.name}: {form.replacement_reason}")
        row["visits"] += form.visits or 0
        row["meetings"] += form.meetings or 0
    overrides = {o.cadre_id: o for o in ResultOverride.objects.filter(year=year)}
    results = []
    for row in by_cadre.values():
        levels = [lv for lv in row.pop("levels") if lv in LEVEL_ORDER]
        row["level"] = max(levels, key=LEVEL_ORDER.index) if levels else ""
        row["commendation"] = all(row["commendation"])
        row["replacement"] = any(row["replacement"])
        override = overrides.get(row["cadre_id"])
        row["override_reason"] = ""
        if override:
            row["level"] = override.level or row["level"]
            if override.commendation is not None:
                row["commendation"] = override.commendation
            if override.replacement is not None:
                row["replacement"] = override.replacement
            row["override_reason"] = override.reason
        results.append(row)
    return results


def commendation(year):
    """Cadres proposed for commendation / cadres evaluated in `year` (DECISIONS: Counting), from
    the one result per cadre of cadre_results."""
    results = cadre_results(year)
    return Ratio(sum(1 for row in results if row["commendation"]), len(results))


def _forms(year):
    """The round's completeness (evaluations.figures: the round page counts the same), or None
    for a year without a round."""
    evaluation_round = EvaluationRound.objects.filter(year=year).first()
    return completeness(evaluation_round) if evaluation_round else None


def is_provisional(year):
    """Whether `year`'s figures can still change: its round is open, so forms may still come in
    or be returned. A report built now says so (its figures are provisional)."""
    return EvaluationRound.objects.filter(year=year).open().exists()


def commune_kinds(communes):
    """The kinds of commune among `communes` (xã, phường, thị trấn, đặc khu), in the order the
    law lists them: a province without a special zone says "xã, phường", not "xã, phường, đặc
    khu"."""
    present = {commune.kind for commune in communes}
    return [kind for kind in Commune.Kind.values if kind in present]


def annual_summary(year):
    """Everything the annual summary shows, for `year`."""
    from core.models import Organisation

    year_end = date(year, 12, 31)
    has_districts = year_has_districts(year)
    # The map in force at the end of the year (2025: the communes formed on 1/7/2025).
    communes = list(
        Commune.objects.valid_on(year_end)
        .select_related("district")
        .order_by("district__search_name", "search_name")
    )
    done = _forms(year)
    results = cadre_results(year)
    evaluated = len(results)
    level_counts = {lv: 0 for lv in LEVEL_ORDER}
    for row in results:
        if row["level"] in level_counts:
            level_counts[row["level"]] += 1
    commended = [r for r in results if r["commendation"]]
    replaced = [r for r in results if r["replacement"]]
    assigned = Assignment.objects.in_year(year).values("cadre_id").distinct().count()
    by_agency = defaultdict(
        lambda: {
            "cadres": 0,
            "expected": 0,
            "submitted": 0,
            "commendation": 0,
            **{lv: 0 for lv in LEVEL_ORDER},
        }
    )
    for row in done.by_agency if done else []:
        agency = by_agency[row["cadre__agency__name"]]
        agency["expected"] += row["expected"]
        agency["submitted"] += row["submitted"]
    for row in results:
        agency = by_agency[row["agency"]]
        agency["cadres"] += 1
        agency["commendation"] += row["commendation"]
        if row["level"] in LEVEL_ORDER:
            agency[row["level"]] += 1
    by_district = []
    if has_districts:
        counts = defaultdict(lambda: {"communes": 0, "expected": 0, "submitted": 0})
        for commune in communes:
            counts[commune.district.name if commune.district_id else ""]["communes"] += 1
        for row in done.by_district if done else []:
            district = counts[row["commune__district__name"] or ""]
            district["expected"] += row["expected"]
            district["submitted"] += row["submitted"]
        by_district = [{"district": name, **values} for name, values in sorted(counts.items())]
    organisation = Organisation.current()
    as_of = min(year_end, timezone.localdate())  # the current year: only deadlines passed
    late_lists = {
        "plans": [r.cadre.full_name for r in late_or_missing_plans(year, as_of)],
        "half": [
            r.cadre.full_name for r in late_or_missing_reports(year, Report.Period.HALF_YEAR, as_of)
        ],
        "annual": [
            r.cadre.full_name for r in late_or_missing_reports(year, Report.Period.ANNUAL, as_of)
        ],
    }
    return {
        "late": late_lists,
        "year": year,
        "computed_at": timezone.now().isoformat(),
        "has_districts": has_districts,
        "commune_kinds": commune_kinds(communes),
        "provisional": is_provisional(year),
        "organisation": organisation.letterhead(),
        "communes": len(communes),
        "communes_with_forms": done.communes_complete.denominator if done else 0,
        "communes_all_in": done.communes_complete.numerator if done else 0,
        "cadres_assigned": assigned,
        "cadres_evaluated": evaluated,
        "forms": {
            "expected": done.expected if done else 0,
            "submitted": done.submitted.numerator if done else 0,
            "accepted": done.accepted.numerator if done else 0,
            "on_time": done.on_time if done else 0,
            "late": done.late if done else 0,
        },
        # Both counts of visits, wherever the summary is shown (DECISIONS): what the communes
        # state on their forms, and what the cadres logged (and the communes confirmed).
        "visits": {"stated": stated_visits(year), "logged": logged_visits(year)},
        "levels": [{"level": lv, "count": level_counts[lv]} for lv in LEVEL_ORDER],
        "commendation": {
            "count": len(commended),
            "of": evaluated,
            "names": [f"{r['name']} ({r['position']}, {r['agency']})" for r in commended],
        },
        "replacement": [
            {
                "name": r["name"],
                "position": r["position"],
                "agency": r["agency"],
                "reasons": r["replacement_reasons"],
            }
            for r in replaced
        ],
        "gaps": days_without_cadre(year, communes),
        "several": cadres_with_exceptions_in_year(year),
        "by_agency": [{"agency": name, **values} for name, values in sorted(by_agency.items())],
        "by_district": by_district,
        "cadres": results,
        # Following at every level (issue 17): the commune level from 2025 on (the levels are
        # province → commune → hamlet since 1/7/2025); older years show the province level
        # only (DECISIONS: district-level following is not modelled).
        "commune_level": following_levels.snapshot(year) if year >= COMMUNE_LEVEL_FROM else None,
        # Breakthrough tasks (issue 18, Quy định 30-QĐ/TU): None in a year without any.
        # Its labels are stored in Vietnamese, as the documents print them.
        "breakthroughs": breakthrough_section(year),
    }


def workspace_glance(today):
    """The staff and leaders' home, under the to-do list: the registry's three totals, how many
    communes a cadre follows today, and how far the latest opened round has come (forms sent
    and accepted over those expected). Each ratio keeps its numerator and denominator."""
    glance = dict(registry_totals(today), covered=communes_covered(today), round=None)
    latest = EvaluationRound.objects.filter(opened_at__isnull=False).order_by("-year").first()
    if latest:
        glance["round"] = completeness(latest)
    return glance


def _decimal_text(value):
    """A target's value as JSON keeps it exactly: '98', '12.5' (None stays None)."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def task_rows(cadre, tasks):
    """A cadre's tasks as the snapshot keeps them: each with its field, targets (value asked,
    value reached, reached or not) and conclusion."""
    fields = dict(Field.choices)
    return [
        {
            "cadre_id": cadre.pk,
            "cadre": cadre.full_name,
            "position": cadre.position,
            "agency": cadre.unit_name,
            "title": task.title,
            "field": str(fields.get(task.field, task.field)),
            "status": str(task.get_status_display()),
            "decision": task.decision_number,
            "targets": [
                {
                    "measure": target.measure,
                    "unit": target.unit,
                    "value": _decimal_text(target.value),
                    "direction": target.direction,
                    "reached_value": _decimal_text(target.assessed_value),
                    # Not assessed is not reached (breakthroughs.figures' counting rule).
                    "reached": bool(target.reached),
                }
                for target in task.targets.all()
            ],
            "conclusion": task.conclusion,
            "conclusion_note": task.conclusion_note,
        }
        for task in tasks
    ]


def breakthrough_section(year):
    """The annual report's section on breakthrough tasks (breakthroughs.figures counts them),
    as JSON: None when no task was assigned in `year` (the report then has no section)."""
    with translation.override("vi"):
        figures = task_figures.year_figures(year)
        if not figures.tasks:
            return None
        return {
            "cadres": figures.cadres_with_tasks,
            "tasks": figures.tasks,
            "concluded": figures.tasks_concluded,
            "met": figures.tasks_met,
            "targets": figures.targets,
            "targets_reached": figures.targets_reached,
            "levels": [{"level": lv, "count": figures.per_level.get(lv, 0)} for lv in LEVEL_ORDER],
            "by_agency": [
                {"agency": name, "tasks": tasks, "met": met, "concluded": concluded}
                for name, tasks, met, concluded in figures.by_agency
            ],
            "by_field": [
                {"field": str(label), "tasks": tasks, "met": met, "concluded": concluded}
                for label, tasks, met, concluded in figures.by_field
            ],
            "list": _year_task_rows(year),
        }


def _year_task_rows(year):
    """Every task the section counts, by the cadre's unit and name."""
    by_cadre = task_figures.cadre_tasks(year, None)
    cadres = Cadre.objects.filter(pk__in=list(by_cadre)).select_related("agency", "commune")
    rows = []
    for cadre in sorted(cadres, key=lambda c: (c.unit_name, c.search_name, c.pk)):
        rows += task_rows(cadre, by_cadre[cadre.pk])
    return rows


def cadre_task_rows(year, cadre):
    """The per-cadre sheet's tasks (the same tasks the section counts)."""
    return task_rows(cadre, task_figures.cadre_tasks(year, [cadre.pk]).get(cadre.pk, []))


def year_task_cadres(year):
    """The ids of the cadres with a task counted in `year` (a subquery)."""
    return Task.objects.assigned().filter(year=year).values("cadre_id")
