"""The one export helper: whatever list a user downloads, Excel reads numbers as numbers, dates
as dates shown dd/mm/yyyy, ratios as percentages it can add up, under a frozen, filterable
header, with a totals row where the columns add up and a line saying why a sheet is empty."""

import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from core.exports import Column, Sheet, workbook_bytes
from core.ratio import Ratio

FORMS = [
    Column.integer("STT", 6),
    Column.code("Mã xã"),
    Column.text("Xã, phường", 30),
    Column.date("Hạn nộp"),
    Column.integer("Phiếu đã gửi", total=True),
    Column.integer("Phiếu phải nộp", total=True),
    Column.percent("Tỷ lệ", of=("Phiếu đã gửi", "Phiếu phải nộp")),
]
ROWS = [
    (1, "04792", "Xã Tân Lạc", date(2026, 12, 15), 2, 3, Ratio(2, 3)),
    (2, "07900", "Phường Việt Trì", "2026-12-20", 1, 1, Ratio(1, 1)),
]


def _sheet(*specs, name=0):
    book = load_workbook(io.BytesIO(workbook_bytes(specs)))
    return book.worksheets[name] if isinstance(name, int) else book[name]


def _values(sheet):
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_it_writes_numbers_dates_and_ratios_as_excel_reads_them():
    sheet = _sheet(Sheet("Phiếu", FORMS, ROWS))
    tan_lac = sheet[2]
    assert [c.value for c in tan_lac] == [
        1,
        "04792",  # a code keeps its leading zero
        "Xã Tân Lạc",
        datetime(2026, 12, 15),
        2,
        3,
        2 / 3,
    ]
    assert isinstance(tan_lac[0].value, int) and isinstance(tan_lac[3].value, datetime)
    assert tan_lac[1].number_format == "@"
    assert tan_lac[3].number_format == "DD/MM/YYYY"
    assert tan_lac[6].number_format == "0.0%"
    assert sheet["D3"].value == datetime(2026, 12, 20)  # a date given as ISO text: a date


def test_the_header_is_bold_frozen_and_filters_the_data():
    sheet = _sheet(Sheet("Phiếu", FORMS, ROWS, caption="Xã còn thiếu phiếu năm 2026"))
    assert sheet["A1"].value == "Xã còn thiếu phiếu năm 2026"
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:G4"  # the header and the data, not the totals
    assert sheet.column_dimensions["C"].width == 30


def test_the_totals_row_adds_up_and_recomputes_the_ratio():
    sheet = _sheet(Sheet("Phiếu", FORMS, ROWS))
    totals = sheet[4]
    assert [c.value for c in totals] == ["Tổng cộng", None, None, None, 3, 4, 0.75]
    assert totals[6].number_format == "0.0%"  # 3/4, not the sum of 66.7 % and 100 %
    assert all(cell.font.bold for cell in totals)


def test_an_empty_sheet_says_why():
    sheet = _sheet(Sheet("Phiếu", FORMS, [], empty="Không có xã nào còn nợ phiếu."))
    assert _values(sheet)[1][0] == "Không có xã nào còn nợ phiếu."
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A2:G2"]
    assert sheet.max_row == 2  # no totals row under nothing


def test_a_sheet_an_import_reads_back_has_no_totals_and_its_note_above_the_header():
    full = _sheet(Sheet("Xã", FORMS, ROWS, imports_back=True))
    assert full.max_row == 3  # header and two rows: nothing the import would take for a row
    empty = _sheet(Sheet("Xã", FORMS, [], imports_back=True, empty="Điền từ dòng 3."))
    assert _values(empty)[0][0] == "Điền từ dòng 3."
    assert _values(empty)[1][:2] == ("STT", "Mã xã")
    assert empty.freeze_panes == "A3"
    # The columns are typed for what someone types in later: a code keeps its zeros.
    assert empty.column_dimensions["B"].number_format == "@"
    assert empty.column_dimensions["D"].number_format == "DD/MM/YYYY"


def test_a_given_totals_row_is_written_as_given():
    levels = [
        Column.text("Mức độ"),
        Column.integer("Số cán bộ"),
        Column.integer("Cán bộ được nhận xét"),
        Column.percent("Tỷ lệ"),
    ]
    rows = [("Tốt", 1, 2, Ratio(1, 2)), ("Đạt", 1, 2, Ratio(1, 2))]
    sheet = _sheet(Sheet("Mức độ", levels, rows, totals=("Tổng cộng", 2, 2, Ratio(2, 2))))
    assert _values(sheet)[-1] == ("Tổng cộng", 2, 2, 1)


def test_text_that_looks_like_a_formula_stays_text_and_times_are_local():
    columns = [Column.text("Họ và tên"), Column.datetime("Thời điểm")]
    at = datetime(2026, 12, 1, 2, 30, tzinfo=UTC)  # 09:30 in Hà Nội
    sheet = _sheet(Sheet("Nhật ký", columns, [('=HYPERLINK("x")', at)]))
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime(2026, 12, 1, 9, 30)
    assert sheet["B2"].number_format == "DD/MM/YYYY HH:MM"
