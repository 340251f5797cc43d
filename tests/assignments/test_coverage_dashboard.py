from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments import services
from assignments.models import OLD_MAP_LAST_DAY, Cadre, Commune, District, Province
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    CadreFactory,
    CommuneFactory,
    ProvinceFactory,
)
from tests.html import by_testid
from tests.workbooks import downloaded_rows

pytestmark = pytest.mark.django_db


def _province_with(communes, followed):
    """A province of `communes` communes, `followed` of them followed."""
    province = ProvinceFactory()
    agency = AgencyFactory(leader_quota=followed + 5)
    rows = CommuneFactory.create_batch(communes, province=province)
    cadres = []
    for index, commune in enumerate(rows[:followed]):
        # One in five is near retirement: the retiring list grows with the province too.
        born = date(1964, 3, 1) if index % 5 == 0 else date(1975, 6, 15)
        cadres.append(CadreFactory(agency=agency, date_of_birth=born))
        AssignmentFactory(commune=commune, cadre=cadres[-1])
    # One in ten free communes is taken as an exception by an already busy cadre.
    for cadre, commune in zip(cadres, rows[followed::10], strict=False):
        AssignmentFactory(commune=commune, cadre=cadre, exception_reason="Tạm thời")
    return rows


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_query_count_does_not_grow_with_the_number_of_communes(client, staff):
    client.force_login(staff)
    client.get(reverse("home"))  # the session's first renewal, not counted below
    url = reverse("assignments:dashboard") + "?on=01/01/2026"
    _province_with(20, 15)
    small = _queries(client, url)
    _province_with(400, 350)
    large = _queries(client, url)
    assert small == large, (small, large)


def test_the_headline_and_the_cards_count_what_they_say(
    client, staff, commune_a, commune_b, province
):
    agency = AgencyFactory(name="Sở Nội vụ", leader_quota=3)
    hung = CadreFactory(full_name="Nguyễn Văn Hùng", agency=agency)
    services.assignment_create(
        cadre=hung,
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1250-QĐ/TU",
        decision_date=date(2025, 6, 30),
    )
    client.force_login(staff)
    page = client.get(reverse("assignments:dashboard"), {"on": "01/01/2026"}).content.decode()
    assert by_testid(page, "headline").text == "1/2 xã, phường có cán bộ theo dõi 50,0 %"
    assert by_testid(page, "card-uncovered").text == "1 xã, phường chưa có cán bộ theo dõi"
    assert by_testid(page, "card-agencies").text.startswith("1 cơ quan")  # 1 cadre for 3
    assert by_testid(page, "uncovered-list").text.startswith("Xã Tân Lạc")  # link to assign
    assert f"{reverse('assignments:new')}?commune={commune_b.pk}" in page
    listing = client.get(
        reverse("assignments:coverage_list", args=["uncovered"]), {"on": "01/01/2026"}
    )
    assert (
        "Xã Tân Lạc" in listing.content.decode()
        and "Phường Việt Trì" not in listing.content.decode()
    )
    agencies = client.get(
        reverse("assignments:coverage_list", args=["agencies"]), {"on": "01/01/2026"}
    )
    assert "Sở Nội vụ" in agencies.content.decode()  # 1 cadre assigned for 3 leaders


def test_the_dashboard_has_a_table_by_district_for_dates_before_july_2025(client, leader):
    old = Province.objects.create(name="Hoà Bình", valid_to=OLD_MAP_LAST_DAY)
    district = District.objects.create(province=old, name="Huyện Lạc Sơn")
    for n in range(3):
        Commune.objects.create(
            province=old,
            district=district,
            code=f"0500{n}",
            name=f"Xã Cũ {n}",
            valid_to=OLD_MAP_LAST_DAY,
        )
    client.force_login(leader)
    old_page = client.get(reverse("assignments:dashboard"), {"on": "31/12/2024"}).content.decode()
    assert 'data-testid="by-district"' in old_page and "Huyện Lạc Sơn" in old_page
    new_page = client.get(reverse("assignments:dashboard"), {"on": "31/12/2025"}).content.decode()
    assert 'data-testid="by-district"' not in new_page


def test_cadres_retiring_soon_are_listed_with_their_commune(client, staff, commune_a):
    old_hand = CadreFactory(
        full_name="Trần Văn Lão", date_of_birth=date(1964, 12, 10), gender="male"
    )
    services.assignment_create(
        cadre=old_hand,
        commune=commune_a,
        start_date=date(2025, 7, 1),
        decision_number="1",
        decision_date=date(2025, 7, 1),
    )
    client.force_login(staff)
    page = client.get(
        reverse("assignments:coverage_list", args=["retiring"]), {"on": "01/01/2026", "months": 12}
    ).content.decode()
    # Born 12/1964: in 2026 the age is 61 years 6 months, reached 06/2026: retires 30/06/2026.
    assert "Trần Văn Lão" in page and "30/06/2026" in page and "Phường Việt Trì" in page


