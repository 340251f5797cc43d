"""The province's roll-up of following at every level (activity.levels), against numbers counted
by hand from a small world built here: three communes in force and one gone, hamlets followed
and not, an exception, a member who left but still follows, cell meetings under and over the
minimums."""

from datetime import date

import pytest

from activity import levels
from activity.models import Visit
from assignments.models import Commune
from hamlets.models import CommuneMember, Hamlet, HamletAssignment, PartyCell
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401

pytestmark = pytest.mark.django_db

YEAR = 2026
END = date(2026, 12, 31)


def _follow(member, hamlet, start, end=None, exception=""):
    return HamletAssignment.objects.create(
        member=member,
        hamlet=hamlet,
        decision_number="12-QĐ/ĐU",
        decision_date=start,
        start_date=start,
        end_date=end,
        end_reason="reassigned" if end else "",
        exception_reason=exception,
    )


def _meet(who, cell, day, *, status=Visit.Status.CONFIRMED, kind=Visit.Kind.CELL):
    keys = {"member": who} if isinstance(who, CommuneMember) else {"cadre": who}
    return Visit.objects.create(
        **keys, commune=cell.commune, cell=cell, day=day, kind=kind, content="Sinh hoạt",
        status=status,
    )  # fmt: skip


@pytest.fixture
def commune_c(province):
    return Commune.objects.create(
        province=province, code="05000", name="Xã Yên Lập", valid_from=date(2025, 7, 1)
    )


@pytest.fixture
def rollup_world(commune_a, commune_b, commune_c, province, assignments, hung, lan):  # noqa: F811
    """Commune A: 4 hamlets in force (100, 50, 30, 20 households) and one merged away; Bình
    follows Thôn 1 and, as an exception, Thôn 2; Đi left on 30/6 and still follows Thôn 3
    (after Cúc, until 1/3); Thôn 4 has no one. Meetings 2026: Bình 5 (and 1 in 2025), Cúc 2
    (and 1 disputed, 1 not a cell meeting), Đi 1; Hùng (provincial) 1 pending.
    Commune B: 1 hamlet of 40 households followed by Dũng (4 meetings); Em 0; Lan 1 disputed.
    Commune C: nothing yet. A commune gone before 2026 with a hamlet: not counted."""
    cell_a = PartyCell.objects.create(commune=commune_a, name="Chi bộ khu 1")
    cell_b = PartyCell.objects.create(commune=commune_b, name="Chi bộ thôn Bắc Sơn")
    thon = {
        n: Hamlet.objects.create(
            commune=commune_a,
            name=f"Khu {n}",
            households=hh,
            cell=cell_a if n < 3 else None,
            valid_from=date(2025, 7, 1),
        )
        for n, hh in ((1, 100), (2, 50), (3, 30), (4, 20))
    }
    Hamlet.objects.create(
        commune=commune_a, name="Khu cũ", households=999, valid_to=date(2025, 12, 31)
    )
    bac_son = Hamlet.objects.create(
        commune=commune_b, name="Thôn Bắc Sơn", households=40, cell=cell_b
    )
    gone = Commune.objects.create(
        province=province, code="09999", name="Xã Đã Nhập", valid_to=date(2025, 6, 30)
    )
    Hamlet.objects.create(commune=gone, name="Thôn Cũ", households=77)
    people = {
        "binh": CommuneMember.objects.create(commune=commune_a, full_name="Trần Văn Bình"),
        "cuc": CommuneMember.objects.create(commune=commune_a, full_name="Đỗ Thị Cúc"),
        "di": CommuneMember.objects.create(
            commune=commune_a, full_name="Hà Văn Đi", left_on=date(2026, 6, 30)
        ),
        "dung": CommuneMember.objects.create(commune=commune_b, full_name="Vũ Văn Dũng"),
        "em": CommuneMember.objects.create(commune=commune_b, full_name="Lò Thị Em"),
    }
    _follow(people["binh"], thon[1], date(2025, 8, 1))
    _follow(people["binh"], thon[2], date(2025, 8, 1), exception="Khu 2 chưa có cấp ủy viên")
    _follow(people["cuc"], thon[3], date(2025, 8, 1), end=date(2026, 3, 1))
    _follow(people["di"], thon[3], date(2026, 3, 2))
    _follow(people["dung"], bac_son, date(2025, 8, 1))
    for month in range(1, 6):
        _meet(people["binh"], cell_a, date(2026, month, 5))
    _meet(people["binh"], cell_a, date(2025, 12, 5))
    _meet(people["cuc"], cell_a, date(2026, 1, 6))
    _meet(people["cuc"], cell_a, date(2026, 2, 6))
    _meet(people["cuc"], cell_a, date(2026, 3, 6), status=Visit.Status.DISPUTED)
    _meet(people["cuc"], cell_a, date(2026, 4, 6), kind=Visit.Kind.WORKING)
    _meet(people["di"], cell_a, date(2026, 2, 9))
    for month in range(1, 5):
        _meet(people["dung"], cell_b, date(2026, month, 7))
    _meet(hung, cell_a, date(2026, 3, 3), status=Visit.Status.PENDING)
    _meet(lan, cell_b, date(2026, 3, 3), status=Visit.Status.DISPUTED)
    return {
        "a": commune_a,
        "b": commune_b,
        "c": commune_c,
        "thon": thon,
        "bac_son": bac_son,
        "cell_a": cell_a,
        **people,
    }


