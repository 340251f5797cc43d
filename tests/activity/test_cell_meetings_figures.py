"""Party cell meetings per level, counted by activity.figures against numbers counted by hand."""

from datetime import date

import pytest

from activity import figures
from activity.models import ActivityYear, GroupVisit, Visit, WorkingGroup
from hamlets.models import CommuneMember, PartyCell

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells(commune_a, commune_b):
    return (
        PartyCell.objects.create(commune=commune_a, name="Chi bộ thôn Đồng Tâm"),
        PartyCell.objects.create(commune=commune_b, name="Chi bộ thôn Bắc Sơn"),
    )


@pytest.fixture
def members(commune_a, commune_b):
    return {
        "binh": CommuneMember.objects.create(commune=commune_a, full_name="Trần Văn Bình"),
        "cuc": CommuneMember.objects.create(commune=commune_a, full_name="Đỗ Thị Cúc"),
        "gone": CommuneMember.objects.create(
            commune=commune_a, full_name="Hà Văn Đi", left_on=date(2025, 12, 31)
        ),
        "dung": CommuneMember.objects.create(commune=commune_b, full_name="Vũ Văn Dũng"),
    }


def _meet(who, cell, day, status=Visit.Status.CONFIRMED, kind="cell"):
    keys = {"member": who} if isinstance(who, CommuneMember) else {"cadre": who}
    return Visit.objects.create(
        **keys,
        commune=cell.commune,
        cell=cell,
        day=day,
        kind=kind,
        content="Sinh hoạt",
        status=status,
    )


@pytest.fixture
def meetings(assignments, hung, lan, cells, members):
    cell_a, cell_b = cells
    for month in (1, 2, 3, 4, 5):  # Bình: 5 in 2026
        _meet(members["binh"], cell_a, date(2026, month, 5))
    _meet(members["binh"], cell_a, date(2025, 12, 5))  # another year
    for month in (1, 2):  # Cúc: 2 counted, 1 disputed, 1 not a cell meeting
        _meet(members["cuc"], cell_a, date(2026, month, 6))
    _meet(members["cuc"], cell_a, date(2026, 3, 6), status=Visit.Status.DISPUTED)
    _meet(members["cuc"], cell_a, date(2026, 4, 6), kind="working")
    _meet(members["dung"], cell_b, date(2026, 6, 1))  # Dũng: 1
    _meet(hung, cell_a, date(2026, 3, 3), status=Visit.Status.PENDING)  # Hùng: 1
    _meet(lan, cell_b, date(2026, 3, 3), status=Visit.Status.DISPUTED)  # Lan: 0
    return cells


def test_members_and_cadres_cell_meetings_are_counted_per_person(meetings, members, hung, lan):
    assert figures.member_cell_meetings(2026) == {
        members["binh"].pk: 5,
        members["cuc"].pk: 2,
        members["dung"].pk: 1,
    }
    assert figures.member_cell_meetings(2026, commune_ids=[members["dung"].commune_id]) == {
        members["dung"].pk: 1
    }
    assert figures.cadre_cell_meetings(2026) == {hung.pk: 1}


def test_under_the_minimum_per_level_with_the_defaults_or_the_year_set_by_staff(
    meetings, members, hung, lan, commune_a
):
    assert figures.cell_minimums(2026) == (1, 4)  # no year set: the defaults
    under = {m.full_name: (m.cell_meetings, m.short) for m in figures.members_under_minimum(2026)}
    # The member who left before 2026 is not listed; Bình (5) has reached 4.
    assert under == {"Đỗ Thị Cúc": (2, 2), "Vũ Văn Dũng": (1, 3)}
    own = figures.members_under_minimum(2026, commune_id=commune_a.pk)
    assert [m.full_name for m in own] == ["Đỗ Thị Cúc"]
    cadres = {
        c.full_name: (c.cell_meetings, c.short) for c in figures.cadres_under_cell_minimum(2026)
    }
    assert cadres == {"Lê Thị Lan": (0, 1)}

    ActivityYear.objects.create(
        year=2026,
        plan_deadline=date(2026, 1, 31),
        half_year_deadline=date(2026, 7, 10),
        annual_deadline=date(2026, 12, 10),
        min_cell_meetings_province=2,
        min_cell_meetings_commune=2,
    )
    under = {m.full_name: m.short for m in figures.members_under_minimum(2026)}
    assert under == {"Vũ Văn Dũng": 1}
    cadres = {c.full_name: c.short for c in figures.cadres_under_cell_minimum(2026)}
    assert cadres == {"Nguyễn Văn Hùng": 1, "Lê Thị Lan": 2}


def test_members_meetings_are_not_counted_as_visits_of_the_cadres(meetings, hung):
    totals = figures.totals(2026)
    # Only Hùng's pending cell meeting: Lan's is disputed, the members' are not cadres' visits.
    assert (totals["visits"], totals["meetings"]) == (1, 1)
    assert [row["cadre_id"] for row in totals["by_cadre"]] == [hung.pk]
    assert [row["visits"] for row in totals["by_commune"]] == [1]


def test_groups_following_a_commune_on_a_day(hung, lan, commune_a, commune_b):
    first = WorkingGroup.objects.create(
        name="Tổ công tác số 1",
        leader=hung,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
    )
    first.communes.add(commune_a, commune_b)
    second = WorkingGroup.objects.create(
        name="Tổ công tác số 2", leader=lan, start_date=date(2026, 3, 1)
    )
    second.communes.add(commune_a)
    GroupVisit.objects.create(group=first, commune=commune_a, day=date(2026, 2, 1), content="x")
    assert figures.groups_following(date(2026, 4, 1)) == {
        commune_a.pk: ["Tổ công tác số 1", "Tổ công tác số 2"],
        commune_b.pk: ["Tổ công tác số 1"],
    }
    assert figures.groups_following(date(2026, 7, 1)) == {commune_a.pk: ["Tổ công tác số 2"]}
    assert figures.groups_following(date(2025, 7, 1)) == {}
