"""The one tabular export helper for every Excel file the application writes.

A sheet declares its columns once, each with its type and width (`Column.text`,
`Column.integer`, `Column.date`, `Column.percent`, …); the helper then writes every sheet alike:
- numbers as numbers, dates as real dates shown dd/mm/yyyy, ratios as numbers shown "97.9%"
  (their numerator and denominator in columns of their own beside them), codes as text so that
  04792 keeps its zero;
- a bold header row, frozen, repeated on every printed page, with an autofilter over the data;
- a "Tổng cộng" row under the data where columns add up (computed here, so a viewer that does
  not recalculate formulas shows the same figures as Excel);
- a line saying why when a sheet has no row, never a bare header.

openpyxl runs in write-only mode: rows stream from a queryset's iterator, memory stays flat."""

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEXT, CODE, INTEGER, DATE, DATETIME, PERCENT = (
    "text",
    "code",
    "integer",
    "date",
    "datetime",
    "percent",
)
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"  # "1.234" in a Vietnamese Excel
FORMATS = {
    CODE: "@",
    INTEGER: INTEGER_FORMAT,
    DATE: DATE_FORMAT,
    DATETIME: DATETIME_FORMAT,
    PERCENT: PERCENT_FORMAT,
}

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="A50E0E")
_TITLE_FONT = Font(bold=True, size=13)
_TOTAL_FONT = Font(bold=True)
_NOTE_FONT = Font(italic=True)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, how its cells are written, its width."""

    header: str
    kind: str = TEXT
    width: float = 20
    total: bool = False  # added up in the totals row
    ratio_of: tuple = ()  # a percent column: (numerator header, denominator header)

    @classmethod
    def text(cls, header, width=24):
        return cls(str(header), TEXT, width)

    @classmethod
    def code(cls, header, width=10):
        """Digits kept as text: an official code keeps its leading zeros."""
        return cls(str(header), CODE, width)

    @classmethod
    def integer(cls, header, width=12, *, total=False):
        return cls(str(header), INTEGER, width, total)

    @classmethod
    def date(cls, header, width=12):
        return cls(str(header), DATE, width)

    @classmethod
    def datetime(cls, header, width=17):
        return cls(str(header), DATETIME, width)

    @classmethod
    def percent(cls, header, width=10, *, of=()):
        """Cells take a core.ratio.Ratio (or a fraction). `of` names the numerator's and the
        denominator's columns, which sit beside it: the totals row divides their totals."""
        return cls(str(header), PERCENT, width, ratio_of=tuple(str(h) for h in of))

    def value(self, value):
        """The cell's value as Excel should hold it for this column's type."""
        if value is None or value == "":
            return None
        if self.kind == INTEGER:
            return int(value)
        if self.kind == DATE:
            if isinstance(value, str):
                value = date.fromisoformat(value)
            return value.date() if isinstance(value, datetime) else value
        if self.kind == DATETIME:
            if isinstance(value, datetime) and value.tzinfo:
                return timezone.localtime(value).replace(tzinfo=None)
            return value
        if self.kind == PERCENT:
            if hasattr(value, "denominator") and hasattr(value, "numerator"):
                if not value.denominator:
                    return None
                return value.numerator / value.denominator
            return float(value)
        return str(value)


def _column(spec):
    return spec if isinstance(spec, Column) else Column.text(spec)


@dataclass
class Sheet:
    title: str
    columns: list  # Column, or a plain header for a text column
    rows: object  # any iterable of sequences, one value per column
    caption: str = ""  # a line above the header
    empty: str = ""  # why the sheet has no row: written in its place
    imports_back: bool = False  # an import reads it back: no totals row, no line among the rows
    totals: tuple = None  # the totals row when it is not the sum of the `total` columns

    def __post_init__(self):
        self.columns = [_column(c) for c in self.columns]

    @property
    def headers(self):
        return [c.header for c in self.columns]


