"""The one import engine for every workbook (communes, agencies, cadres, assignments).

- The file is checked before openpyxl opens it: size, that it is an .xlsx at all, and that it
  does not inflate beyond reason when unzipped (a "zip bomb").
- openpyxl reads it in read-only mode, row by row, so memory does not grow with the file.
- Headers are found in the first rows and matched whatever their case and diacritics; extra
  columns are ignored.
- Every bad row is reported (row number, column, reason in Vietnamese).
- A formula counts as the value Excel saved with it (what the user sees), never as the formula:
  one that failed (#N/A, #REF!…) is refused; one never calculated (a script wrote the file)
  reads as an empty cell. Text is measured once read and trimmed, so a number cannot slip past
  a limit and spaces around a value do not push it over one.
- All or nothing: rows are written in batches inside one transaction, which is rolled back if
  any row is bad, and always in a dry run. The counts say how many rows are new, changed and
  unchanged, so importing the same file twice shows "0 new, 0 changed".

A kind of workbook is an `ImportSpec` subclass (see assignments/imports.py).
"""

import math
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from . import text
from .formats import date_input_formats, ddmmyyyy

HEADER_SCAN_ROWS = 15
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_REPORTED_ERRORS = 2000
MAX_REPORTED_CHANGES = 200
BATCH_SIZE = 500
# What Excel saves for a formula that failed (a VLOOKUP that found nothing, a deleted reference).
EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not an xlsx, too large, missing columns)."""


class CellError(Exception):
    """One cell's value is unusable; the message says why, in the user's language."""


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple
    required: bool = True  # the column must be present
    blank: bool = False  # the cell may be empty
    parse: object = None  # callable(value) -> value, may raise CellError
    max_length: int = 200
    help: str = ""  # shown in the template's guidance sheet

    @property
    def label(self):
        return self.headers[0]


@dataclass
class RowError:
    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class Change:
    row: int
    action: str  # "new" | "changed"
    label: str
    details: str = ""


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return self.error_count == 0

    @property
    def written(self):
        return self.ok and not self.dry_run

    def add_error(self, row, column, message, value=""):
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            shown = "" if value is None else str(value)
            self.errors.append(RowError(row, column, message, shown[:80]))

    def add_change(self, row, action, label, details=""):
        if action == "new":
            self.new += 1
        else:
            self.changed += 1
        if len(self.changes) < MAX_REPORTED_CHANGES:
            self.changes.append(Change(row, action, label, details))


# --- cell parsers -------------------------------------------------------------------------


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return ddmmyyyy(value)
    return text.clean(str(value))


_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value):
    """A date from an Excel date cell, an Excel serial number, or text dd/mm/yyyy (or ISO)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):  # TRUE is 1 to Excel, but not the day after its epoch
        raise CellError(_("not a date (write it as dd/mm/yyyy, e.g. 25/12/2025)"))
    if isinstance(value, int | float):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(_("not a date"))
    raw = cell_text(value)
    for fmt in date_input_formats():  # as a form reads it: dd/mm/yyyy, and ISO
        try:
            return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise CellError(_("not a date (write it as dd/mm/yyyy, e.g. 25/12/2025)"))


def parse_positive_int(value):
    if isinstance(value, bool):
        raise CellError(_("not a whole number"))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CellError(_("not a whole number"))
        number = value
    else:
        raw = cell_text(value).replace(".", "").replace(" ", "")
        try:
            number = int(raw)
        except ValueError as exc:
            raise CellError(_("not a whole number")) from exc
    if number != int(number) or number < 1 or number > 1000:
        raise CellError(_("must be a whole number from 1 to 1000"))
    return int(number)


def parse_email(value):
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    raw = cell_text(value)
    try:
        validate_email(raw)
    except ValidationError as exc:
        raise CellError(_("not a valid e-mail address")) from exc
    return raw.lower()


def parse_phone(value):
    raw = cell_text(value)
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not 8 <= len(digits) <= 15 or any(ch not in "0123456789 +-.()" for ch in raw):
        raise CellError(_("not a phone number"))
    return raw


def choice_parser(options, message):
    """A parser that accepts any spelling of the given labels: {folded label: value}."""
    folded = {text.fold(label): value for label, value in options.items()}

    def parse(value):
        key = text.fold(cell_text(value))
        if key in folded:
            return folded[key]
        raise CellError(message)

    return parse


# --- the engine ---------------------------------------------------------------------------


def check_xlsx_file(uploaded, max_bytes=None):
    """Refuse what is not a reasonable .xlsx before any parser sees it."""
    max_bytes = max_bytes or settings.IMPORT_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, 2)
        size = uploaded.tell()
    uploaded.seek(0)
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > max_bytes:
        raise ImportFileError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": max_bytes // 1024 // 1024}
        )
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel 97-2003 file (.xls). Open it in Excel and save it as .xlsx.")
        )
    if not zipfile.is_zipfile(uploaded):
        uploaded.seek(0)
        raise ImportFileError(_("This is not an Excel workbook (.xlsx)."))
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise ImportFileError(_("This is not an Excel workbook (.xlsx)."))
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("The file is damaged and cannot be read.")) from exc
    finally:
        uploaded.seek(0)
    if unzipped > MAX_UNZIPPED_BYTES or unzipped > size * MAX_COMPRESSION_RATIO:
        raise ImportFileError(
            _("The file inflates far too much when unzipped; it was refused for safety.")
        )


def _open_rows(uploaded):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise ImportFileError(_("The workbook cannot be read: it may be damaged.")) from exc
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        workbook.close()
        raise ImportFileError(_("The workbook has no sheet."))
    return workbook, _guarded(sheet.iter_rows(values_only=True))


