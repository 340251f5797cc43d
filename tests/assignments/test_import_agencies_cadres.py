from datetime import date, datetime

import pytest

from assignments.imports import AgencyImport, CadreImport
from assignments.models import Agency, Cadre
from core.imports import run_import
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db
AGENCY_HEADERS = ("Tên cơ quan", "Loại", "Số lãnh đạo")
CADRE_HEADERS = ("Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính")


def _agencies(*rows):
    return run_import(AgencyImport(), xlsx([AGENCY_HEADERS, *rows]))


def _cadres(*rows, headers=CADRE_HEADERS):
    return run_import(CadreImport(), xlsx([headers, *rows]))


@pytest.fixture
def agencies():
    _agencies(("Sở Nội vụ", "Sở, ban, ngành", 5), ("Công an tỉnh", "Ngành dọc Trung ương", 6))


def test_it_imports_agencies_and_recognises_the_three_kinds():
    result = _agencies(
        ("Sở Nội vụ", "sở, ban, ngành", 5),
        ("Tỉnh đoàn", "Mặt trận, đoàn thể", 3),
        ("Công an tỉnh", "NGANH DOC TRUNG UONG", "6"),
    )
    assert (result.new, result.error_count) == (3, 0)
    assert dict(Agency.objects.values_list("name", "kind")) == {
        "Sở Nội vụ": "so_ban_nganh",
        "Tỉnh đoàn": "mat_tran_doan_the",
        "Công an tỉnh": "nganh_doc",
    }


def test_an_agency_is_matched_by_its_normalised_name_on_re_import(agencies):
    result = _agencies(("  sở nội VỤ ", "Sở, ban, ngành", 6))
    assert (result.new, result.changed) == (0, 1)
    assert Agency.objects.get(name="sở nội VỤ").leader_quota == 6
    assert Agency.objects.count() == 2


def test_bad_agency_rows_write_nothing():
    result = _agencies(
        ("Sở Y tế", "Sở, ban, ngành", 4),
        ("Sở Xây dựng", "Hội", 3),
        ("Sở Tư pháp", "Sở, ban, ngành", 0),
        ("Sở Y Tế", "Sở, ban, ngành", 2),
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "Số lãnh đạo"),
        (5, "Tên cơ quan"),
    ]
    assert [(u.label, u.value, u.rows) for u in result.unknown_values] == [("Loại", "Hội", [3])]
    assert Agency.objects.count() == 0


def test_it_imports_cadres_with_dates_as_excel_dates_or_as_text(agencies):
    result = _cadres(
        ("Nguyễn Văn Hùng", "Giám đốc", "Sở Nội vụ", datetime(1968, 3, 5), "Nam"),
        ("Lê Thị Hoà", "Phó Giám đốc", "sở nội vụ", "25/12/1975", "nữ"),
        ("Trần Quang Minh", "Phó Giám đốc Công an tỉnh", "Công an tỉnh", "05/03/1972", "Nam"),
    )
    assert (result.new, result.error_count) == (3, 0)
    assert Cadre.objects.get(full_name="Nguyễn Văn Hùng").date_of_birth == date(1968, 3, 5)
    assert Cadre.objects.get(full_name="Lê Thị Hoà").date_of_birth == date(1975, 12, 25)
    assert Cadre.objects.get(full_name="Trần Quang Minh").date_of_birth == date(1972, 3, 5)


def test_the_cadre_name_header_may_be_ho_va_ten_can_bo(agencies):
    headers = ("Họ và tên cán bộ",) + CADRE_HEADERS[1:]
    result = _cadres(
        ("Nguyễn Văn Hùng", "Giám đốc", "Sở Nội vụ", "05/03/1968", "Nam"), headers=headers
    )
    assert result.ok and result.new == 1


def test_a_cadre_is_matched_by_name_agency_and_birth_date_on_re_import(agencies):
    row = ("Lê Thị Hoà", "Phó Giám đốc", "Sở Nội vụ", "25/12/1975", "Nữ")
    _cadres(row)
    again = _cadres(row)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1)
    # "Hòa" with the tone on the other vowel is the same person; the position changed.
    moved = _cadres(("Lê Thị Hòa", "Giám đốc", "Sở Nội vụ", "25/12/1975", "Nữ"))
    assert (moved.new, moved.changed) == (0, 1)
    assert Cadre.objects.get().position == "Giám đốc"


def test_bad_cadre_rows_are_each_reported_and_nothing_is_written(agencies):
    result = _cadres(
        ("Nguyễn Văn A", "Giám đốc", "Sở Nội vụ", "05/03/1968", "Nam"),
        ("Nguyễn Văn B", "Phó Giám đốc", "Sở Không Có", "05/03/1968", "Nam"),
        ("Nguyễn Văn C", "Phó Giám đốc", "Sở Nội vụ", "31/02/1970", "Nam"),
        ("Nguyễn Văn D", "Phó Giám đốc", "Sở Nội vụ", "05/03/2020", "Nam"),
        ("Nguyễn Văn E", "Phó Giám đốc", "Sở Nội vụ", "05/03/1970", "Không rõ"),
        ("Nguyễn Văn A", "Giám đốc", "Sở Nội vụ", "05/03/1968", "Nam"),
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Cơ quan"),
        (4, "Ngày sinh"),
        (5, "Ngày sinh"),
        (7, "Họ và tên"),
    ]
    assert [(u.label, u.value, u.rows) for u in result.unknown_values] == [
        ("Giới tính", "Không rõ", [6])
    ]
    assert "dd/mm/yyyy" in result.errors[1].message
    assert Cadre.objects.count() == 0


def test_optional_contact_columns_are_checked(agencies):
    headers = CADRE_HEADERS + ("Điện thoại", "Email")
    result = _cadres(
        ("Nguyễn Văn A", "Giám đốc", "Sở Nội vụ", "05/03/1968", "Nam", "không có", "a@"),
        headers=headers,
    )
    assert [(e.column, e.message) for e in result.errors] == [
        ("Điện thoại", "không phải số điện thoại"),
        ("Email", "không phải địa chỉ thư điện tử hợp lệ"),
    ]
