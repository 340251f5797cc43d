"""The registry's and the coverage dashboard's Excel files: a "Huyện" column only on the map
that had districts, an annex that imports back on either map, and a line saying why a list is
empty (above the header where an import reads the sheet back)."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assignments import services
from assignments.imports import IMPORT_SPECS, AssignmentImport
from assignments.models import Agency
from core.imports import run_import
from tests.accounts.old_map import old_commune
from tests.factories import CadreFactory
from tests.workbooks import downloaded_rows

pytestmark = pytest.mark.django_db


def test_an_annex_before_1_7_2025_names_the_district_and_imports_back(client, staff):
    commune = old_commune("04793", "Xã Mãn Đức")  # Huyện Tân Lạc, until 30/6/2025
    services.assignment_create(
        cadre=CadreFactory(full_name="Nguyễn Văn Hùng"),
        commune=commune,
        start_date=date(2024, 1, 1),
        decision_number="90-QĐ/TU",
        decision_date=date(2023, 12, 25),
    )
    client.force_login(staff)
    response = client.get(reverse("assignments:annex"), {"on": "01/01/2025"})
    _caption, header, row = downloaded_rows(response)
    assert header[:5] == ("STT", "Mã xã", "Tên xã", "Huyện", "Tỉnh")
    assert row[:5] == (1, "04793", "Xã Mãn Đức", "Huyện Tân Lạc", "Hoà Bình")
    assert row[9:11] == (datetime(2023, 12, 25), datetime(2024, 1, 1))
    result = run_import(AssignmentImport(), BytesIO(response.content))
    assert (result.new, result.changed, result.unchanged, result.error_count) == (0, 0, 1, 0)


def test_an_annex_of_a_day_without_assignments_says_so_above_its_header(client, staff):
    client.force_login(staff)
    rows = downloaded_rows(client.get(reverse("assignments:annex"), {"on": "01/01/2026"}))
    caption, note, header = rows
    assert caption[0].startswith("Danh sách xã, phường và cán bộ theo dõi")
    assert note[0] == "Ngày 01/01/2026, không có xã, phường nào có cán bộ theo dõi."
    assert header[:3] == ("STT", "Mã xã", "Tên xã")


def test_the_commune_list_of_today_has_no_district_column(client, staff, commune_a):
    old_commune("04793", "Xã Mãn Đức")
    client.force_login(staff)
    header, row = downloaded_rows(client.get(reverse("registry:commune_list"), {"format": "xlsx"}))
    assert header == (
        "Mã xã",
        "Tên xã",
        "Loại",
        "Tỉnh",
        "Hiệu lực từ",
        "Hiệu lực đến",
        "Bí thư",
        "Điện thoại",
        "Email",
    )
    assert row[:5] == ("07900", "Phường Việt Trì", "phường", "Phú Thọ", datetime(2025, 7, 1))
    old_map = client.get(reverse("registry:commune_list"), {"format": "xlsx", "on": "01/01/2025"})
    header, row = downloaded_rows(old_map)
    assert (header[3], row[3]) == ("Huyện", "Huyện Tân Lạc")


def test_an_empty_coverage_list_says_why(client, leader, commune_a):
    CadreFactory()  # nobody retires within twelve months of 2026
    client.force_login(leader)
    url = reverse("assignments:coverage_list", args=["retiring"])
    rows = downloaded_rows(client.get(url, {"format": "xlsx", "on": "01/01/2026", "months": 6}))
    assert rows[1] == (
        "Trong 6 tháng tới, không có cán bộ theo dõi cơ sở nào đến tuổi nghỉ hưu.",
        None,
        None,
        None,
        None,
        None,
    )
    url = reverse("assignments:coverage_list", args=["uncovered"])
    rows = downloaded_rows(client.get(url, {"format": "xlsx", "on": "01/01/2026"}))
    assert "Huyện" not in rows[0]
    assert rows[1:] == [("07900", "Phường Việt Trì", "Phú Thọ", None, None)]


def test_a_template_filled_in_under_its_note_imports(client, staff):
    client.force_login(staff)
    response = client.get(reverse("registry:import_template", args=["agencies"]))
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A2"].value == "Tên cơ quan"  # under the line on how to fill it in
    sheet.append(["Sở Nội vụ", "Sở, ban, ngành", 2])
    filled = BytesIO()
    book.save(filled)
    filled.seek(0)
    filled.name = "co-quan.xlsx"
    result = run_import(IMPORT_SPECS["agencies"](), filled)
    assert (result.new, result.error_count) == (1, 0)
    assert Agency.objects.get().leader_quota == 2