# Counted by hand from the world above (minimums: 1 for a provincial cadre, 4 for a member).
EXPECTED_A = {
    "hamlets_in_force": 4,
    "hamlets_followed": 3,
    "households": 200,
    "households_covered": 180,
    "members_serving": 2,  # Bình, Cúc (Đi left)
    "members_assigned": 2,  # Bình, Đi
    "members_several": 1,  # Bình
    "members_left_following": 1,  # Đi
    "member_meetings": 8,  # 5 + 2 + 1
    "members_under": 1,  # Cúc (2 < 4)
}
EXPECTED_B = {
    "hamlets_in_force": 1,
    "hamlets_followed": 1,
    "households": 40,
    "households_covered": 40,
    "members_serving": 2,
    "members_assigned": 1,
    "members_several": 0,
    "members_left_following": 0,
    "member_meetings": 4,
    "members_under": 1,  # Em
}
EXPECTED_C = dict.fromkeys(EXPECTED_A, 0)


def test_it_counts_each_commune_as_counted_by_hand(rollup_world):
    rows = {row["pk"]: row for row in levels.communes(YEAR, today=END)}
    assert set(rows) == {rollup_world[k].pk for k in "abc"}
    for key, expected in (("a", EXPECTED_A), ("b", EXPECTED_B), ("c", EXPECTED_C)):
        row = rows[rollup_world[key].pk]
        assert {name: row[name] for name in levels.FIGURES} == expected, key
        assert row["not_followed"] == expected["hamlets_in_force"] - expected["hamlets_followed"]


def test_it_adds_up_the_province(rollup_world):
    rows = levels.communes(YEAR, today=END)
    total = levels.totals(rows)
    for name in levels.FIGURES:
        assert total[name] == EXPECTED_A[name] + EXPECTED_B[name], name
    assert total["communes"] == 3
    assert total["not_followed"] == 1
    assert total["communes_fully_followed"] == 1  # B only: C has no hamlet


def test_it_lists_the_provincial_cadres_against_their_minimum(rollup_world, hung, lan):  # noqa: F811
    cadres = levels.provincial_cadres(YEAR, today=END)
    assert cadres[rollup_world["a"].pk] == [
        {"cadre_id": hung.pk, "name": hung.full_name, "agency": "Sở Nội vụ", "meetings": 1,
         "short": 0}
    ]  # fmt: skip
    assert cadres[rollup_world["b"].pk][0]["meetings"] == 0  # disputed: not counted
    assert cadres[rollup_world["b"].pk][0]["short"] == 1
    assert rollup_world["c"].pk not in cadres
    assert levels.cadre_totals(cadres) == {"cadres": 2, "cadres_under": 1, "cadre_meetings": 1}


def test_the_day_is_the_years_end_or_today():
    assert levels.rollup_day(2025, today=date(2026, 5, 1)) == date(2025, 12, 31)
    assert levels.rollup_day(2026, today=date(2026, 5, 1)) == date(2026, 5, 1)


def test_earlier_in_the_year_the_member_who_left_was_still_serving(rollup_world):
    [row] = levels.communes(YEAR, today=date(2026, 6, 1), commune_ids=[rollup_world["a"].pk])
    assert row["members_serving"] == 3
    assert row["members_left_following"] == 0
    # Cúc followed Khu 3 until 1/3, Đi after: on 1/6 it is Đi's
    assert row["hamlets_followed"] == 3


