"""The one import engine for every workbook (communes, agencies, cadres, assignments).

- The file is checked before any reader opens it: size, that it is an .xlsx at all, and that it
  does not inflate beyond reason when unzipped (a "zip bomb").
- python-calamine (a Rust reader, several times faster) reads the first sheet, its cells as
  openpyxl gives them (`_as_openpyxl`). A sheet with an error cell (#N/A…), which calamine
  reads as empty, or with text the two might read apart (a control character, a character
  reference) is read by openpyxl in read-only mode, as before. openpyxl still writes every
  workbook.
- Headers are found in the first rows and matched whatever their case and diacritics; extra
  columns are ignored.
- Every bad row is reported (row number, column, reason in Vietnamese), with every error of the
  row: each cell is read, and the spec still checks what the good cells allow (`RowValues.bad`).
- A column with a fixed list of values (a type, a gender) has a `Vocabulary`: any case,
  diacritics, spacing or punctuation, and the usual abbreviations. A value still unknown is not
  an error but listed once per file (`ImportResult.unknown`), for staff to say what it means;
  their answer is kept (core.models.ImportValueMapping) and read by every later import.
- A sheet over settings.IMPORT_MAX_ROWS is refused before its rows are read: by the size it
  declares (its <dimension>), else by the <row> elements its XML holds (calamine would hold
  them all), and in any case when reading passes the limit.
- A formula counts as the value Excel saved with it (what the user sees), never as the formula:
  one that failed (#N/A, #REF!…) is refused; one never calculated (a script wrote the file)
  reads as an empty cell. Text is measured once read and trimmed, so a number cannot slip past
  a limit and spaces around a value do not push it over one.
- All or nothing: rows are written in batches inside one transaction, which is rolled back if
  any row is bad, and always in a dry run. The counts say how many rows are new, changed and
  unchanged, so importing the same file twice shows "0 new, 0 changed".

A kind of workbook is an `ImportSpec` subclass (see assignments/imports/).
"""

