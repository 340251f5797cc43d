"""The year's figures, checked against numbers the test computes itself from a hand-built set
of tasks (issue 18: "Figures checked against numbers computed independently in the test")."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from assignments.models import Cadre
from breakthroughs.figures import cadre_tasks, year_figures
from breakthroughs.models import Target, Task
from tests.factories import AgencyFactory, CadreFactory, CommuneFactory

YEAR = 2026
MET = {"excellent", "good", "completed"}
COUNTED = {"assigned", "changed"}


def make_task(cadre, *, status, conclusion="", field="economy", targets=(), year=YEAR):
    """A task as the flow would leave it; `targets`: (value, direction, self, focal)."""
    assigned = status in COUNTED or status == "carried"
    task = Task.objects.create(
        cadre=cadre,
        year=year,
        title=f"Nhiệm vụ {Task.objects.count() + 1}",
        field=field,
        rationale="Lý do",
        objectives="Mục tiêu",
        plan="Kế hoạch",
        start_date=date(year, 2, 1),
        deadline=date(year, 12, 31),
        status=status,
        approved_at=timezone.now() if assigned else None,
        conclusion=conclusion,
        end_reason="Lý do kết thúc" if status in ("dropped", "carried") else "",
    )
    for position, (value, direction, self_value, focal_value) in enumerate(targets, start=1):
        Target.objects.create(
            task=task,
            position=position,
            measure=f"Chỉ tiêu {position}",
            unit="đơn vị",
            value=Decimal(value),
            direction=direction,
            self_value=None if self_value is None else Decimal(self_value),
            focal_value=None if focal_value is None else Decimal(focal_value),
        )
    return task


def reached(value, direction, self_value, focal_value):
    """Computed here, not by the model: the focal point's value, else the cadre's; none is not
    reached."""
    assessed = focal_value if focal_value is not None else self_value
    if assessed is None:
        return False
    if direction == "at_most":
        return Decimal(assessed) <= Decimal(value)
    return Decimal(assessed) >= Decimal(value)


@pytest.fixture
def tasks(db):
    """Three agencies' cadres and a hand-written list of tasks in every state."""
    so_xay_dung = AgencyFactory(name="Sở Xây dựng")
    ban_dan_van = AgencyFactory(name="Ban Dân vận Tỉnh ủy")
    so_y_te = AgencyFactory(name="Sở Y tế")  # its cadre has no assigned task
    an = CadreFactory(full_name="Nguyễn Văn An", agency=so_xay_dung)
    binh = CadreFactory(full_name="Trần Thị Bình", agency=so_xay_dung)
    cuong = CadreFactory(full_name="Lê Văn Cường", agency=ban_dan_van)
    dung = CadreFactory(full_name="Phạm Văn Dũng", agency=so_y_te)
    specs = [
        # cadre, status, conclusion, field, targets (value, direction, self, focal)
        (an, "assigned", "excellent", "economy", [("98", "at_least", "100", "98")]),
        (an, "assigned", "not_completed", "economy", [("10", "at_least", "8", None)]),
        (an, "changed", "", "party", [("5", "at_most", "4", "6"), ("3", "at_least", None, None)]),
        (binh, "assigned", "good", "environment", [("1000", "at_least", "999.5", None)]),
        (binh, "assigned", "completed", "party", [("2", "at_most", None, "2")]),
        (binh, "assigned", "", "environment", []),
        (cuong, "assigned", "completed", "society", [("70", "at_least", "75", "71")]),
        # Not counted: not (or no longer) assigned, or another year.
        (cuong, "registered", "", "society", [("1", "at_least", "5", "5")]),
        (dung, "draft", "", "economy", [("1", "at_least", "5", None)]),
        (dung, "returned", "", "economy", [("1", "at_least", "5", None)]),
        (dung, "dropped", "", "economy", [("1", "at_least", "5", None)]),
        (dung, "carried", "good", "economy", [("1", "at_least", "5", None)]),
    ]
    for cadre, status, conclusion, field, targets in specs:
        make_task(cadre, status=status, conclusion=conclusion, field=field, targets=targets)
    make_task(
        an,
        status="assigned",
        conclusion="good",
        targets=[("1", "at_least", "2", None)],
        year=YEAR - 1,
    )
    return specs


