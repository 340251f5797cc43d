"""The numbers about breakthrough tasks (issue 18): what the pages and the annual report show,
from one function each so that they never disagree.

Counting rules:
- a task counts once assigned (approved and still so: status assigned, or changed and
  awaiting a new approval); drafts, registered, returned, dropped and carried tasks do not;
- met: concluded "Completed duties" or better (Task.is_met);
- a target counts when its task counts; it is reached when its assessed value (the focal
  point's, else the cadre's own) is at least, or at most, its value as it says. A target with
  no assessed value counts as not reached: the year's figures do not wait for the last
  assessment, and a target nobody has shown to be reached is not reached.
- by agency: a cadre counts under their agency; a cadre of a commune (no agency) under
  "commune cadres".
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from evaluations.models import LEVEL_ORDER, Level

from .models import Field, Target, Task

MET = (Level.EXCELLENT, Level.GOOD, Level.COMPLETED)


@dataclass
class YearFigures:
    year: int
    cadres_with_tasks: int = 0
    tasks: int = 0
    tasks_concluded: int = 0
    tasks_met: int = 0
    targets: int = 0
    targets_reached: int = 0
    # {level: number of tasks concluded so}, every level present, in LEVEL_ORDER.
    per_level: dict = field(default_factory=dict)
    # [(agency name, tasks, met, concluded)], agencies by name, commune cadres last.
    by_agency: list = field(default_factory=list)
    # [(field label, tasks, met, concluded)], in the order of Field, fields with tasks only.
    by_field: list = field(default_factory=list)


def _counts():
    return {
        "tasks": Count("pk"),
        "met": Count("pk", filter=Q(conclusion__in=MET)),
        "concluded": Count("pk", filter=~Q(conclusion="")),
    }


def year_figures(year):
    """The year's figures over its assigned tasks (see the module's counting rules). Four
    queries, whatever the number of tasks."""
    tasks = Task.objects.assigned().filter(year=year)
    totals = tasks.aggregate(
        cadres=Count("cadre", distinct=True),
        **_counts(),
        **{f"level_{level}": Count("pk", filter=Q(conclusion=level)) for level in LEVEL_ORDER},
    )
    targets = (
        Target.objects.filter(task__year=year, task__status__in=Task.ASSIGNED_STATES)
        .annotate(assessed=Coalesce("focal_value", "self_value"))
        .aggregate(
            targets=Count("pk"),
            reached=Count(
                "pk",
                filter=Q(direction=Target.Direction.AT_LEAST, assessed__gte=F("value"))
                | Q(direction=Target.Direction.AT_MOST, assessed__lte=F("value")),
            ),
        )
    )
    agencies = (
        tasks.values("cadre__agency_id", "cadre__agency__name", "cadre__agency__search_name")
        .annotate(**_counts())
        .order_by()
    )
    by_agency = sorted(
        agencies,
        key=lambda row: (
            row["cadre__agency_id"] is None,
            row["cadre__agency__search_name"] or "",
            row["cadre__agency_id"] or 0,
        ),
    )
    fields = {row["field"]: row for row in tasks.values("field").annotate(**_counts()).order_by()}
    return YearFigures(
        year=year,
        cadres_with_tasks=totals["cadres"],
        tasks=totals["tasks"],
        tasks_concluded=totals["concluded"],
        tasks_met=totals["met"],
        targets=targets["targets"],
        targets_reached=targets["reached"],
        per_level={level: totals[f"level_{level}"] for level in LEVEL_ORDER},
        by_agency=[
            (
                row["cadre__agency__name"] or _("commune cadres"),
                row["tasks"],
                row["met"],
                row["concluded"],
            )
            for row in by_agency
        ],
        by_field=[
            (str(label), fields[value]["tasks"], fields[value]["met"], fields[value]["concluded"])
            for value, label in Field.choices
            if value in fields
        ],
    )


def cadre_tasks(year, cadre_ids):
    """{cadre id: [assigned tasks of the year, each with its targets prefetched]} for the
    report's per-cadre sheets; a cadre without a task is absent (callers read `.get(id, [])`).
    `cadre_ids` None: every cadre with a task (so that a cadre with a task and no form gets a
    sheet). Two queries."""
    tasks = Task.objects.assigned().filter(year=year)
    if cadre_ids is not None:
        tasks = tasks.filter(cadre_id__in=list(cadre_ids))
    result = {}
    for task in tasks.prefetch_related("targets").order_by("cadre_id", "pk"):
        result.setdefault(task.cadre_id, []).append(task)
    return result
