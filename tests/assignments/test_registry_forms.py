from datetime import date

import pytest
from django.urls import reverse

from assignments.models import Agency, Cadre, CadreStatusChange, Commune
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return Agency.objects.create(name="Sở Nội vụ", kind="so_ban_nganh", leader_quota=3)


def _cadre_data(agency, **overrides):
    data = {
        "full_name": "Lê Thị Hoà",
        "position": "Phó Giám đốc",
        "agency": agency.pk,
        "date_of_birth": "25/12/1975",
        "gender": "female",
        "phone": "",
        "email": "",
    }
    data.update(overrides)
    return data


def test_staff_adds_a_cadre_typing_the_date_the_vietnamese_way(client, staff, agency):
    client.force_login(staff)
    response = client.post(reverse("registry:cadre_new"), _cadre_data(agency))
    cadre = Cadre.objects.get()
    assert response.url == reverse("registry:cadre_detail", args=[cadre.pk])
    assert cadre.date_of_birth == date(1975, 12, 25)
    client.post(
        reverse("registry:cadre_edit", args=[cadre.pk]),
        _cadre_data(agency, date_of_birth="05/03/1975"),
    )
    cadre.refresh_from_db()
    assert cadre.date_of_birth == date(1975, 3, 5)


def test_a_refused_form_keeps_what_was_typed_and_says_why_in_vietnamese(client, staff, agency):
    client.force_login(staff)
    response = client.post(
        reverse("registry:cadre_new"),
        _cadre_data(agency, date_of_birth="31/02/1975", phone="0912 345 678"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in page or "ngày hợp lệ" in page
    assert 'value="Lê Thị Hoà"' in page and 'value="0912 345 678"' in page
    assert Cadre.objects.count() == 0


def test_the_same_cadre_cannot_be_added_twice(client, staff, agency):
    client.force_login(staff)
    client.post(reverse("registry:cadre_new"), _cadre_data(agency))
    response = client.post(
        reverse("registry:cadre_new"), _cadre_data(agency, full_name="Lê Thị Hòa")
    )
    assert "đã có cán bộ trùng họ tên và ngày sinh" in response.content.decode()
    assert Cadre.objects.count() == 1


def test_the_cadre_page_shows_the_expected_retirement_and_records_status_history(
    client, staff, agency
):
    cadre = Cadre.objects.create(
        full_name="Nguyễn Văn Hùng",
        position="Giám đốc",
        agency=agency,
        date_of_birth=date(1966, 4, 30),
        gender="male",
    )
    client.force_login(staff)
    page = client.get(reverse("registry:cadre_detail", args=[cadre.pk])).content.decode()
    assert "30/04/2028" in page and "62 tuổi 0 tháng" in page
    client.post(
        reverse("registry:cadre_status", args=[cadre.pk]),
        {
            "status-status": "transferred",
            "status-effective_on": "15/08/2026",
            "status-note": "Điều động về Bộ Nội vụ",
        },
    )
    cadre.refresh_from_db()
    assert (cadre.status, cadre.status_changed_on) == ("transferred", date(2026, 8, 15))
    assert CadreStatusChange.objects.get().recorded_by == staff
    page = client.get(reverse("registry:cadre_detail", args=[cadre.pk])).content.decode()
    assert "15/08/2026" in page and "Điều động về Bộ Nội vụ" in page


def test_a_leader_cannot_change_a_cadre(client, leader, agency):
    cadre = Cadre.objects.create(
        full_name="Nguyễn Văn Hùng",
        position="Giám đốc",
        agency=agency,
        date_of_birth=date(1966, 4, 30),
        gender="male",
    )
    client.force_login(leader)
    assert client.get(reverse("registry:cadre_detail", args=[cadre.pk])).status_code == 200
    response = client.post(
        reverse("registry:cadre_status", args=[cadre.pk]),
        {"status-status": "retired", "status-effective_on": "01/01/2026"},
    )
    assert response.status_code == 403
    assert CadreStatusChange.objects.count() == 0


def test_a_commune_code_cannot_overlap_another_in_the_same_period(client, staff, commune_a):
    client.force_login(staff)
    response = client.post(
        reverse("registry:commune_new"),
        {
            "code": commune_a.code,
            "name": "Phường Mới",
            "kind": "phuong",
            "province": commune_a.province_id,
            "valid_from": "01/01/2026",
        },
    )
    assert "đã thuộc về «Phường Việt Trì»" in response.content.decode()
    assert Commune.objects.count() == 1


def test_staff_adds_and_edits_an_agency(client, staff):
    client.force_login(staff)
    client.post(
        reverse("registry:agency_new"),
        {"name": "Sở Y tế", "kind": "so_ban_nganh", "leader_quota": 4},
    )
    agency = Agency.objects.get()
    client.post(
        reverse("registry:agency_edit", args=[agency.pk]),
        {"name": "Sở Y tế", "kind": "so_ban_nganh", "leader_quota": 5},
    )
    agency.refresh_from_db()
    assert agency.leader_quota == 5


def test_an_impossible_number_of_leaders_is_refused_on_every_database(client, staff):
    # SQLite stores 99999 in a small integer; PostgreSQL would refuse it with a 500.
    client.force_login(staff)
    response = client.post(
        reverse("registry:agency_new"),
        {"name": "Sở Tư pháp", "kind": "so_ban_nganh", "leader_quota": "99999"},
    )
    assert response.status_code == 200
    error = parse(response.content).one(id="id_leader_quota_error")
    assert error.text == "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 1000 ."
    assert not Agency.objects.filter(name="Sở Tư pháp").exists()
