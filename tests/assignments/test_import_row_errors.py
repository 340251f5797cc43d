"""A row with several problems shows them all in the preview, not only the first: each cell is
read, and the checks of the model run on the cells that could be read."""

from datetime import date

import pytest
from django.urls import reverse

from assignments.imports import AgencyImport, AssignmentImport, CadreImport, CommuneImport
from assignments.models import Agency, Cadre, Commune
from core.imports import run_import
from tests.factories import AgencyFactory
from tests.workbooks import upload, xlsx

pytestmark = pytest.mark.django_db


def _errors(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_it_reports_every_error_of_a_cadre_row_the_model_check_included():
    AgencyFactory(name="Sở Nội vụ")
    headers = ("Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính", "Điện thoại", "Email")
    result = run_import(
        CadreImport(),
        xlsx(
            [
                headers,
                ("Nguyễn Văn A", None, "Sở Không Có", "05/03/2020", "Nam", "gọi sau", "a@"),
                ("Nguyễn Văn B", None, "Sở Nội vụ", "05/03/1930", "Nam", None, None),
            ]
        ),
    )
    assert _errors(result) == [
        (2, "Chức vụ", "bị bỏ trống"),
        (2, "Điện thoại", "không phải số điện thoại"),
        (2, "Email", "không phải địa chỉ thư điện tử hợp lệ"),
        (2, "Cơ quan", "không có trong danh mục cơ quan: đề nghị nhập hoặc thêm cơ quan trước"),
        (2, "Ngày sinh", "Ngày sinh không hợp lý."),
        (3, "Chức vụ", "bị bỏ trống"),
        (3, "Ngày sinh", "Ngày sinh không hợp lý."),
    ]
    assert not Cadre.objects.exists()


def test_it_reports_every_error_of_a_commune_row():
    headers = ("Mã xã", "Tên xã", "Loại", "Huyện", "Tỉnh", "Email")
    result = run_import(
        CommuneImport(),
        xlsx(
            [
                headers,
                ("04792", "Xã Tân Lạc", "xã", None, "Phú Thọ", None),
                ("ABC", "Tân Sơn", None, "Huyện Tân Sơn", "Phú Thọ", "không có"),
            ]
        ),
    )
    assert [(row, column) for row, column, _message in _errors(result)] == [
        (3, "Mã xã"),
        (3, "Email"),
        (3, "Huyện"),
        (3, "Loại"),
    ]
    assert not Commune.objects.exists()


def test_it_reports_a_repeated_agency_with_a_bad_number_on_the_same_row():
    result = run_import(
        AgencyImport(),
        xlsx(
            [
                ("Tên cơ quan", "Loại", "Số lãnh đạo"),
                ("Sở Y tế", "Sở, ban, ngành", 4),
                ("SỞ Y TẾ", "Sở, ban, ngành", 0),
            ]
        ),
    )
    assert [(row, column) for row, column, _message in _errors(result)] == [
        (3, "Số lãnh đạo"),
        (3, "Tên cơ quan"),
    ]
    assert not Agency.objects.exists()


def test_it_reports_the_commune_and_the_cadre_of_an_annex_row_together():
    AgencyFactory(name="Sở Nội vụ")
    headers = (
        "Mã xã",
        "Họ và tên cán bộ",
        "Cơ quan",
        "Số quyết định",
        "Ngày quyết định",
        "Từ ngày",
    )
    result = run_import(
        AssignmentImport(),
        xlsx([headers, ("99999", "Người Không Có", "Sở Nội vụ", None, "01/08/2025", "02/08/2025")]),
    )
    assert [(row, column) for row, column, _message in _errors(result)] == [
        (2, "Số quyết định"),
        (2, "Mã xã"),
        (2, "Họ và tên cán bộ"),
    ]


def test_the_preview_shows_every_error_of_the_row(client, staff):
    AgencyFactory(name="Sở Nội vụ")
    client.force_login(staff)
    rows = [
        ("Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính"),
        ("Nguyễn Văn A", None, "Sở Không Có", date(2020, 3, 5), "Nam"),
    ]
    response = client.post(
        reverse("registry:import_start"),
        {"kind": "cadres", "file": upload(rows)},
        follow=True,
    )
    page = response.content.decode()
    for message in ("Bị bỏ trống", "Không có trong danh mục cơ quan", "Ngày sinh không hợp lý."):
        assert message in page
