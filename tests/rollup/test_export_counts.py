"""A year's counts for the centre, composed from each app's own figures (the annual report's
rules): coverage, forms, one result per cadre, levels, agencies, districts for the old map."""

from datetime import date

import pytest

from assignments import services as assignment_services
from assignments.models import Commune, District, Province
from rollup.export import covered_provinces, export_years, snapshot_counts
from rollup.schema import SnapshotError
from tests.evaluations.conftest import agency, assignments, hung, lan  # noqa: F401
from tests.factories import CadreFactory
from tests.reports.conftest import year_2026  # noqa: F401

pytestmark = pytest.mark.django_db

END_2026 = date(2026, 12, 31)


def test_it_counts_the_year_like_the_annual_report(year_2026):  # noqa: F811
    counts = snapshot_counts(2026, END_2026)
    row = {
        "code": "25",
        "communes": 3,
        "communes_covered": 3,
        "forms_expected": 3,
        "forms_submitted": 3,
        "forms_accepted": 0,
        # Hùng: "completed" on one form and no commendation there, so none; Lan: good.
        "cadres_evaluated": 2,
        "cadres_commended": 0,
        "tasks_assigned": 0,
        "tasks_met": 0,
        "hamlets": 0,
        "hamlets_covered": 0,
    }
    assert counts["provinces"] == [row]
    assert counts["totals"] == {k: v for k, v in row.items() if k != "code"}
    assert counts["districts"] == []
    assert counts["agencies"] == [
        {
            "agency": "Sở Nội vụ",
            "forms_expected": 3,
            "forms_submitted": 3,
            "forms_accepted": 0,
            "cadres_evaluated": 2,
            "cadres_commended": 0,
            "tasks_assigned": 0,
            "tasks_met": 0,
        }
    ]
    assert {lv["level"]: lv["cadres"] for lv in counts["levels"]} == {
        "excellent": 0,
        "good": 1,
        "completed": 1,
        "not_completed": 0,
    }


def test_a_year_without_a_round_still_has_its_communes_and_coverage(assignments):  # noqa: F811
    counts = snapshot_counts(2026, END_2026)
    assert counts["totals"]["communes"] == 2 and counts["totals"]["communes_covered"] == 2
    assert counts["totals"]["forms_expected"] == 0 and counts["agencies"] == []


def test_the_old_map_counts_each_old_province_and_its_districts(db):
    old_ends = date(2025, 6, 30)
    codes = []
    for code, name, district_code in (("17", "Hòa Bình", "148"), ("25", "Phú Thọ", "227")):
        province = Province.objects.create(code=code, name=name, valid_to=old_ends)
        district = District.objects.create(
            province=province, name=f"Huyện {name}", code=district_code
        )
        for n in range(2):
            commune = Commune.objects.create(
                province=province,
                district=district,
                code=f"{code}{district_code}{n}",
                name=f"Xã {name} {n}",
                valid_to=old_ends,
            )
            if n == 0:
                assignment_services.assignment_create(
                    cadre=CadreFactory(),
                    commune=commune,
                    start_date=date(2024, 1, 1),
                    decision_number="1",
                    decision_date=date(2024, 1, 1),
                )
        codes.append(code)
    # The new province of 2025, which must not be covered in 2024.
    Province.objects.create(code="25", name="Phú Thọ", valid_from=date(2025, 7, 1))
    assert covered_provinces(2024) == ["17", "25"]
    counts = snapshot_counts(2024)
    assert [(r["code"], r["communes"], r["communes_covered"]) for r in counts["provinces"]] == [
        ("17", 2, 1),
        ("25", 2, 1),
    ]
    assert [(d["province"], d["code"], d["communes"]) for d in counts["districts"]] == [
        ("17", "148", 2),
        ("25", "227", 2),
    ]
    assert 2024 in export_years(date(2026, 12, 3))


def test_a_year_without_any_commune_is_refused_with_a_message(db):
    with pytest.raises(SnapshotError, match="2019"):
        snapshot_counts(2019)


def test_a_province_without_its_code_is_refused_by_name(db):
    province = Province.objects.create(code="", name="Tỉnh Không Mã")
    Commune.objects.create(province=province, code="00001", name="Xã Một")
    with pytest.raises(SnapshotError, match="Tỉnh Không Mã"):
        snapshot_counts(2026, END_2026)
