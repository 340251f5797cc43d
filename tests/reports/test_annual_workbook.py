"""The annual workbook leaders download beside the summary: a sheet per table, every form's
answers, and figures Excel can work with (numbers, dates, percentages, totals, filters)."""

import io
from datetime import datetime

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from reports.figures import annual_summary
from reports.workbook import annual_workbook
from tests.accounts.old_map import old_commune
from tests.workbooks import rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook_2026(year_2026, tmp_path):
    call_command("build_report", "--year", "2026", "--out-dir", str(tmp_path))
    assert (tmp_path / "bao-cao-tong-hop-2026.pdf").exists()
    return (tmp_path / "so-lieu-2026.xlsx").read_bytes()


def test_the_workbook_has_a_sheet_per_table_and_every_forms_answers(workbook_2026):
    book = load_workbook(io.BytesIO(workbook_2026))
    assert book.sheetnames == [
        "Tổng hợp",
        "Mức độ hoàn thành",
        "Đề nghị biểu dương",
        "Đề nghị thay thế",
        "Xã thiếu cán bộ theo dõi",
        "Cán bộ theo dõi 2 xã",
        "Theo cơ quan",  # and no "Theo huyện": 2026 has no districts
        "Theo dõi cấp xã",  # the commune level (issue 17), from 2025 on
        "Danh sách cán bộ",
        "Phiếu nhận xét",
    ]
    assert book["Phiếu nhận xét"].freeze_panes == "A2"

    caption, header, *lines = rows_of(workbook_2026, "Tổng hợp")
    # The round is still open: the figures say they are provisional.
    title, provisional = caption[0].split(". ", 1)
    assert title == "Kết quả nhận xét cán bộ theo dõi cơ sở năm 2026"
    assert provisional.startswith("Số liệu tạm tính đến ngày")
    assert header == ("Chỉ tiêu", "Số liệu", "Trên tổng số", "Tỷ lệ")
    figures = {line[0]: line[1:] for line in lines}
    assert figures["Phiếu phải nộp"] == (3, None, None)
    assert figures["Phiếu đã gửi"] == (3, 3, 1)  # 3 of 3, 100 %: a number, not "100,0 %"
    assert figures["Tổng số lượt về cơ sở (xã ghi trong phiếu)"] == (13, None, None)
    assert figures["Cán bộ được đề nghị biểu dương"] == (0, 2, 0)
    assert figures["Cán bộ bị đề nghị thay thế"] == (1, None, None)

    assert rows_of(workbook_2026, "Mức độ hoàn thành") == [
        ("Mức độ", "Số cán bộ", "Cán bộ được nhận xét", "Tỷ lệ"),
        ("Hoàn thành xuất sắc nhiệm vụ", 0, 2, 0),
        ("Hoàn thành tốt nhiệm vụ", 1, 2, 0.5),
        ("Hoàn thành nhiệm vụ", 1, 2, 0.5),
        ("Không hoàn thành nhiệm vụ", 0, 2, 0),
        ("Tổng cộng", 2, 2, 1),
    ]
    assert rows_of(workbook_2026, "Đề nghị thay thế") == [
        ("STT", "Họ và tên", "Chức vụ", "Cơ quan", "Lý do"),
        (1, "Lê Thị Lan", "Phó Giám đốc", "Sở Nội vụ", "Xã Tân Lạc: Ít về cơ sở"),
    ]
    header, *forms, totals = rows_of(workbook_2026, "Phiếu nhận xét")
    assert header[:8] == (
        "STT",
        "Mã xã",
        "Xã, phường",
        "Cán bộ",
        "Cơ quan",
        "Trạng thái",
        "Ngày gửi",
        "Muộn",
    )
    assert header[14:] == (
        "Số lượt về cơ sở",
        "Số cuộc họp",
        "Mức độ",
        "Biểu dương",
        "Thay thế",
        "Lý do thay thế",
        "Ưu điểm",
        "Hạn chế",
        "Kiến nghị",
        "Người ký",
    )
    assert [form[:6] for form in forms] == [
        (1, "07900", "Phường Việt Trì", "Nguyễn Văn Hùng", "Sở Nội vụ", "đã gửi"),
        (2, "04792", "Xã Tân Lạc", "Lê Thị Lan", "Sở Nội vụ", "đã gửi"),
        (3, "09001", "Xã Thứ Ba", "Nguyễn Văn Hùng", "Sở Nội vụ", "đã gửi"),
    ]
    lan = forms[1]
    assert isinstance(lan[6], datetime)  # the day it was sent, as a date
    assert lan[8] == "Nhận xét tiêu chí 1."  # the first criterion's comment
    assert lan[14:20] == (3, 2, "Hoàn thành tốt nhiệm vụ", None, "Có", "Ít về cơ sở")
    assert (totals[0], totals[14], totals[15]) == ("Tổng cộng", 13, 8)


