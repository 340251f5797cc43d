from datetime import date, datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from assignments.models import OLD_MAP_LAST_DAY, Commune, District, Province
from evaluations import services
from evaluations.figures import completeness, missing_communes
from evaluations.models import EvaluationRound
from tests.evaluations.conftest import complete_data
from tests.factories import AssignmentFactory, CadreFactory
from tests.html import by_testid, stat_figures
from tests.workbooks import downloaded_rows

pytestmark = pytest.mark.django_db


def test_completeness_counts_over_expected_forms(form_a, form_b, commune_a_user, staff, client):
    services.form_save(
        form=form_a, data=complete_data(form_a), version=0, user=commune_a_user, submit=True
    )
    done = completeness(form_a.round)
    assert (str(done.submitted), done.submitted.percent_label(), done.on_time, done.late) == (
        "1/2",
        "50,0\u00a0%",
        1,
        0,
    )
    assert str(done.communes_complete) == "1/2"
    assert [(a["cadre__agency__name"], a["submitted"], a["expected"]) for a in done.by_agency] == [
        ("Sở Nội vụ", 1, 2)
    ]
    missing = missing_communes(form_a.round)
    assert [m.commune.name for m in missing] == ["Xã Tân Lạc"]
    client.force_login(staff)
    page = client.get(reverse("evaluations:round", args=[2026])).content
    assert stat_figures(by_testid(page, "completeness")) == {
        "phiếu đã gửi / phiếu phải nộp (50,0 %)": "1/2",
        "phiếu gửi đúng hạn / gửi muộn": "1 / 0",
        "phiếu đã tiếp nhận / phiếu phải nộp (0,0 %)": "0/2",
        "xã, phường đã gửi đủ phiếu / xã, phường có phiếu phải nộp (50,0 %)": "1/2",
    }
    assert by_testid(page, "missing").text == "Xã Tân Lạc thiếu 1/1 phiếu"


def test_the_missing_list_prints_with_contacts_and_exports(form_a, form_b, leader, client):
    Commune.objects.filter(pk=form_b.commune_id).update(
        secretary_name="Hà Văn Bình", phone="0915 222 333"
    )
    client.force_login(leader)
    page = client.get(reverse("evaluations:missing", args=[2026])).content.decode()
    assert "Hà Văn Bình" in page and "0915 222 333" in page
    xlsx = client.get(reverse("evaluations:missing", args=[2026]), {"format": "xlsx"})
    header, *rows = downloaded_rows(xlsx)
    assert header == (  # no "Huyện" in 2026: the map from 1/7/2025 has no districts
        "STT",
        "Mã xã",
        "Xã, phường",
        "Bí thư",
        "Điện thoại",
        "Email",
        "Phiếu còn thiếu",
        "Phiếu phải nộp",
        "Hạn nộp",
    )
    deadline = datetime(2099, 12, 15)
    assert rows == [
        (1, "07900", "Phường Việt Trì", None, None, None, 1, 1, deadline),
        (2, "04792", "Xã Tân Lạc", "Hà Văn Bình", "0915 222 333", None, 1, 1, deadline),
        ("Tổng cộng", None, None, None, None, None, 2, 2, None),
    ]


def test_a_year_before_2025_is_broken_down_by_district(staff):
    old = Province.objects.create(name="Hoà Bình", valid_to=OLD_MAP_LAST_DAY)
    district = District.objects.create(province=old, name="Huyện Lạc Sơn")
    commune = Commune.objects.create(
        province=old, district=district, code="05000", name="Xã Cũ", valid_to=OLD_MAP_LAST_DAY
    )
    AssignmentFactory(
        commune=commune,
        cadre=CadreFactory(),
        start_date=date(2023, 1, 1),
        decision_date=date(2023, 1, 1),
        end_date=date(2025, 6, 30),
        end_reason="reassigned",
    )
    with freeze_time("2024-11-20"):
        evaluation_round = services.round_create(
            year=2024, opens_on=date(2024, 11, 15), deadline=date(2024, 12, 15)
        )
        services.round_open(evaluation_round=evaluation_round)
    done = completeness(EvaluationRound.objects.get(year=2024))
    assert [(d["commune__district__name"], d["expected"]) for d in done.by_district] == [
        ("Huyện Lạc Sơn", 1)
    ]


def test_the_round_page_loads_only_the_missing_communes_it_shows(form_a, form_b):
    everyone = missing_communes(form_a.round)
    first = missing_communes(form_a.round, limit=1)
    assert len(everyone) == 2
    assert [m.commune for m in first] == [everyone[0].commune]