def test_the_snapshot_holds_plain_numbers_and_names(rollup_world):
    data = levels.snapshot(YEAR, today=END)
    assert data["min_province"] == 1 and data["min_commune"] == 4
    assert [row["name"] for row in data["communes"]] == [
        "Phường Việt Trì",
        "Xã Tân Lạc",
        "Xã Yên Lập",
    ]
    first = data["communes"][0]
    assert {k: first[k] for k in levels.FIGURES} == EXPECTED_A
    assert first["cadres"] == ["Nguyễn Văn Hùng"]
    assert data["communes"][1]["cadres_under"] == 1
    assert data["totals"]["communes_fully_followed"] == 1
    assert data["totals"]["cadres_under"] == 1


def test_a_commune_drill_down_names_who_follows_each_hamlet(rollup_world):
    hamlets = {h.name: h for h in levels.hamlets_of(rollup_world["a"], YEAR, today=END)}
    assert list(hamlets) == ["Khu 1", "Khu 2", "Khu 3", "Khu 4"]
    assert [a.member.full_name for a in hamlets["Khu 1"].following] == ["Trần Văn Bình"]
    assert hamlets["Khu 2"].following[0].is_exception
    assert [a.member.full_name for a in hamlets["Khu 3"].following] == ["Hà Văn Đi"]
    assert hamlets["Khu 4"].following == []
    # Khu 1's cell met: Bình 5, Cúc 2, Đi 1, Hùng 1 (the disputed one left out)
    assert hamlets["Khu 1"].meetings == 9
    assert hamlets["Khu 3"].meetings == 0  # no cell


def _more_communes(province, count, start):
    """`count` more communes, each with 3 hamlets, 2 members, assignments and meetings."""
    for n in range(start, start + count):
        commune = Commune.objects.create(
            province=province, code=f"8{n:04d}", name=f"Xã Thêm {n}", valid_from=date(2025, 7, 1)
        )
        cell = PartyCell.objects.create(commune=commune, name="Chi bộ 1")
        hamlets = Hamlet.objects.bulk_create(
            Hamlet(commune=commune, name=f"Thôn {k}", search_name=f"thon {k}", households=10 + k,
                   cell=cell)
            for k in range(3)
        )  # fmt: skip
        members = CommuneMember.objects.bulk_create(
            CommuneMember(commune=commune, full_name=f"Người {k}", search_name=f"nguoi {k}")
            for k in range(2)
        )
        HamletAssignment.objects.bulk_create(
            HamletAssignment(member=m, hamlet=h, decision_number="1", start_date=date(2025, 8, 1),
                             decision_date=date(2025, 8, 1))
            for m, h in zip(members, hamlets, strict=False)
        )  # fmt: skip
        Visit.objects.bulk_create(
            Visit(member=members[0], commune=commune, cell=cell, day=date(2026, 5, k + 1),
                  kind="cell", content="x", status="confirmed")
            for k in range(3)
        )  # fmt: skip


def test_its_queries_stay_flat_whatever_the_size(
    rollup_world, province, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10) as small:
        levels.snapshot(YEAR, today=END)
    _more_communes(province, 40, 0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = levels.snapshot(YEAR, today=END)
    assert data["totals"]["communes"] == 43
    assert data["totals"]["hamlets_in_force"] == 5 + 40 * 3
    assert data["totals"]["members_assigned"] == 3 + 40 * 2
    assert data["totals"]["member_meetings"] == 12 + 40 * 3
    assert data["totals"]["members_under"] == 2 + 40 * 2  # 3 < 4 and 0 < 4


@pytest.mark.parametrize("day", [date(2026, 3, 1), END])
def test_the_commune_s_own_page_and_the_roll_up_say_the_same(rollup_world, day):
    """The commune's coverage page counts in Python for one commune (hamlets.figures), the
    roll-up in SQL for all (activity.levels): the same rules, the same answers, on any day."""
    from hamlets.figures import commune_coverage

    rows = {row["pk"]: row for row in levels.communes(YEAR, today=day)}
    for key in "abc":
        commune = rollup_world[key]
        coverage, row = commune_coverage(commune, day), rows[commune.pk]
        assert (coverage.ratio.numerator, coverage.ratio.denominator) == (
            row["hamlets_followed"],
            row["hamlets_in_force"],
        ), key
        assert len(coverage.unfollowed) == row["not_followed"], key
        assert len(coverage.several) == row["members_several"], key
        departed = {a.member_id for a in coverage.departed}
        assert len(departed) == row["members_left_following"], key