def test_its_figures_are_typed_filtered_and_totalled(workbook_2026):
    book = load_workbook(io.BytesIO(workbook_2026))
    forms = book["Phiếu nhận xét"]
    assert forms["G2"].number_format == "DD/MM/YYYY"
    assert forms.auto_filter.ref.startswith("A1:") and forms.auto_filter.ref.endswith("4")

    by_agency = book["Theo cơ quan"]
    header, agency, totals = by_agency.iter_rows(max_col=5)
    assert [c.value for c in header] == [
        "Cơ quan, đơn vị",
        "Cán bộ được nhận xét",
        "Phiếu phải nộp",
        "Phiếu đã gửi",
        "Tỷ lệ phiếu đã gửi",
    ]
    assert [c.value for c in agency] == ["Sở Nội vụ", 2, 3, 3, 1]
    assert agency[4].number_format == "0.0%"
    assert [c.value for c in totals] == ["Tổng cộng", 2, 3, 3, 1]
    assert by_agency.auto_filter.ref.startswith("A1:") and by_agency.auto_filter.ref[-1] == "2"

    overview = book["Tổng hợp"]
    submitted = next(row for row in overview.iter_rows() if row[0].value == "Phiếu đã gửi")
    assert submitted[3].number_format == "0.0%"


def test_a_name_list_has_one_person_per_row_and_an_empty_one_says_why(workbook_2026):
    # Hùng follows Việt Trì and, as an exception, Xã Thứ Ba: a row for each commune.
    assert rows_of(workbook_2026, "Cán bộ theo dõi 2 xã") == [
        ("STT", "Họ và tên", "Cơ quan", "Xã theo dõi"),
        (1, "Nguyễn Văn Hùng", "Sở Nội vụ", "Phường Việt Trì"),
        (1, "Nguyễn Văn Hùng", "Sở Nội vụ", "Xã Thứ Ba (Chờ bổ sung lãnh đạo)"),
    ]
    # No cadre is proposed by every commune for commendation: the sheet says so.
    assert rows_of(workbook_2026, "Đề nghị biểu dương") == [
        ("STT", "Họ và tên", "Chức vụ", "Cơ quan"),
        (
            "Năm 2026 không có cán bộ nào được tất cả các xã theo dõi đề nghị biểu dương.",
            None,
            None,
            None,
        ),
    ]


def test_a_year_with_districts_has_a_district_column_and_sheet(staff):
    old_commune("04793", "Xã Mãn Đức")  # Huyện Tân Lạc, before 1/7/2025; nobody follows it
    content = annual_workbook(annual_summary(2024))
    book = load_workbook(io.BytesIO(content))
    assert "Theo huyện" in book.sheetnames
    assert rows_of(content, "Xã thiếu cán bộ theo dõi") == [
        ("STT", "Xã, phường", "Huyện", "Số ngày không có cán bộ"),
        (1, "Xã Mãn Đức", "Huyện Tân Lạc", 366),
    ]
    assert rows_of(content, "Theo huyện") == [
        ("Huyện", "Số xã", "Phiếu phải nộp", "Phiếu đã gửi", "Tỷ lệ phiếu đã gửi"),
        ("Huyện Tân Lạc", 1, 0, 0, None),
        ("Tổng cộng", 1, 0, 0, None),
    ]
    # No round in 2024: the forms sheet says there is none rather than showing a bare header.
    assert rows_of(content, "Phiếu nhận xét")[1][0] == (
        "Năm 2024 chưa có xã, phường nào gửi phiếu nhận xét."
    )


def test_a_year_without_districts_has_no_district_column(year_2026):
    content = annual_workbook(annual_summary(2026))
    assert "Theo huyện" not in load_workbook(io.BytesIO(content)).sheetnames
    header = rows_of(content, "Xã thiếu cán bộ theo dõi")[0]
    assert "Huyện" not in header