def test_the_totals_are_the_ones_counted_by_hand(tasks):
    counted = [spec for spec in tasks if spec[1] in COUNTED]
    targets = [target for spec in counted for target in spec[4]]

    figures = year_figures(YEAR)

    assert figures.cadres_with_tasks == len({spec[0].pk for spec in counted}) == 3
    assert figures.tasks == len(counted) == 7
    assert figures.tasks_concluded == sum(1 for spec in counted if spec[2]) == 5
    assert figures.tasks_met == sum(1 for spec in counted if spec[2] in MET) == 4
    assert figures.targets == len(targets) == 7
    assert figures.targets_reached == sum(1 for t in targets if reached(*t)) == 3
    by_level = Counter(spec[2] for spec in counted if spec[2])
    assert figures.per_level == {
        "excellent": by_level["excellent"],
        "good": by_level["good"],
        "completed": by_level["completed"],
        "not_completed": by_level["not_completed"],
    }
    assert figures.per_level == {"excellent": 1, "good": 1, "completed": 2, "not_completed": 1}


def by_hand(counted, key):
    rows = {}
    for spec in counted:
        tasks, met, concluded = rows.get(key(spec), (0, 0, 0))
        rows[key(spec)] = (tasks + 1, met + (spec[2] in MET), concluded + bool(spec[2]))
    return rows


def test_the_tasks_by_agency_and_by_field_are_the_ones_counted_by_hand(tasks):
    counted = [spec for spec in tasks if spec[1] in COUNTED]
    with translation.override("en"):
        figures = year_figures(YEAR)

    agencies = by_hand(counted, lambda spec: spec[0].agency.name)
    assert figures.by_agency == [
        ("Ban Dân vận Tỉnh ủy", *agencies["Ban Dân vận Tỉnh ủy"]),
        ("Sở Xây dựng", *agencies["Sở Xây dựng"]),
    ]
    assert agencies["Sở Xây dựng"] == (6, 3, 4)

    fields = by_hand(counted, lambda spec: spec[3])
    assert figures.by_field == [
        ("Party building and the political system", *fields["party"]),
        ("Economic development", *fields["economy"]),
        ("Culture and society", *fields["society"]),
        ("Natural resources and environment", *fields["environment"]),
    ]


@pytest.mark.skipif(
    not Cadre._meta.get_field("agency").null, reason="the registry has no commune cadres yet"
)
def test_a_commune_cadre_counts_under_commune_cadres(db):
    agency_cadre = CadreFactory(agency=AgencyFactory(name="Sở Nội vụ"))
    commune_cadre = CadreFactory(agency=None, commune=CommuneFactory())
    make_task(agency_cadre, status="assigned", conclusion="good")
    make_task(commune_cadre, status="assigned", conclusion="not_completed")
    make_task(commune_cadre, status="assigned")
    with translation.override("en"):
        figures = year_figures(YEAR)
    assert figures.by_agency == [("Sở Nội vụ", 1, 1, 1), ("commune cadres", 2, 0, 1)]


def test_an_empty_year_has_zero_everywhere(db):
    figures = year_figures(YEAR)
    assert (figures.tasks, figures.targets, figures.targets_reached) == (0, 0, 0)
    assert figures.per_level == {"excellent": 0, "good": 0, "completed": 0, "not_completed": 0}
    assert (figures.by_agency, figures.by_field) == ([], [])


def test_the_figures_take_a_flat_number_of_queries(tasks, django_assert_max_num_queries):
    for _number in range(20):
        cadre = CadreFactory(agency=AgencyFactory())
        make_task(
            cadre, status="assigned", conclusion="good", targets=[("1", "at_least", "1", None)]
        )
    with django_assert_max_num_queries(4):
        year_figures(YEAR)
    with django_assert_max_num_queries(2):
        sheets = cadre_tasks(YEAR, None)
        assert sum(len(task.targets.all()) for found in sheets.values() for task in found) == 27


def test_each_cadre_sheet_lists_the_cadres_assigned_tasks_with_their_targets(tasks):
    an, dung = tasks[0][0], tasks[8][0]
    sheets = cadre_tasks(YEAR, [an.pk, dung.pk])
    assert list(sheets) == [an.pk]  # Dũng's tasks are not assigned
    assert [task.conclusion for task in sheets[an.pk]] == ["excellent", "not_completed", ""]
    assert [len(task.targets.all()) for task in sheets[an.pk]] == [1, 1, 2]
    everyone = cadre_tasks(YEAR, None)
    assert sorted(everyone) == sorted({spec[0].pk for spec in tasks if spec[1] in COUNTED})
