import pytest

from reports.figures import annual_summary, cadre_results
from reports.models import ResultOverride

pytestmark = pytest.mark.django_db


def test_one_result_per_cadre_lowest_level_commendation_only_if_all_agree(year_2026):
    results = {r["name"]: r for r in cadre_results(2026)}
    hung, lan = results["Nguyễn Văn Hùng"], results["Lê Thị Lan"]
    assert (hung["level"], hung["commendation"], hung["replacement"]) == ("completed", False, False)
    assert sorted(hung["communes"]) == ["Phường Việt Trì", "Xã Thứ Ba"]
    assert (lan["level"], lan["commendation"], lan["replacement"]) == ("good", False, True)


def test_the_summary_counts_forms_cadres_and_stated_visits(year_2026):
    f = annual_summary(2026)
    assert f["forms"] == {"expected": 3, "submitted": 3, "accepted": 0, "on_time": 3, "late": 0}
    assert (f["cadres_assigned"], f["cadres_evaluated"]) == (2, 2)
    assert f["visits"]["stated"] == {"visits": 13, "meetings": 8}
    assert {row["level"]: row["count"] for row in f["levels"]} == {
        "excellent": 0,
        "good": 1,
        "completed": 1,
        "not_completed": 0,
    }
    assert f["commendation"]["count"] == 0 and f["commendation"]["of"] == 2
    assert [r["name"] for r in f["replacement"]] == ["Lê Thị Lan"]
    assert [r["cadre"] for r in f["several"]] == ["Nguyễn Văn Hùng"]


def test_a_staff_override_replaces_the_computed_result_with_its_reason(year_2026, hung, staff):
    ResultOverride.objects.create(
        year=2026,
        cadre=hung,
        level="good",
        commendation=True,
        reason="Xã Thứ Ba chỉ theo dõi tạm thời",
        recorded_by=staff,
    )
    hung_result = next(r for r in cadre_results(2026) if r["name"] == "Nguyễn Văn Hùng")
    assert (hung_result["level"], hung_result["commendation"]) == ("good", True)
    assert hung_result["override_reason"] == "Xã Thứ Ba chỉ theo dõi tạm thời"


def test_staff_change_a_result_from_the_results_page_and_leaders_cannot(
    year_2026, client, staff, leader, hung
):
    from django.urls import reverse

    client.force_login(leader)
    assert (
        client.post(
            reverse("reports:results", args=[2026]),
            {"cadre": hung.pk, "level": "good", "reason": "x"},
        ).status_code
        == 403
    )
    client.force_login(staff)
    client.post(
        reverse("reports:results", args=[2026]),
        {
            "cadre": hung.pk,
            "level": "good",
            "commendation": "yes",
            "replacement": "",
            "reason": "Xã Thứ Ba chỉ theo dõi tạm thời",
        },
    )
    page = client.get(reverse("reports:results", args=[2026])).content.decode()
    assert "Xã Thứ Ba chỉ theo dõi tạm thời" in page
    hung_result = next(r for r in cadre_results(2026) if r["name"] == "Nguyễn Văn Hùng")
    assert (hung_result["level"], hung_result["commendation"]) == ("good", True)


def test_it_counts_nothing_for_a_year_without_a_round(db):
    f = annual_summary(2031)
    assert f["forms"] == {"expected": 0, "submitted": 0, "accepted": 0, "on_time": 0, "late": 0}
    assert (f["communes_with_forms"], f["communes_all_in"]) == (0, 0)
    assert f["visits"] == {
        "stated": {"visits": 0, "meetings": 0},
        "logged": {"visits": 0, "meetings": 0, "confirmed": 0},
    }