import math
import re
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
# Distinct unknown values listed for staff to map, and rows named for each; more distinct values
# than this is the wrong column, not a vocabulary, and the rest are plain errors.
MAX_UNKNOWN_VALUES = 50
MAX_UNKNOWN_ROWS = 10
# A longer text is not a word from a list: an error, never offered for mapping.
MAX_MAPPED_LENGTH = 100
# What Excel saves for a formula that failed (a VLOOKUP that found nothing, a deleted reference).
EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not an xlsx, too large, missing columns)."""


class TooManyRows(ImportFileError):
    """The sheet has more rows than may be imported at once (settings.IMPORT_MAX_ROWS)."""

    def __init__(self, limit, rows=None):
        from django.utils.formats import number_format

        def shown(n):
            return number_format(n, force_grouping=True)

        if rows is None:
            message = _(
                "The sheet has more than %(limit)s rows; at most %(limit)s can be imported at "
                "once: split the file."
            ) % {"limit": shown(limit)}
        else:
            message = _(
                "The sheet has %(rows)s rows; at most %(limit)s can be imported at once. If most "
                "of them are empty, delete the rows below the table in Excel (a row that was "
                "once formatted still counts); otherwise split the file."
            ) % {"rows": shown(rows), "limit": shown(limit)}
        super().__init__(message)
        self.limit, self.rows = limit, rows


class CellError(Exception):
    """One cell's value is unusable; the message says why, in the user's language."""


class _Rollback(Exception):
    pass


class Vocabulary:
    """The values of a column with a fixed list (DECISIONS, Import vocabulary).

    `aliases` is {value: (word, other spellings…)}, declared beside the choices they map to: the
    first word is the one exports write and the preview offers. Every spelling is matched on
    `text.choice_key`, so case, diacritics, tone placement, spaces and punctuation do not
    matter. `message` is said of a value that cannot even be offered for mapping."""

    def __init__(self, aliases, message):
        self.choices = tuple((value, words[0]) for value, words in aliases.items())
        self.values = frozenset(aliases)
        self.spellings = {word: value for value, words in aliases.items() for word in words}
        self.known = {}
        for word, value in self.spellings.items():
            self.known.setdefault(text.choice_key(word), value)
        self.message = message

    def word(self, value):
        """How a value is written in a workbook ("Sở, ban, ngành")."""
        return dict(self.choices).get(value, value)


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple
    required: bool = True  # the column must be present
    blank: bool = False  # the cell may be empty
    parse: object = None  # callable(value) -> value, may raise CellError
    max_length: int = 200
    help: str = ""  # shown in the template's guidance sheet
    vocabulary: Vocabulary = None  # a fixed list of values (then `parse` is not used)

    @property
    def label(self):
        return self.headers[0]


class RowValues(dict):
    """A row's values by column key. `bad` holds the keys of the cells that could not be read
    (reported already, their value None): a spec checks what the other cells allow, so the
    preview shows every error of a row, and stages nothing for a row with any."""

    def __init__(self):
        super().__init__()
        self.bad = set()

    def usable(self, *keys):
        return not self.bad.intersection(keys)


@dataclass
class RowError:
    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class UnknownValue:
    """A value of a vocabulary column that no spelling and no mapping explains: listed once per
    file, with the rows that hold it, for staff to say which choice it means."""

    column: str  # the column's key
    label: str  # its header
    key: str  # text.choice_key of the value: what a mapping stores
    value: str  # as first written
    count: int = 0
    rows: list = field(default_factory=list)


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
    unknown: dict = field(default_factory=dict)  # (column key, choice key) -> UnknownValue

    @property
    def ok(self):
        return self.error_count == 0 and not self.unknown

    @property
    def unknown_values(self):
        return sorted(self.unknown.values(), key=lambda u: (u.rows[0], u.column))

    def add_unknown(self, row, column, key, value):
        """List an unknown value (once per file); False when too many distinct ones are listed
        already, and the caller reports the cell as an error instead."""
        unknown = self.unknown.get((column.key, key))
        if unknown is None:
            if len(self.unknown) >= MAX_UNKNOWN_VALUES:
                return False
            unknown = self.unknown[(column.key, key)] = UnknownValue(
                column.key, column.label, key, value
            )
        unknown.count += 1
        if len(unknown.rows) < MAX_UNKNOWN_ROWS:
            unknown.rows.append(row)
        return True

    def as_dict(self):
        """What the preview needs, as JSON (kept on the upload between its check and its page)."""
        data = {
            k: getattr(self, k)
            for k in ("kind", "dry_run", "rows", "new", "changed", "unchanged", "error_count")
        }
        data["errors"] = [vars(e) for e in self.errors]
        data["changes"] = [vars(c) for c in self.changes]
        data["notes"] = [str(n) for n in self.notes]
        data["unknown"] = [vars(u) for u in self.unknown_values]
        return data

    @classmethod
    def from_dict(cls, data):
        result = cls(
            **{
                k: data[k]
                for k in ("kind", "dry_run", "rows", "new", "changed", "unchanged", "error_count")
            }
        )
        result.errors = [RowError(**e) for e in data["errors"]]
        result.changes = [Change(**c) for c in data["changes"]]
        result.notes = list(data["notes"])
        for u in data["unknown"]:
            result.unknown[(u["column"], u["key"])] = UnknownValue(**u)
        return result

    @property
    def written(self):
        return self.ok and not self.dry_run

    def add_error(self, row, column, message, value=""):
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            shown = "" if value is None else str(value)
            self.errors.append(RowError(row, str(column), str(message), shown[:80]))

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
    """(close, rows the sheet declares or None, its rows as tuples of openpyxl's values).

    The first sheet's XML is scanned once, unparsed (`_scan_sheet`): a sheet over
    settings.IMPORT_MAX_ROWS is refused before any reader holds it; one with an error cell
    goes to openpyxl, which reads the error's text; every other one to calamine."""
    declared, row_tags, unusual = _scan_sheet(uploaded)
    limit = settings.IMPORT_MAX_ROWS
    if row_tags > limit:  # no size declared: calamine would hold it all before we count
        raise TooManyRows(limit)
    if not unusual:
        opened = _calamine_rows(uploaded)
        if opened is not None:
            return opened[0], declared, opened[1]
    return _openpyxl_rows(uploaded)


def _openpyxl_rows(uploaded):
    from openpyxl import load_workbook

    uploaded.seek(0)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise ImportFileError(_("The workbook cannot be read: it may be damaged.")) from exc
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        workbook.close()
        raise ImportFileError(_("The workbook has no sheet."))
    # The size the sheet declares (None when it does not); openpyxl reads no row past it.
    return workbook.close, sheet.max_row, _guarded(sheet.iter_rows(values_only=True))


def _calamine_rows(uploaded):
    """(close, rows) read by calamine, or None when it cannot open the file (openpyxl then
    says what is wrong with it, as it always did)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    uploaded.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(uploaded)
        index = next(
            (
                i
                for i, sheet in enumerate(workbook.sheets_metadata)
                if sheet.typ == SheetTypeEnum.WorkSheet
            ),
            None,
        )
        if index is None:
            workbook.close()
            return None
        sheet = workbook.get_sheet_by_index(index)
    except Exception:  # noqa: BLE001 - any refusal: openpyxl reads it or names the problem
        return None
    finally:
        uploaded.seek(0)
    return workbook.close, _guarded(_as_openpyxl(sheet))


# Beyond this a float is not an exact integer: openpyxl keeps it a float, and so do we.
_EXACT_INTEGER = 2**53


def _as_openpyxl(sheet):
    """calamine's rows with openpyxl's values (what the engine was written for): an empty
    cell None, not ""; a date a datetime at midnight; a whole number an int, not 4792.0.
    calamine starts each row at the sheet's first used column: the columns before it are
    put back, so a column's index is the same in both."""
    start = sheet.start
    before = (None,) * (start[1] if start else 0)
    midnight = datetime.min.time()
    for row in sheet.iter_rows():
        cells = []
        for value in row:
            kind = type(value)
            if kind is str:
                if not value:
                    value = None
            elif kind is float:
                if value.is_integer() and -_EXACT_INTEGER < value < _EXACT_INTEGER:
                    value = int(value)
            elif kind is date:
                value = datetime.combine(value, midnight)
            cells.append(value)
        yield before + tuple(cells)


_ERROR_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\b[^>]*?\st\s*=\s*["']e["']""")
_OOXML_ESCAPE = re.compile(rb"_x[0-9a-fA-F]{4}_")
# The control characters XML 1.0 forbids, all made \x00 (then one find tells if there is one).
_CONTROLS = bytes([*range(9), 11, 12, *range(14, 32)])
_CONTROL_TO_NUL = bytes.maketrans(_CONTROLS, b"\x00" * len(_CONTROLS))


def _has_error_cell(block):
    """Whether a cell of this XML holds an error (t="e"): found by a plain search first."""
    return (b'"e"' in block or b"'e'" in block) and bool(_ERROR_CELL.search(block))


def _has_unusual_text(block):
    """What the two readers may read differently: a control character (openpyxl refuses the
    file as damaged, calamine reads it), a character reference, an OOXML escape (_x000D_),
    U+FFFE/U+FFFF."""
    return (
        b"&#" in block
        or b"\xef\xbf\xbe" in block
        or b"\xef\xbf\xbf" in block
        or (b"_x" in block and bool(_OOXML_ESCAPE.search(block)))
        or b"\x00" in block.translate(_CONTROL_TO_NUL)
    )


def _row_tags(chunk):
    """<row> elements in this XML (prefixed or not); a few may be cut between two chunks."""
    return chunk.count(b"<row") + chunk.count(b":row ") + chunk.count(b":row>")


def _scan_sheet(uploaded):
    """(rows declared or None, <row> elements, whether openpyxl must read it) of the first
    sheet, read once as bytes, no XML parsed. openpyxl reads a sheet with an error cell, or
    text calamine might read otherwise (`_has_unusual_text`). A sheet that declares more rows
    than settings.IMPORT_MAX_ROWS is refused from its first kilobytes."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    declared, rows, unusual = None, 0, False
    try:
        reader = ExcelReader(uploaded, read_only=True, data_only=True)
        try:
            path = _first_sheet(reader)
            if path is None:
                raise ImportFileError(_("The workbook has no sheet."))
            declared = _declared_rows(reader.archive, path)
            if declared is not None and declared > settings.IMPORT_MAX_ROWS:
                raise TooManyRows(settings.IMPORT_MAX_ROWS, declared)
            tail = b""
            with reader.archive.open(path) as source:
                while chunk := source.read(1024 * 1024):
                    # A tag cut by the chunk's end is whole in tail + chunk.
                    block = tail + chunk
                    unusual = unusual or _has_error_cell(block) or _has_unusual_text(block)
                    rows += _row_tags(chunk)
                    tail = block[-256:]
            strings = reader.package.find(SHARED_STRINGS)
            if strings is not None and not unusual:
                with reader.archive.open(strings.PartName[1:]) as source:
                    tail = b""
                    while not unusual and (chunk := source.read(1024 * 1024)):
                        unusual = _has_unusual_text(tail + chunk)
                        tail = chunk[-16:]
        finally:
            reader.archive.close()
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds on a malformed file
        raise ImportFileError(_("The workbook cannot be read: it may be damaged.")) from exc
    finally:
        uploaded.seek(0)
    return declared, rows, unusual


def _first_sheet(reader):
    """The path of a workbook's first worksheet inside the archive (openpyxl's worksheets[0])."""
    reader.read_manifest()
    reader.read_workbook()
    sheets = [
        rel.target
        for _sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    return sheets[0] if sheets else None


# <dimension ref="A1:L1048576"/>: the cells a sheet says it uses, written before its rows.
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_HEAD_BYTES = 1024 * 1024  # where a <dimension> may still be found


def measure_workbook(uploaded):
    """(rows, unzipped bytes): the rows the first sheet declares (None when it declares none),
    and the size of the whole workbook once unzipped, without reading a single row. Raises
    ImportFileError for a sheet over settings.IMPORT_MAX_ROWS, so a sheet of 1,048,576 rows is
    refused in the time it takes to read its first kilobytes. Call check_xlsx_file first."""
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(uploaded, read_only=True, data_only=True)
        try:
            sheet = _first_sheet(reader)
            unzipped = sum(info.file_size for info in reader.archive.infolist())
            rows = _declared_rows(reader.archive, sheet) if sheet else None
        finally:
            reader.archive.close()
    except Exception as exc:  # openpyxl and zipfile raise many kinds on a malformed file
        raise ImportFileError(_("The workbook cannot be read: it may be damaged.")) from exc
    finally:
        uploaded.seek(0)
    if not sheet:
        raise ImportFileError(_("The workbook has no sheet."))
    limit = settings.IMPORT_MAX_ROWS
    if rows is not None and rows > limit:
        raise TooManyRows(limit, rows)
    return rows, unzipped


def _declared_rows(archive, path):
    head = b""
    with archive.open(path) as source:
        while len(head) < _HEAD_BYTES:
            chunk = source.read(64 * 1024)
            if not chunk:
                break
            head += chunk
            found = _DIMENSION.search(head)
            if found:
                last = found.group(1).split(b":")[-1]
                digits = re.sub(rb"[^0-9]", b"", last)
                return int(digits) if digits else None
            if _SHEET_DATA.search(head):
                return None
    return None


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
        self.mappings = {}  # load_mappings()

    # hooks -------------------------------------------------------------------------------
    def begin(self, first_row_values, result):
        """Called once with the first data row, before `prepare`: decide file-wide settings."""

    def prepare(self):
        """Load what rows are matched against (one query per table, never one per row)."""

    def process(self, row_number, values, result):
        """Validate one row (adding errors to result) and stage its write.

        Called for every row, also one with cells that could not be read (`values.bad`, their
        values None): check what the other cells allow, so the preview shows every error of the
        row, and stage nothing for a row with any error."""
        raise NotImplementedError

    def flush(self, write=True):
        """Write staged rows and forget them (every BATCH_SIZE rows and at the end); with
        write=False (a bad row was seen, nothing will be kept) only forget them."""

    def finish(self, result):
        """After all rows: file-wide checks."""

    # the run -----------------------------------------------------------------------------
    def load_mappings(self):
        """What staff said unknown values mean in earlier previews: {(column, key): value},
        only where the value is still one of the column's choices."""
        from .models import ImportValueMapping

        vocabularies = {c.key: c.vocabulary for c in self.columns if c.vocabulary}
        self.mappings = {}
        if not vocabularies:
            return
        stored = ImportValueMapping.objects.filter(kind=self.kind, column__in=vocabularies)
        for column, key, value in stored.values_list("column", "folded", "value"):
            if value in vocabularies[column].values:
                self.mappings[(column, key)] = value

    def read_values(self, row, header_map, row_number, result):
        values = RowValues()
        for column in self.columns:
            index = header_map.get(column.key)
            raw = row[index] if index is not None and index < len(row) else None
            values[column.key] = None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if column.key in header_map and not column.blank:
                    result.add_error(row_number, column.label, _("is empty"))
                    values.bad.add(column.key)
                continue
            value, problem = _read_cell(column, raw)
            if problem is None and column.vocabulary:
                value, problem = self._meaning(column, value, row_number, result)
            if problem:
                result.add_error(row_number, column.label, *problem)
            if problem or value is None:
                values.bad.add(column.key)
                continue
            values[column.key] = value
        return values

    def _meaning(self, column, written, row_number, result):
        """The choice a vocabulary cell means: (value, None); (None, None) when it is listed as
        unknown; (None, problem) when it cannot even be offered for mapping."""
        key = text.choice_key(written)
        value = column.vocabulary.known.get(key) or self.mappings.get((column.key, key))
        if value is not None:
            return value, None
        if (
            key
            and len(written) <= MAX_MAPPED_LENGTH
            and result.add_unknown(row_number, column, key, written)
        ):
            return None, None
        return None, (str(column.vocabulary.message), written)


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
        if column.parse:
            value = column.parse(raw)
        else:  # text cleaned above is read as it is
            value = raw if isinstance(raw, str) else cell_text(raw)
    except CellError as exc:
        return None, (str(exc), cell_text(raw))
    if isinstance(value, str) and len(value) > column.max_length:
        # Measured once read, whatever the cell held: a number becomes text too (1E+250 has
        # 251 digits).
        return None, (_too_long(value, column.max_length), value)
    return value, None


def run_import(spec, uploaded, *, dry_run=False, progress=None):
    """Check, read and (unless dry_run or any row is bad) write a workbook. Never half-writes.

    `progress(rows read, rows declared or None)` is called every BATCH_SIZE rows (the task
    queue's imports show it). A sheet over settings.IMPORT_MAX_ROWS is refused (TooManyRows):
    by its declared size before any row is read, else as soon as reading passes the limit."""
    check_xlsx_file(uploaded)
    result = ImportResult(kind=spec.kind, dry_run=dry_run)
    limit = settings.IMPORT_MAX_ROWS
    close, declared, rows = _open_rows(uploaded)
    try:
        rows = _counted(rows, limit, declared, progress)
        spec.load_mappings()
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
        close()
    if result.rows == 0 and result.ok:
        raise ImportFileError(_("The sheet has a header row but no data rows."))
    return result


def _counted(rows, limit, declared, progress):
    """The sheet's rows, refused past `limit` (a sheet that declares no size is measured as it
    is read), with `progress` told every BATCH_SIZE rows."""
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise TooManyRows(limit)
        if progress and number % BATCH_SIZE == 0:
            progress(number, declared)
        yield row


def _run_rows(spec, rows, header_map, header_row, result):
    prepared = False
    pending = 0
    for number, row in enumerate(rows, start=header_row + 1):
        if not row or all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            continue
        result.rows += 1
        values = spec.read_values(row, header_map, number, result)
        if not prepared:
            spec.begin(values, result)
            spec.prepare()
            prepared = True
        spec.process(number, values, result)
        if values.bad:
            continue
        pending += 1
        if pending >= BATCH_SIZE:
            spec.flush(write=result.ok)
            pending = 0
    if prepared:
        spec.flush(write=result.ok)
        spec.finish(result)


def template_bytes(spec):
    """A blank workbook for a kind of import: its headers, typed as the import reads them (a
    code kept as text, a date shown dd/mm/yyyy), and a sheet that explains them."""
    from .exports import Column as Typed
    from .exports import Sheet, workbook_bytes

    def typed(column):
        width = max(14, len(column.label) + 4)
        if column.parse is parse_date:
            return Typed.date(column.label, width)
        if column.parse is parse_positive_int:
            return Typed.integer(column.label, width)
        if "code" in column.key:
            return Typed.code(column.label, width)
        return Typed.text(column.label, width)

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
                [typed(c) for c in spec.columns],
                [],
                imports_back=True,
                empty=_(
                    "Write one row per line under the header row; the «Guide» sheet says what "
                    "each column holds."
                ),
            ),
            Sheet(
                _("Guide"),
                [
                    Typed.text(_("Column"), 22),
                    Typed.text(_("Required"), 12),
                    Typed.text(_("What to write"), 60),
                    Typed.text(_("Also accepted"), 40),
                ],
                guide,
            ),
        ]
    )