def sheet_title(title):
    """Excel refuses []:*?/\\ in sheet names and cuts them at 31 characters."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31].strip() or "Sheet"


def _cell(sheet, column, value):
    cell = WriteOnlyCell(sheet, value=column.value(value))
    if isinstance(cell.value, str) and cell.value.startswith("="):
        # openpyxl writes such text as a live formula: a name imported as "=HYPERLINK(…)"
        # would run when the list is opened, and would not import back. It stays text.
        cell.data_type = "s"
    if column.kind in FORMATS:
        cell.number_format = FORMATS[column.kind]
    return cell


def _note(sheet, text, font=_NOTE_FONT):
    cell = WriteOnlyCell(sheet, value=str(text))
    cell.font = font
    return cell


def _totals_row(sheet, columns, values):
    cells = []
    for column, value in zip(columns, values, strict=True):
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
        else:
            cell = _cell(sheet, column, value)
        cell.font = _TOTAL_FONT
        cells.append(cell)
    sheet.append(cells)


def _totals(columns, sums):
    """The totals row: the sum of each column that adds up, each ratio recomputed from the
    totals of its numerator and denominator (never a sum of percentages)."""
    by_header = {c.header: i for i, c in enumerate(columns)}
    label_at = next((i for i, c in enumerate(columns) if not c.total and c.kind != PERCENT), 0)
    values = []
    for index, column in enumerate(columns):
        value = None
        if index == label_at:
            value = _("Total")
        elif column.total:
            value = sums[index]
        elif column.kind == PERCENT and column.ratio_of:
            numerator, denominator = (sums[by_header[h]] for h in column.ratio_of)
            value = numerator / denominator if denominator else None
        values.append(value)
    return values


def write_sheet(workbook, spec):
    columns = spec.columns
    last = get_column_letter(max(len(columns), 1))
    rows = iter(spec.rows)
    first = next(rows, None)
    note_above = first is None and spec.imports_back
    header_row = 1 + bool(spec.caption) + note_above
    sheet = workbook.create_sheet(title=sheet_title(spec.title))
    # What precedes the first row in the file: widths, frozen panes, page set-up.
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.kind in FORMATS:  # for the cells someone types in later, too
            dimension.number_format = FORMATS[column.kind]
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if sum(c.width for c in columns) > 120:
        sheet.page_setup.orientation = "landscape"
    if spec.caption:
        sheet.append([_note(sheet, spec.caption, _TITLE_FONT)])
    if note_above:
        # Above the header, where an import looks for it and skips what comes before.
        sheet.append([_note(sheet, spec.empty or _("Nothing to list."))])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    last_row = header_row
    sums = [0] * len(columns)
    adds_up = [i for i, c in enumerate(columns) if c.total]
    if first is not None:
        for row in _chain(first, rows):
            cells = [_cell(sheet, c, v) for c, v in zip(columns, row, strict=False)]
            for i in adds_up:
                sums[i] += cells[i].value or 0
            sheet.append(cells)
            last_row += 1
    sheet.auto_filter.ref = f"A{header_row}:{last}{last_row}"
    if first is None and not note_above:
        sheet.append([_note(sheet, spec.empty or _("Nothing to list."))])
        sheet.merged_cells.add(f"A{header_row + 1}:{last}{header_row + 1}")
    has_totals = adds_up or any(c.ratio_of for c in columns)
    if first is not None and spec.totals is not None:
        _totals_row(sheet, columns, spec.totals)
    elif first is not None and has_totals and not spec.imports_back:
        _totals_row(sheet, columns, _totals(columns, sums))
    return sheet


def _chain(first, rest):
    yield first
    yield from rest


def workbook_bytes(sheets):
    workbook = Workbook(write_only=True)
    for spec in sheets:
        write_sheet(workbook, spec)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, sheets):
    return xlsx_attachment(filename, workbook_bytes(sheets))


def xlsx_attachment(filename, content):
    """An Excel file already made (a workbook's bytes), as a download."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
