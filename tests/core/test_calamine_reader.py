"""Imports read workbooks with calamine (fast) and get what openpyxl read: dates, numbers, codes
kept as text, empty cells, formulas' saved values, merged cells, the note above the header.
A sheet calamine would read otherwise (an error cell, unusual characters) is read by openpyxl."""

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from assignments.imports import IMPORT_SPECS, CommuneImport
from core import imports
from core.imports import _calamine_rows, _open_rows, _openpyxl_rows, run_import, template_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _normalised(rows):
    """Rows as the engine sees them: an empty or blank cell is empty (read_values and the blank
    row check treat None and "  " alike), trailing empty cells dropped."""
    out = []
    for row in rows:
        cells = [None if isinstance(c, str) and not c.strip() else c for c in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _typed(rows):
    """Each value with its kind: a number is a number (4792 or 4792.0: the engine reads both the
    same), anything else keeps its exact type (a datetime is not a date, "04792" is not 4792)."""
    return [
        [("number", c) if type(c) in (int, float) else (type(c).__name__, c) for c in row]
        for row in rows
    ]


def read_both(data):
    """The first sheet's rows as openpyxl reads them, and as calamine does."""
    close, _declared, rows = _openpyxl_rows(io.BytesIO(data))
    by_openpyxl = list(rows)
    close()
    opened = _calamine_rows(io.BytesIO(data))
    assert opened is not None, "calamine could not open the workbook"
    by_calamine = list(opened[1])
    opened[0]()
    return _normalised(by_openpyxl), _normalised(by_calamine)


def assert_same_values(data):
    by_openpyxl, by_calamine = read_both(data)
    assert _typed(by_calamine) == _typed(by_openpyxl)
    return by_calamine


def _saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_cached_values(data, cached):
    """The workbook with the values Excel saves beside formulas ({formula: (type, value)}):
    openpyxl writes formulas without them, as a script would."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for formula, (kind, value) in cached.items():
                    before = f"><f>{formula}</f><v /></c>".encode()
                    assert before in content, content
                    after = f' t="{kind}"><f>{formula}</f><v>{value}</v></c>'.encode()
                    content = content.replace(before, after)
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.xlsx")))
def test_it_reads_the_fixture_workbooks_as_openpyxl_does(name):
    rows = assert_same_values((FIXTURES / name).read_bytes())
    assert len(rows) > 100


@pytest.mark.parametrize("kind", sorted(IMPORT_SPECS))
def test_it_reads_a_filled_in_import_template_as_openpyxl_does(kind):
    """The template has the 'how to fill it in' line above its header, typed columns (a code
    kept as text, dates shown dd/mm/yyyy), and a guide sheet after it."""
    workbook = load_workbook(io.BytesIO(template_bytes(IMPORT_SPECS[kind]())))
    sheet = workbook.worksheets[0]
    for n in range(1, 6):
        sheet.append(
            [
                f"{n:05d}",
                date(2025, 7, n),
                datetime(1970, 1, n, 0, 0),
                4792.0,
                n,
                "  padded  ",
                None,
                True,
                1.5,
            ]
        )
    rows = assert_same_values(_saved(workbook))
    note, header = rows[0], rows[1]
    assert note and isinstance(note[0], str)
    assert header[0] == IMPORT_SPECS[kind].columns[0].label
    assert rows[2][:4] == ["00001", datetime(2025, 7, 1), datetime(1970, 1, 1), 4792]


@pytest.mark.parametrize("kind", sorted(IMPORT_SPECS))
def test_it_reads_a_blank_import_template_as_openpyxl_does(kind):
    assert_same_values(template_bytes(IMPORT_SPECS[kind]()))


def test_it_reads_formulas_as_the_value_excel_saved_with_them():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã xã", "Số", "Đôi", "Tên", "Chưa tính"])
    sheet.append(["04792", 21, "=B2*2", '=CONCAT("Xã ","Tân Lạc")', "=B2+1"])
    data = _with_cached_values(
        _saved(workbook), {"B2*2": ("n", "42"), 'CONCAT("Xã ","Tân Lạc")': ("str", "Xã Tân Lạc")}
    )
    rows = assert_same_values(data)
    # Never calculated (a script wrote it): an empty cell, as openpyxl read it.
    assert rows[1] == ["04792", 21, 42, "Xã Tân Lạc"]


def test_it_reads_merged_cells_dates_times_and_a_table_away_from_a1_as_openpyxl_does():
    workbook = Workbook()
    sheet = workbook.active
    sheet["C3"] = "Danh sách xã (điền từ dòng 5)"
    sheet.merge_cells("C3:F3")
    sheet["C4"], sheet["D4"], sheet["E4"], sheet["F4"] = "Mã xã", "Ngày", "Giờ", "Ghi chú"
    sheet["C5"], sheet["D5"], sheet["E5"] = "04792", datetime(2025, 12, 25, 10, 30), time(8, 30)
    sheet["C6"], sheet["D6"], sheet["F6"] = 4792, date(1999, 2, 28), "Ghép ô"
    sheet.merge_cells("F6:G7")
    sheet["C8"] = "  "
    sheet["C9"] = 1e20
    rows = assert_same_values(_saved(workbook))
    assert rows[4] == [None, None, "04792", datetime(2025, 12, 25, 10, 30), time(8, 30)]
    assert rows[5] == [None, None, 4792, datetime(1999, 2, 28), None, "Ghép ô"]


cells = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.from_regex(r"0[0-9]{4}", fullmatch=True),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(min_value=0, max_value=2**20).map(float),
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.booleans(),
)


@given(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=6))
def test_any_cells_read_the_same_by_calamine_and_openpyxl(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    data = _saved(workbook)
    if _open_rows_reader(data) == "openpyxl":
        return  # text calamine might read otherwise: openpyxl reads it, as before
    assert_same_values(data)


def _open_rows_reader(data):
    """Which reader the engine chose for a workbook."""
    chosen = []
    original = imports._openpyxl_rows
    with mock.patch.object(
        imports, "_openpyxl_rows", lambda uploaded: chosen.append(1) or original(uploaded)
    ):
        close, _declared, _rows = _open_rows(io.BytesIO(data))
    close()
    return "openpyxl" if chosen else "calamine"


def test_a_sheet_with_an_excel_error_is_read_by_openpyxl_which_reads_the_error():
    workbook = Workbook()
    workbook.active.append(["Tên cơ quan", "Loại", "Số lãnh đạo"])
    workbook.active.append(["#N/A", "Sở, ban, ngành", 3])
    data = _saved(workbook)
    assert _open_rows_reader(data) == "openpyxl"
    plain = Workbook()
    plain.active.append(["Tên cơ quan", "Loại", "Số lãnh đạo"])
    assert _open_rows_reader(_saved(plain)) == "calamine"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.xlsx")))
def test_an_import_says_the_same_whichever_reader_reads_the_file(name, monkeypatch):
    data = (FIXTURES / name).read_bytes()
    by_calamine = run_import(CommuneImport(), io.BytesIO(data), dry_run=True).as_dict()
    monkeypatch.setattr(imports, "_calamine_rows", lambda uploaded: None)
    by_openpyxl = run_import(CommuneImport(), io.BytesIO(data), dry_run=True).as_dict()
    assert by_calamine == by_openpyxl
    assert by_calamine["new"] > 100 and by_calamine["error_count"] == 0


def test_a_sheet_that_declares_no_size_is_refused_for_too_many_rows_before_it_is_read(settings):
    """openpyxl's write-only mode, as scripts use it, writes no <dimension>: the rows are
    counted in the XML, so calamine never holds a sheet over the limit."""
    settings.IMPORT_MAX_ROWS = 50
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Xa")
    sheet.append(["Tên cơ quan", "Loại", "Số lãnh đạo"])
    for n in range(60):
        sheet.append([f"Sở {n}", "Sở, ban, ngành", 3])
    data = _saved(workbook)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")

    def never(uploaded):
        raise AssertionError("calamine opened a sheet over the limit")

    with (
        mock.patch.object(imports, "_calamine_rows", never),
        pytest.raises(imports.TooManyRows) as refused,
    ):
        run_import(IMPORT_SPECS["agencies"](), io.BytesIO(data), dry_run=True)
    assert refused.value.limit == 50 and refused.value.rows is None