def test_a_man_retiring_at_60_before_the_2021_reform_is_listed_in_time(client, staff, province):
    old_map = Commune.objects.create(
        province=province, code="04999", name="Xã Mãn Đức", valid_to=OLD_MAP_LAST_DAY
    )
    cadre = CadreFactory(full_name="Bùi Văn Cựu", date_of_birth=date(1960, 10, 15), gender="male")
    AssignmentFactory(cadre=cadre, commune=old_map, start_date=date(2016, 6, 1))
    client.force_login(staff)
    page = client.get(
        reverse("assignments:coverage_list", args=["retiring"]), {"on": "01/12/2019", "months": 12}
    ).content.decode()
    # In 2020 the age was still 60 (Nghị định 135/2020/NĐ-CP raises it from 2021): 31/10/2020.
    assert "Bùi Văn Cựu" in page and "31/10/2020" in page


def test_departed_cadres_with_running_assignments_are_listed(client, staff, commune_a):
    cadre = CadreFactory(full_name="Đỗ Văn Đi")
    AssignmentFactory(cadre=cadre, commune=commune_a)
    Cadre.objects.filter(pk=cadre.pk).update(status=Cadre.Status.TRANSFERRED)  # recorded elsewhere
    client.force_login(staff)
    page = client.get(reverse("assignments:coverage_list", args=["departed"])).content.decode()
    assert "Đỗ Văn Đi" in page


def test_the_coverage_lists_export_excel_with_their_rows(
    client, leader, province, commune_a, commune_b
):
    agency = AgencyFactory(name="Sở Nội vụ", leader_quota=3)
    lao = CadreFactory(
        full_name="Trần Văn Lão",
        position="Phó Giám đốc",
        agency=agency,
        date_of_birth=date(1964, 12, 10),
        gender="male",
    )
    AssignmentFactory(cadre=lao, commune=commune_a, start_date=date(2025, 7, 1))
    AssignmentFactory(
        cadre=lao, commune=commune_b, start_date=date(2025, 9, 1), exception_reason="Tạm thời"
    )
    di = CadreFactory(full_name="Đỗ Văn Đi", agency=AgencyFactory(name="Sở Y tế", leader_quota=1))
    AssignmentFactory(
        cadre=di, commune=CommuneFactory(province=province, code="04795", name="Xã Tân Sơn")
    )
    Cadre.objects.filter(pk=di.pk).update(status=Cadre.Status.TRANSFERRED)
    Commune.objects.create(
        province=province,
        code="04798",
        name="Xã Mường Động",
        valid_from=date(2025, 7, 1),
        secretary_name="Hà Văn Bình",
        phone="0915 222 333",
    )
    client.force_login(leader)

    def rows(kind):
        url = reverse("assignments:coverage_list", args=[kind])
        return downloaded_rows(
            client.get(url, {"format": "xlsx", "on": "01/01/2026", "months": 12})
        )

    assert rows("uncovered") == [  # no "Huyện" on the map of 2026
        ("Mã xã", "Tên xã", "Tỉnh", "Bí thư", "Điện thoại"),
        ("04798", "Xã Mường Động", "Phú Thọ", "Hà Văn Bình", "0915 222 333"),
    ]
    assert rows("several") == [
        ("Họ và tên", "Chức vụ", "Cơ quan", "Số xã theo dõi"),
        ("Trần Văn Lão", "Phó Giám đốc", "Sở Nội vụ", 2),
    ]
    # Born 12/1964: in 2026 the age is 61 years 6 months, reached 06/2026: retires 30/06/2026.
    # A row per commune the cadre follows, not the communes joined in one cell.
    lao_retires = ("Trần Văn Lão", "Phó Giám đốc", "Sở Nội vụ", datetime(2026, 6, 30))
    assert rows("retiring") == [
        ("Họ và tên", "Chức vụ", "Cơ quan", "Dự kiến nghỉ hưu", "Mã xã", "Xã theo dõi"),
        (*lao_retires, "07900", "Phường Việt Trì"),
        (*lao_retires, "04792", "Xã Tân Lạc"),
    ]
    assert rows("agencies") == [
        ("Tên cơ quan", "Số lãnh đạo", "Cán bộ được phân công", "Số xã theo dõi"),
        ("Sở Nội vụ", 3, 1, 2),
        ("Tổng cộng", 3, 1, 2),
    ]
    assignment_headers = (
        "Họ và tên",
        "Cơ quan",
        "Tình trạng",
        "Mã xã",
        "Tên xã",
        "Từ ngày",
        "Lý do ngoại lệ",
    )
    assert rows("departed") == [
        assignment_headers,
        (
            "Đỗ Văn Đi",
            "Sở Y tế",
            "đã chuyển công tác",
            "04795",
            "Xã Tân Sơn",
            datetime(2025, 7, 1),
            None,
        ),
    ]
    assert rows("exceptions") == [
        assignment_headers,
        (
            "Trần Văn Lão",
            "Sở Nội vụ",
            "đang công tác",
            "04792",
            "Xã Tân Lạc",
            datetime(2025, 9, 1),
            "Tạm thời",
        ),
    ]


def test_a_commune_account_cannot_see_the_dashboard(client, commune_a_user):
    client.force_login(commune_a_user)
    assert client.get(reverse("assignments:dashboard")).status_code == 403
    assert client.get(reverse("assignments:coverage_list", args=["uncovered"])).status_code == 403
