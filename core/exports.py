"""The one tabular export helper for every Excel list: openpyxl in write-only mode, a bold
frozen header row, sensible column widths, dates as dd/mm/yyyy."""

from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="A50E0E")
_TITLE_FONT = Font(bold=True, size=13)


@dataclass
class Sheet:
    title: str
    headers: list
    rows: object  # any iterable of sequences
    widths: list = field(default_factory=list)
    text_columns: set = field(default_factory=set)  # indexes kept as text (codes with zeros)
    caption: str = ""  # an optional line above the header


def _cell(sheet, value, *, text=False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        # openpyxl writes such text as a live formula: a name imported as "=HYPERLINK(…)"
        # would run when the list is opened, and would not import back. It stays text.
        cell.data_type = "s"
    if isinstance(value, datetime):
        cell.value = timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"
    elif text:
        cell.number_format = "@"
    return cell


def sheet_title(title):
    """Excel refuses []:*?/\\ in sheet names and cuts them at 31 characters."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31].strip() or "Sheet"


def write_sheet(workbook, spec):
    sheet = workbook.create_sheet(title=sheet_title(spec.title))
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    first_row = 1
    if spec.caption:
        caption = WriteOnlyCell(sheet, value=spec.caption)
        caption.font = _TITLE_FONT
        sheet.append([caption])
        first_row = 2
    sheet.freeze_panes = f"A{first_row + 1}"
    header = []
    for name in spec.headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    for row in spec.rows:
        sheet.append([_cell(sheet, v, text=i in spec.text_columns) for i, v in enumerate(row)])
    return sheet


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