def _guarded(rows):
    """Rows are parsed lazily: a sheet damaged halfway fails halfway, and says so clearly."""
    try:
        yield from rows
    except Exception as exc:  # XML and zip errors of every kind
        raise ImportFileError(_("The workbook cannot be read: it may be damaged.")) from exc


def _match_headers(cells, columns):
    """{column key: index} for a header row, or None if a required column is missing."""
    folded = [text.fold(cell_text(c)).rstrip("*( )").strip() for c in cells]
    found = {}
    for column in columns:
        accepted = {text.fold(h) for h in column.headers}
        for index, name in enumerate(folded):
            if name in accepted and index not in found.values():
                found[column.key] = index
                break
    return found


class ImportSpec:
    """One kind of workbook. Subclasses declare `kind`, `columns`, and implement
    `prepare()`, `process(row_number, values, result)` and optionally `finish(result)`."""

    kind = ""
    columns: tuple = ()

    def __init__(self, *, user=None, options=None):
        self.user = user
        self.options = options or {}

    # hooks -------------------------------------------------------------------------------
    def begin(self, first_row_values, result):
        """Called once with the first data row, before `prepare`: decide file-wide settings."""

    def prepare(self):
        """Load what rows are matched against (one query per table, never one per row)."""

    def process(self, row_number, values, result):
        """Validate one row (adding errors to result) and stage its write."""
        raise NotImplementedError

    def flush(self, write=True):
        """Write staged rows and forget them (every BATCH_SIZE rows and at the end); with
        write=False (a bad row was seen, nothing will be kept) only forget them."""

    def finish(self, result):
        """After all rows: file-wide checks."""

    # the run -----------------------------------------------------------------------------
    def read_values(self, row, header_map, row_number, result):
        values, bad = {}, False
        for column in self.columns:
            index = header_map.get(column.key)
            raw = row[index] if index is not None and index < len(row) else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if column.key in header_map and not column.blank:
                    result.add_error(row_number, column.label, _("is empty"))
                    bad = True
                values[column.key] = None
                continue
            value, problem = _read_cell(column, raw)
            if problem:
                result.add_error(row_number, column.label, *problem)
                bad = True
                continue
            values[column.key] = value
        return values, bad


def _too_long(text, limit):
    return _("is too long (%(length)d characters, at most %(limit)d)") % {
        "length": len(text),
        "limit": limit,
    }


def _read_cell(column, raw):
    """(value, None), or (None, (message, value shown)) for a cell that cannot be taken.

    Text is trimmed and normalised first (text.clean), then measured: «1250-QĐ/TU» padded with
    spaces is the decision number it shows, not a value too long."""
    if isinstance(raw, str):
        raw = text.clean(raw)
        if raw in EXCEL_ERRORS:
            message = _("is an Excel error (%(error)s): correct the formula, or type the value")
            return None, (message % {"error": raw}, raw)
    try:
        value = column.parse(raw) if column.parse else cell_text(raw)
    except CellError as exc:
        return None, (str(exc), cell_text(raw))
    if isinstance(value, str) and len(value) > column.max_length:
        # Measured once read, whatever the cell held: a number becomes text too (1E+250 has
        # 251 digits).
        return None, (_too_long(value, column.max_length), value)
    return value, None


def run_import(spec, uploaded, *, dry_run=False):
    """Check, read and (unless dry_run or any row is bad) write a workbook. Never half-writes."""
    check_xlsx_file(uploaded)
    result = ImportResult(kind=spec.kind, dry_run=dry_run)
    workbook, rows = _open_rows(uploaded)
    try:
        header_map, header_row = None, 0
        for number, row in enumerate(rows, start=1):
            candidate = _match_headers(row or (), spec.columns)
            if all(c.key in candidate for c in spec.columns if c.required):
                header_map, header_row = candidate, number
                break
            if number >= HEADER_SCAN_ROWS:
                break
        if header_map is None:
            required = ", ".join(f"«{c.label}»" for c in spec.columns if c.required)
            raise ImportFileError(
                _("No header row with the required columns was found. Required: %(columns)s.")
                % {"columns": required}
            )
        try:
            with transaction.atomic():
                _run_rows(spec, rows, header_map, header_row, result)
                if not result.ok or dry_run:
                    raise _Rollback
        except _Rollback:
            pass
    finally:
        workbook.close()
    if result.rows == 0 and result.ok:
        raise ImportFileError(_("The sheet has a header row but no data rows."))
    return result


def _run_rows(spec, rows, header_map, header_row, result):
    prepared = False
    pending = 0
    for number, row in enumerate(rows, start=header_row + 1):
        if not row or all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            continue
        result.rows += 1
        values, bad = spec.read_values(row, header_map, number, result)
        if not prepared:
            spec.begin(values, result)
            spec.prepare()
            prepared = True
        if bad:
            continue
        spec.process(number, values, result)
        pending += 1
        if pending >= BATCH_SIZE:
            spec.flush(write=result.ok)
            pending = 0
    if prepared:
        spec.flush(write=result.ok)
        spec.finish(result)


def template_bytes(spec):
    """A blank workbook for a kind of import: its headers, and a sheet that explains them."""
    from .exports import Sheet, workbook_bytes

    headers = [c.label for c in spec.columns]
    guide = [
        (
            c.label,
            _("required") if c.required and not c.blank else _("optional"),
            str(c.help),
            ", ".join(c.headers[1:]),
        )
        for c in spec.columns
    ]
    return workbook_bytes(
        [
            Sheet(
                str(spec.title),
                headers,
                [],
                widths=[max(14, len(h) + 4) for h in headers],
                text_columns={0},
            ),
            Sheet(
                _("Guide"),
                [_("Column"), _("Required"), _("What to write"), _("Also accepted")],
                guide,
                widths=[22, 12, 60, 40],
            ),
        ]
    )
