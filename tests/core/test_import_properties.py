"""Property-based tests of the Excel imports: communes, agencies, cadres, the assignments annex.

Whatever a sheet holds — headers right, shuffled, extra, missing or misspelt; Vietnamese
written decomposed, invisible and right-to-left characters, emoji, cells of 40,000 characters,
formulas, numbers, dates and booleans where text is expected — an import through the engine
and through the upload page (preview, then confirm) ends in one of two ways: every bad row is
reported in Vietnamese and nothing at all is written, or the database holds what the sheet said
(text in NFC, trimmed, inner spaces made one; case and diacritics ignored where a choice or a
reference is read; codes padded back to five digits).

Formulas: the importer reads the value Excel saved with a formula (what the user sees), never
the formula itself; a formula Excel never calculated reads as an empty cell, and an Excel error
(#N/A, #REF!…) is refused. Text that merely starts with "=" is text, and the Excel exports write
it back as text, never as a live formula.

Every example runs in a savepoint that is rolled back, so each starts from the same world.
"""

import io
import re
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from xml.sax.saxutils import escape as xml_escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import CharField
from django.urls import reverse
from django.utils.text import capfirst
from freezegun import freeze_time
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from assignments import services
from assignments.imports import IMPORT_SPECS
from assignments.imports.registry import AGENCY_KINDS, COMMUNE_KINDS, GENDERS, province_key
from assignments.models import (
    NEW_MAP_FIRST_DAY,
    Agency,
    Assignment,
    Cadre,
    CadreStatusChange,
    Commune,
    District,
    Province,
)
from assignments.retirement import add_months
from core import text
from core.imports import ImportFileError, run_import
from core.models import ImportUpload
from tests.conftest import examples
from tests.factories import AgencyFactory, CadreFactory, CommuneFactory

pytestmark = pytest.mark.django_db

# Four kinds of workbook, each example read twice (engine, then browser): few examples per
# kind keep the file under 30 s on SQLite in bin/test; bin/fuzz draws many new ones.
EXAMPLES = examples(12)
EXCEL_EPOCH = date(1899, 12, 30)
TABLES = (
    Province,
    District,
    Commune,
    Agency,
    Cadre,
    CadreStatusChange,
    Assignment,
    Assignment.history.model,
)

# --- a workbook as Excel (or a script) would write it ---------------------------------------


@dataclass(frozen=True)
class ExcelError:
    """The value Excel saves for a formula that failed, e.g. a VLOOKUP that found nothing."""

    code: str


@dataclass(frozen=True)
class Formula:
    """A formula cell with the value Excel saved with it (None: never calculated, as when a
    script writes the workbook)."""

    expression: str
    cached: object = None


def workbook_bytes(rows):
    book = Workbook()
    sheet = book.active
    cached = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, Formula):
                cell.value = value.expression
                if value.cached is not None:
                    cached[cell.coordinate] = value.cached
            else:
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with "="
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_cached_values(buffer.getvalue(), cached)


def _with_cached_values(data, cached):
    """openpyxl cannot save a formula's value; Excel does: write it into the sheet's XML."""
    if not cached:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                for coordinate, value in cached.items():
                    xml = _cache(xml, coordinate, value)
                content = xml.encode()
            target.writestr(item, content)
    return out.getvalue()


def _cache(xml, coordinate, value):
    if isinstance(value, ExcelError):
        kind, shown = ' t="e"', value.code
    elif isinstance(value, str):
        kind, shown = ' t="str"', xml_escape(value)
    elif isinstance(value, bool):
        kind, shown = ' t="b"', str(int(value))
    elif value == float("inf"):
        kind, shown = "", "1e999"  # no Excel writes it; a damaged or forged file can
    else:
        kind, shown = "", f"{value:.16g}"
    pattern = re.compile(rf'<c r="{coordinate}"([^>]*)><f>(.*?)</f><v\s*/></c>', re.S)
    xml, count = pattern.subn(
        lambda m: f'<c r="{coordinate}"{m.group(1)}{kind}><f>{m.group(2)}</f><v>{shown}</v></c>',
        xml,
    )
    assert count == 1, coordinate
    return xml


def held(number):
    """A number as a workbook holds it: a double, written with 16 significant digits."""
    written = f"{number:.16g}"
    return float(written) if any(c in written for c in ".eE") else int(written)


def effective(value):
    """What a cell holds once saved: a formula's saved value, numbers as doubles."""
    if isinstance(value, Formula):
        value = value.cached
    if isinstance(value, int | float) and not isinstance(value, bool):
        return held(value)
    return value


def as_text(value):
    """The importer's documented reading of a cell as text: numbers without a needless ".0",
    dates as dd/mm/yyyy, everything in NFC, trimmed, inner runs of white space made one."""
    value = effective(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return text.clean(str(value))


# --- odd text -------------------------------------------------------------------------------

PLACES = [
    "Tân Lạc",
    "Hòa Bình",
    "Hoà Bình",
    "Việt Trì",
    "Quỳnh Nhai",
    "Thuỷ Nguyên",
    "Đồng Xuân",
    "Ứng Hòa",
    "Ngọc Lặc",
    "Lạc Sơn",
    "Yên Lập",
    "Đoan Hùng",
]
PEOPLE = [
    "Nguyễn Thị Ánh",
    "Trần Quang Minh",
    "Lê Thị Thuỷ",
    "Đinh Văn Tuấn",
    "Hoàng Ngọc Khuê",
    "Bùi Thị Hoà",
    "Phạm Quỳnh",
    "Hà Văn Ưng",
]
ODD = [
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "עִברית",
    "العربية",
    "😀",
    "👨\u200d👩\u200d👧",
    "🇻🇳",
    "👍🏽",
    "\u0301",  # a loose combining accent
    "a\u0306\u0301",  # stacked combining marks
    "\u00a0",  # no-break space
    "\u3000",  # ideographic space
    "\t",
    "\n",
    "\r\n",
    "\u2028",  # line separator
    "\x85",  # next line (a C1 control)
    "\x7f",  # delete
    "ß",  # grows when folded
    "ﬁ",  # a ligature, as copied from a PDF
    "İ",
    "한글",  # decomposes into more characters
    "<b>&amp;</b>",
    "'; DROP TABLE xa;--",
    "{{ ten }}",
    "%(ten)s",
    "\\N",
]
# openpyxl refuses these control characters in a cell, and no XML file may hold U+FFFE/U+FFFF.
NOT_IN_XML = "".join(chr(c) for c in range(32) if c not in (9, 10, 13)) + "\ufffe\uffff"
any_char_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters=NOT_IN_XML), max_size=8
)


def nfd(value):
    return unicodedata.normalize("NFD", value)


_OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ủy": "uỷ", "úy": "uý"}


def old_tone_placement(value):
    for new, old in _OLD_TONES.items():
        value = value.replace(new, old)
    return value


def spelled(value):
    """Ways of writing a choice or a header that the importer reads as the same."""
    return st.sampled_from(
        [value, value.upper(), value.lower(), nfd(value), text.fold(value), f"  {value}  "]
    )


def same_name(value):
    """Ways of writing a name that still identify the same row: case, spaces, decomposed
    letters, where the tone mark sits ("Hoà" / "Hòa")."""
    return st.sampled_from(
        [
            value,
            value.upper(),
            nfd(value),
            f" {value}  ",
            value.replace(" ", "  "),
            old_tone_placement(value),
        ]
    )


def odd_words(words):
    """A name that starts with a real word, then odd Unicode of every kind."""
    return st.tuples(
        st.sampled_from(words).flatmap(same_name),
        st.lists(
            st.one_of(st.sampled_from(ODD), st.sampled_from(words), any_char_text), max_size=4
        ),
    ).map(lambda parts: " ".join([parts[0], *parts[1]]))


FILLERS = ["ạ", "Hà ", "ß", "한", "😀", "Thuỷ "]


def text_within(words, limit):
    """Valid text of at most `limit` characters once read, often right at the limit."""
    base = odd_words(words)
    at_the_limit = st.tuples(base, st.sampled_from(FILLERS), st.integers(0, 12)).map(
        lambda t: (t[0] + " " + t[1] * limit)[: limit - t[2]]
    )
    return st.one_of(base, at_the_limit).filter(lambda s: 0 < len(text.clean(s)) <= limit)


huge_text = st.tuples(
    st.sampled_from(["Xã ", "ạ", "😀", "x", nfd("Thuỷ ")]), st.integers(0, 10)
).map(lambda t: t[0] * ((40_000 + t[1]) // len(t[0])))
excel_errors = st.sampled_from(["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?"]).map(
    lambda code: Formula("=VLOOKUP(A2,DanhMuc!A:B,2,0)", ExcelError(code))
)
junk = st.one_of(
    st.none(),
    st.just("   "),
    any_char_text,
    odd_words(PLACES),
    huge_text,
    st.sampled_from(["=1+1", '=HYPERLINK("http://example.invalid","Xã A")', "=cmd|'/C calc'!A0"]),
    st.sampled_from(["=1+1", "=A1", '=HYPERLINK("http://example.invalid","Xã A")']).map(Formula),
    st.builds(Formula, st.just("=B2&C2"), st.one_of(odd_words(PLACES), st.integers(-5, 99999))),
    excel_errors,
    st.integers(-(10**12), 10**12),
    st.sampled_from([0, 1, 7900, 10**30, 1e250, -0.5, 4792.5, 45839.75]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(date(1900, 3, 1), date(9999, 12, 31)),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
)


def a_date(day):
    """The ways a date reaches a sheet: an Excel date, text, a serial number, a formula."""
    serial = (day - EXCEL_EPOCH).days
    return st.sampled_from(
        [
            day,
            datetime(day.year, day.month, day.day),
            day.strftime("%d/%m/%Y"),
            day.strftime("%d-%m-%Y"),
            day.strftime("%d.%m.%Y"),
            day.isoformat(),
            serial,
            Formula(f"=DATE({day.year},{day.month},{day.day})", serial),
        ]
    )


bad_dates = st.sampled_from(
    ["31/02/2025", "hôm qua", "2025-13-01", "25/12", "1/1/1/1", True, False, 0.5, -1, 3_000_000]
)
bad_phones = st.sampled_from(
    [
        "abc",
        "123",
        "0912 345 678 máy lẻ 5",
        "+84 (0) 912-345-678 / 0913 456 789",
        True,
        5,
        "٠٩١٢٣٤٥٦٧٨",
        "(0) (2) (1) (0) (3) (8) (1) (2) (3) (4) (5)",  # a phone, longer than its column
    ]
)
bad_emails = st.sampled_from(["khong-phai-thu", "a@b", "xã@phú-thọ.vn", "@phutho.gov.vn", True, 5])
PHONES = ["0912 345 678", "0912.345.678", "+84 912 345 678", "(0210) 3812 345", 912345678]
EMAILS = ["dangUy.tanlac@phutho.gov.vn", "  VANPHONG@Phutho.Gov.Vn ", "bt.xa-04792@phutho.gov.vn"]


# --- how a sheet is laid out ------------------------------------------------------------------

EXTRA_HEADERS = ["STT", "Ghi chú", "Ngày cập nhật", "🙂", "Hiệu lực đến"]


@dataclass
class Layout:
    """The columns of a sheet, left to right: an import column's key, or None (extra)."""

    keys: list
    headers: list
    titles: list = field(default_factory=list)

    def has(self, key):
        return key in self.keys


def spec_columns(kind):
    return {c.key: c for c in IMPORT_SPECS[kind].columns}


@st.composite
def layouts(draw, kind, *, wanted=(), unwanted=(), broken=False):
    """Required columns (and `wanted` ones), some optional ones, extra columns, shuffled, each
    header spelt any accepted way; `broken`: a required column missing or misspelt."""
    columns = spec_columns(kind)
    keys = [k for k, c in columns.items() if c.required or k in wanted]
    keys += [
        k for k, c in columns.items() if k not in keys and k not in unwanted and draw(st.booleans())
    ]
    headers = {k: draw(st.sampled_from(columns[k].headers).flatmap(spelled)) for k in keys}
    for k in keys:
        if draw(st.booleans()):
            headers[k] = headers[k].rstrip() + draw(st.sampled_from([" *", " (*)"]))
    if broken:
        victim = draw(st.sampled_from([k for k in keys if columns[k].required]))
        if draw(st.booleans()):
            keys.remove(victim)
        else:
            headers[victim] = "q" + headers[victim].strip()
    extras = draw(st.lists(st.sampled_from(EXTRA_HEADERS), max_size=2, unique=True))
    order = draw(st.permutations(keys + extras))
    title_rows = [["DANH SÁCH"], [], ["Kèm theo Quyết định số 125-QĐ/TU"]]
    titles = draw(st.lists(st.sampled_from(title_rows), max_size=2))
    return Layout(
        keys=[k if k in columns else None for k in order],
        headers=[headers.get(k, k) for k in order],
        titles=titles,
    )


@dataclass
class Sheet:
    layout: Layout
    rows: list  # one {key: value} per data row
    gaps: set = field(default_factory=set)  # data rows followed by an empty row
    extra_values: list = field(default_factory=list)
    broken: bool = False  # a required column is missing or misspelt

    def __post_init__(self):
        self.numbers = []
        number = len(self.layout.titles) + 1
        for index in range(len(self.rows)):
            number += 1
            self.numbers.append(number)
            if index in self.gaps:
                number += 1

    def cells(self):
        out = [list(t) for t in self.layout.titles] + [list(self.layout.headers)]
        for index, row in enumerate(self.rows):
            extras = iter(self.extra_values[index] if index < len(self.extra_values) else ())
            out.append(
                [row.get(k) if k is not None else next(extras, None) for k in self.layout.keys]
            )
            if index in self.gaps:
                out.append([])
        return out

    def bytes(self):
        return workbook_bytes(self.cells())


@st.composite
def sheets(draw, layout, rows):
    gaps = draw(st.sets(st.integers(0, max(0, len(rows) - 2)), max_size=2)) if rows else set()
    extra_values = draw(st.lists(st.lists(junk, min_size=2, max_size=2), max_size=len(rows)))
    return Sheet(layout, rows, gaps, extra_values)


# --- the world the sheets are read against --------------------------------------------------


@dataclass
class World:
    agencies: list
    cadres: list
    communes: list
    replaced: Assignment  # followed by the first cadre; an annex row may replace it


@pytest.fixture
def world(staff, province, commune_a):
    noi_vu = AgencyFactory(name="Sở Nội vụ", leader_quota=2)
    cong_an = AgencyFactory(name="Công an tỉnh", kind=Agency.Kind.CENTRAL, leader_quota=3)
    phu_nu = AgencyFactory(name="Hội Liên hiệp Phụ nữ tỉnh", kind=Agency.Kind.FRONT)
    cadres = [
        CadreFactory(full_name="Nguyễn Văn Hùng", agency=noi_vu),
        CadreFactory(full_name="Lê Thị Lan", agency=noi_vu, gender=Cadre.Gender.FEMALE),
        CadreFactory(full_name="Trần Quang Hòa", agency=noi_vu, date_of_birth=date(1971, 2, 3)),
        CadreFactory(full_name="Đinh Thị Thuỷ", agency=cong_an, gender=Cadre.Gender.FEMALE),
        CadreFactory(full_name="Hoàng Văn Ưng", agency=cong_an),
        CadreFactory(full_name="Bùi Ngọc Khuê", agency=phu_nu, date_of_birth=date(1980, 12, 31)),
    ]
    communes = [commune_a] + [
        CommuneFactory(province=province, code=code, name=name, kind=kind)
        for code, name, kind in (
            ("10001", "Xã Tân Lạc", Commune.Kind.COMMUNE),
            ("10002", "Phường Hòa Bình", Commune.Kind.WARD),
            ("10003", "Xã Quỳnh Nhai", Commune.Kind.COMMUNE),
            ("10004", "Thị trấn Ngọc Lặc", Commune.Kind.TOWNSHIP),
        )
    ]
    replaced = services.assignment_create(
        cadre=cadres[0],
        commune=commune_a,
        decision_number="1250-QĐ/TU",
        decision_date=date(2025, 6, 30),
        start_date=NEW_MAP_FIRST_DAY,
        user=staff,
    )
    return World([noi_vu, cong_an, phu_nu], cadres, communes, replaced)


@pytest.fixture
def browser(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploaded workbooks are kept between preview and confirm
    client.force_login(staff)
    return client


@contextmanager
def rolled_back():
    """Each example starts from the fixtures' world: it runs in a savepoint that is undone."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def snapshot():
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in TABLES}


def assert_fits(obj):
    """What PostgreSQL would refuse: text longer than its column, or holding NUL."""
    for f in obj._meta.fields:
        value = getattr(obj, f.attname)
        if isinstance(f, CharField) and isinstance(value, str):
            assert len(value) <= f.max_length, (f.name, len(value))
            assert "\x00" not in value


# --- Vietnamese messages ----------------------------------------------------------------------

VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
ENGLISH_WORDS = re.compile(
    r"\b(the|is|not|must|empty|already|only|has|have|this|file|row|column|number|date|found)\b",
    re.IGNORECASE,
)


def assert_vietnamese(message):
    message = str(message)
    assert message.strip(), "an empty message"
    own_words = re.sub(r"«[^»]*»", "", message)  # quoted values come from the sheet
    assert VIETNAMESE_LETTERS & set(own_words.casefold()), message
    assert not ENGLISH_WORDS.search(own_words), message


def assert_reported_in_vietnamese(result):
    """Every error in Vietnamese; a value no list knows is not an error but listed for staff
    to map (its rows are reported all the same)."""
    assert result.errors or result.unknown
    assert result.error_count == len(result.errors)
    for error in result.errors:
        assert_vietnamese(error.message)


def reported_rows(result):
    """The rows the preview names: with an error, or holding a value to map."""
    rows = {e.row for e in result.errors}
    for unknown in result.unknown_values:
        assert unknown.count == len(unknown.rows)  # few rows here: every one is named
        rows.update(unknown.rows)
    return rows


# --- running an import both ways --------------------------------------------------------------


@dataclass
class Outcome:
    refused: str = ""  # the whole file was refused, with this message
    result: object = None


def through_the_engine(kind, data, staff):
    spec = IMPORT_SPECS[kind](user=staff)
    try:
        return Outcome(result=run_import(spec, io.BytesIO(data)))
    except ImportFileError as exc:
        return Outcome(refused=str(exc))


def through_the_browser(browser, kind, data, name="danh sách 2026 (bản cuối).xlsx"):
    """Upload → preview → confirm, as staff do; asserts what the pages show."""
    response = browser.post(
        reverse("registry:import_start"),
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    if "result" not in response.context:
        errors = response.context["form"].errors["file"]
        for message in errors:
            assert escape(message) in page
        return Outcome(refused=" ".join(errors))
    result, upload = response.context["result"], response.context["upload"]
    preview = reverse("registry:import_preview", args=[upload.pk])
    assert response.redirect_chain[-1][0] == preview
    confirm = browser.post(reverse("registry:import_confirm", args=[upload.pk]))
    assert confirm.status_code == 302
    if result.ok:
        assert 'data-testid="import-errors"' not in page
        assert 'data-testid="import-unknown"' not in page
        assert confirm.url != preview
    else:
        for error in result.errors:
            assert escape(capfirst(error.message)) in page
        for unknown in result.unknown_values:
            assert escape(unknown.value) in page
        assert "Xác nhận nhập" not in page
        assert confirm.url == preview  # back to the preview, which says why
        assert ImportUpload.objects.get(pk=upload.pk).applied_at is None
    return Outcome(result=result)


def assert_same_verdict(engine, browser):
    assert bool(engine.refused) == bool(browser.refused)
    if engine.refused:
        assert engine.refused == browser.refused
        return
    a, b = engine.result, browser.result
    assert (a.ok, a.rows, a.new, a.changed, a.unchanged) == (
        b.ok,
        b.rows,
        b.new,
        b.changed,
        b.unchanged,
    )
    assert [(e.row, e.column, e.message) for e in a.errors] == [
        (e.row, e.column, e.message) for e in b.errors
    ]
    assert [(u.column, u.key, u.value, u.rows) for u in a.unknown_values] == [
        (u.column, u.key, u.value, u.rows) for u in b.unknown_values
    ]


def import_both_ways(kind, data, staff, browser, check, then=None):
    """The engine, then the browser, each from the same world; `check(outcome, before)` runs
    on each before its writes are undone, and `then()` after the browser's import."""
    before = snapshot()
    with rolled_back():
        engine = through_the_engine(kind, data, staff)
        check(engine, before)
    with rolled_back():
        browser_outcome = through_the_browser(browser, kind, data)
        check(browser_outcome, before)
        if then:
            then()
    assert_same_verdict(engine, browser_outcome)
    return engine


def assert_nothing_written(before):
    assert snapshot() == before


# --- the four kinds: valid rows, and what they must become -----------------------------------

COMMUNE_KIND_LABELS = sorted(COMMUNE_KINDS)
AGENCY_KIND_LABELS = sorted(AGENCY_KINDS)


@st.composite
def commune_rows(draw, layout, world):
    n = draw(st.integers(1, 6))
    taken = [int(c.code) for c in world.communes]
    some_code = st.one_of(st.sampled_from(taken), st.integers(1, 99999))
    codes = draw(st.lists(some_code, min_size=n, max_size=n, unique=True))
    provinces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["Phú Thọ", "PHÚ THỌ", "phu tho", nfd("Phú Thọ"), "Tỉnh Phú Thọ"]),
                text_within(PLACES, 195).map(lambda s: "Tỉnh " + s),
            ),
            min_size=1,
            max_size=2,
        )
    )
    rows, expected = [], []
    for code in codes:
        label = draw(st.sampled_from(COMMUNE_KIND_LABELS))
        prefix = draw(spelled(label.capitalize()))
        name = prefix + " " + draw(text_within(PLACES, 200 - len(prefix) - 1))
        stated = draw(st.one_of(st.none(), st.sampled_from(COMMUNE_KIND_LABELS)))
        row = {
            "code": draw(
                st.sampled_from(
                    [
                        f"{code:05d}",
                        code,
                        f" {code:05d} ",
                        f"{code:05d}"[:2] + " " + f"{code:05d}"[2:],
                        Formula(f'="{code:05d}"', f"{code:05d}"),
                    ]
                )
            ),
            "name": name,
            "kind": draw(spelled(stated)) if stated else None,
            "province": draw(st.sampled_from(provinces)),
            "district": draw(st.sampled_from([None, "   "])),
            "valid_from": draw(st.one_of(st.none(), a_date(NEW_MAP_FIRST_DAY))),
            "secretary_name": draw(
                st.one_of(
                    st.none(),
                    text_within(PEOPLE, 200),
                    st.just('=HYPERLINK("http://example.invalid","Bí thư")'),
                )
            ),
            "phone": draw(st.one_of(st.none(), st.sampled_from(PHONES))),
            "email": draw(st.one_of(st.none(), st.sampled_from(EMAILS))),
        }
        row = {k: v for k, v in row.items() if layout.has(k)}
        rows.append(row)
        expected.append(
            {
                "code": f"{code:05d}",
                "name": text.clean(name),
                "kind": COMMUNE_KINDS[stated or label],
                "province": as_text(row["province"]),
                "secretary_name": as_text(row.get("secretary_name")),
                "phone": as_text(row.get("phone")),
                "email": as_text(row.get("email")).lower(),
            }
        )
    return rows, expected


def check_communes(expected, before, result):
    existing = {c["code"] for c in before["Commune"]}
    assert result.new == len({e["code"] for e in expected} - existing)
    assert Commune.objects.count() == len(before["Commune"]) + result.new
    for e in expected:
        commune = Commune.objects.select_related("province").get(
            code=e["code"], valid_from=NEW_MAP_FIRST_DAY, valid_to=None
        )
        got = {k: getattr(commune, k) for k in ("name", "kind", "secretary_name", "phone", "email")}
        assert got == {k: e[k] for k in got}
        assert commune.district_id is None
        assert province_key(commune.province.name) == province_key(e["province"])
        assert_fits(commune)
        assert_fits(commune.province)
    touched = {e["code"] for e in expected}
    for row in before["Commune"]:
        if row["code"] not in touched:
            assert Commune.objects.filter(pk=row["id"]).values().get() == row


@st.composite
def agency_rows(draw, layout, world):
    n = draw(st.integers(1, 6))
    names = draw(
        st.lists(
            st.one_of(
                st.sampled_from([a.name for a in world.agencies]).flatmap(same_name),
                text_within(["Sở Nội vụ", "Sở Y tế", "Ban Dân vận", "Tỉnh đoàn"], 200),
                st.just('=HYPERLINK("http://example.invalid","Sở A")'),
            ),
            min_size=n,
            max_size=n,
            unique_by=lambda s: text.name_key(s),
        )
    )
    rows, expected = [], []
    for name in names:
        label = draw(st.sampled_from(AGENCY_KIND_LABELS))
        quota = draw(st.integers(1, 1000))
        written_quota = [
            quota,
            float(quota),
            str(quota),
            f" {quota} ",
            Formula(f"={quota}*1", quota),
        ]
        if quota >= 1000:
            written_quota.append(f"{quota:,}".replace(",", "."))  # "1.000", as Vietnamese write it
        rows.append(
            {
                "name": name,
                "kind": draw(spelled(label)),
                "leader_quota": draw(st.sampled_from(written_quota)),
            }
        )
        expected.append(
            {"name": text.clean(name), "kind": AGENCY_KINDS[label], "leader_quota": quota}
        )
    return rows, expected


def check_agencies(expected, before, result):
    keys = {a["key"] for a in before["Agency"]}
    assert result.new == len({text.name_key(e["name"]) for e in expected} - keys)
    assert Agency.objects.count() == len(before["Agency"]) + result.new
    for e in expected:
        agency = Agency.objects.get(key=text.name_key(e["name"]))
        assert (agency.name, agency.kind, agency.leader_quota) == (
            e["name"],
            e["kind"],
            e["leader_quota"],
        )
        assert_fits(agency)


@st.composite
def cadre_rows(draw, layout, world, today):
    n = draw(st.integers(1, 6))
    latest_birth = add_months(today, -19 * 12)
    people = draw(
        st.lists(
            st.tuples(
                st.one_of(
                    st.sampled_from([c.full_name for c in world.cadres]).flatmap(same_name),
                    text_within(PEOPLE, 200),
                ),
                st.sampled_from(world.agencies),
                st.one_of(
                    st.sampled_from([c.date_of_birth for c in world.cadres]),
                    st.dates(date(1940, 1, 1), latest_birth),
                ),
            ),
            min_size=n,
            max_size=n,
            unique_by=lambda t: (text.name_key(t[0]), t[1].pk, t[2]),
        )
    )
    rows, expected = [], []
    for name, agency, born in people:
        gender = draw(st.sampled_from(sorted(GENDERS)))
        row = {
            "full_name": name,
            "position": draw(
                st.one_of(
                    text_within(["Phó Giám đốc", "Chủ tịch", "Trưởng ban"], 200), st.just("=1+1")
                )
            ),
            "agency": draw(same_name(agency.name)),
            "date_of_birth": draw(a_date(born)),
            "gender": draw(spelled(gender)),
            "phone": draw(st.one_of(st.none(), st.sampled_from(PHONES))),
            "email": draw(st.one_of(st.none(), st.sampled_from(EMAILS))),
        }
        row = {k: v for k, v in row.items() if layout.has(k)}
        rows.append(row)
        expected.append(
            {
                "full_name": text.clean(name),
                "agency": agency.pk,
                "date_of_birth": born,
                "position": as_text(row["position"]),
                "gender": GENDERS[gender],
                "phone": as_text(row.get("phone")),
                "email": as_text(row.get("email")).lower(),
            }
        )
    return rows, expected


def check_cadres(expected, before, result):
    keys = {(c["name_key"], c["agency_id"], c["date_of_birth"]) for c in before["Cadre"]}
    wanted = {(text.name_key(e["full_name"]), e["agency"], e["date_of_birth"]) for e in expected}
    assert result.new == len(wanted - keys)
    assert Cadre.objects.count() == len(before["Cadre"]) + result.new
    for e in expected:
        cadre = Cadre.objects.get(
            name_key=text.name_key(e["full_name"]),
            agency_id=e["agency"],
            date_of_birth=e["date_of_birth"],
        )
        got = {k: getattr(cadre, k) for k in ("full_name", "position", "gender", "phone", "email")}
        assert got == {k: e[k] for k in got}
        assert_fits(cadre)


@st.composite
def annex_rows(draw, layout, world):
    """New decisions: distinct communes, distinct cadres (not the one already following)."""
    n = draw(st.integers(1, 4))
    communes = draw(st.permutations(world.communes))[:n]
    cadres = draw(st.permutations(world.cadres[1:]))[:n]
    rows, expected = [], []
    for commune, cadre in zip(communes, cadres, strict=True):
        start = draw(st.dates(NEW_MAP_FIRST_DAY + timedelta(days=1), date(2030, 12, 31)))
        decided = draw(st.dates(date(2025, 1, 1), start))
        number = draw(text_within(["125-QĐ/TU", "1432-QĐ/TU", "Số 7"], 50))
        by_name = layout.has("commune_name") and draw(st.booleans())
        row = {
            "code": None if by_name else draw(st.sampled_from([commune.code, int(commune.code)])),
            "commune_name": draw(same_name(commune.name)) if by_name else None,
            "province": draw(spelled("Phú Thọ")),
            "district": None,
            "cadre_name": draw(same_name(cadre.full_name)),
            "position": draw(st.sampled_from([cadre.position, None, "=1+1"])),
            "agency": draw(same_name(cadre.agency.name)),
            "date_of_birth": draw(st.one_of(st.none(), a_date(cadre.date_of_birth))),
            "decision_number": number,
            "decision_date": draw(a_date(decided)),
            "start_date": draw(a_date(start)),
            "exception_reason": None,
        }
        rows.append({k: v for k, v in row.items() if layout.has(k)})
        expected.append(
            {
                "commune": commune.pk,
                "cadre": cadre.pk,
                "start_date": start,
                "decision_number": text.clean(number),
                "decision_date": decided,
            }
        )
    return rows, expected


def check_annex(expected, before, result, world):
    assert result.new == len(expected)
    assert Assignment.objects.count() == len(before["Assignment"]) + len(expected)
    for e in expected:
        assignment = Assignment.objects.get(
            commune_id=e["commune"], cadre_id=e["cadre"], start_date=e["start_date"]
        )
        assert (
            assignment.decision_number,
            assignment.decision_date,
            assignment.end_date,
            assignment.exception_reason,
        ) == (e["decision_number"], e["decision_date"], None, "")
        assert_fits(assignment)
    replaced = Assignment.objects.get(pk=world.replaced.pk)
    by_commune = [e for e in expected if e["commune"] == world.replaced.commune_id]
    if by_commune:
        assert replaced.end_date == by_commune[0]["start_date"] - timedelta(days=1)
        assert replaced.end_reason == Assignment.EndReason.REASSIGNED
    else:
        assert replaced.end_date is None
    history = Assignment.history.model.objects.count() - len(before["HistoricalAssignment"])
    assert history == len(expected) + len(by_commune)


# --- export → import ----------------------------------------------------------------------


def export_bytes(browser, kind, expected):
    if kind == "assignments":
        day = max(e["start_date"] for e in expected)
        response = browser.get(reverse("assignments:annex"), {"on": day.strftime("%d/%m/%Y")})
    else:
        url = {
            "communes": "registry:commune_list",
            "agencies": "registry:agency_list",
            "cadres": "registry:cadre_list",
        }[kind]
        response = browser.get(reverse(url), {"format": "xlsx"})
    assert response.status_code == 200
    return response.content


def assert_no_live_formula(data):
    for row in load_workbook(io.BytesIO(data)).active.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)


# --- the properties ---------------------------------------------------------------------------

KINDS = ["communes", "agencies", "cadres", "assignments"]


def valid_sheet(draw, kind, world, today):
    if kind == "communes":
        layout = draw(layouts(kind))
        rows, expected = draw(commune_rows(layout, world))
    elif kind == "agencies":
        layout = draw(layouts(kind))
        rows, expected = draw(agency_rows(layout, world))
    elif kind == "cadres":
        # Agency leaders: the agency names their unit (a commune's cadre, with Mã xã instead, is
        # tested in tests/assignments/test_cadre_of_a_commune.py).
        layout = draw(layouts(kind, wanted=("agency",), unwanted=("commune_code",)))
        rows, expected = draw(cadre_rows(layout, world, today))
    else:
        layout = draw(layouts(kind, unwanted=("exception_reason",)))
        rows, expected = draw(annex_rows(layout, world))
    return draw(sheets(layout, rows)), expected


def check_valid(kind, expected, before, result, world):
    {
        "communes": check_communes,
        "agencies": check_agencies,
        "cadres": check_cadres,
        "assignments": lambda e, b, r: check_annex(e, b, r, world),
    }[kind](expected, before, result)


@pytest.mark.parametrize("kind", KINDS)
@EXAMPLES
@given(data=st.data())
def test_a_valid_sheet_imports_what_it_says_and_its_export_imports_back_unchanged(
    kind, data, world, staff, browser
):
    today = date.today()
    sheet, expected = valid_sheet(data.draw, kind, world, today)

    def check(outcome, before):
        assert not outcome.refused, outcome.refused
        assert outcome.result.ok, outcome.result.errors
        check_valid(kind, expected, before, outcome.result, world)

    def export_and_import_again():
        exported = export_bytes(browser, kind, expected)
        assert_no_live_formula(exported)
        again = through_the_engine(kind, exported, staff).result
        assert again.ok, again.errors
        assert (again.new, again.changed) == (0, 0)

    import_both_ways(kind, sheet.bytes(), staff, browser, check, then=export_and_import_again)


EMPTY = st.sampled_from([None, "   ", Formula("=A1")])  # a formula never calculated: empty
BAD_CELLS = {
    "communes": {
        "code": st.one_of(
            EMPTY,
            st.sampled_from(
                [
                    "ABC",
                    "04.792",
                    "12345678901",
                    True,
                    -5,
                    4792.5,
                    "٠٤٧٩٢",
                    "０４７９２",
                    "²",
                    date(2025, 1, 1),
                ]
            ),
        ),
        "name": st.one_of(EMPTY, st.just(1e250)),
        "kind": st.sampled_from(["bản", "thôn", "huyện", "Xã phường", 5, True]),
        "province": st.one_of(EMPTY, st.just(10**250 * 1.0)),
        "valid_from": bad_dates,
        "secretary_name": st.just(1e250),
        "phone": bad_phones,
        "email": bad_emails,
    },
    "agencies": {
        "name": st.one_of(EMPTY, st.just(1e250)),
        "kind": st.sampled_from(["Hội", "Sở ban", 3, True]),
        "leader_quota": st.one_of(
            EMPTY,
            st.sampled_from([0, 1001, -3, 2.5, "năm", True, 1e300, "1,5"]),
            st.just(Formula("=1/0", float("inf"))),
        ),
    },
    "cadres": {
        "full_name": EMPTY,
        "position": EMPTY,
        "agency": st.one_of(EMPTY, st.just("Sở Không Tồn Tại")),
        "date_of_birth": st.one_of(
            EMPTY,
            bad_dates,
            st.sampled_from([date(1930, 1, 1), date.today() - timedelta(days=3650)]),
        ),
        "gender": st.one_of(EMPTY, st.sampled_from(["Nam giới", "F", 1, True])),
        "phone": bad_phones,
        "email": bad_emails,
    },
    "assignments": {
        "code": st.sampled_from(["ABC", "99999", "٠٤٧٩٢", True]),
        "cadre_name": st.one_of(EMPTY, st.just("Người Không Có Tên")),
        "agency": st.one_of(EMPTY, st.just("Sở Không Tồn Tại")),
        "decision_number": st.one_of(EMPTY, st.just("Q" * 51), st.just(1e60)),
        "decision_date": st.one_of(EMPTY, bad_dates),
        "start_date": st.one_of(EMPTY, bad_dates, st.just(date(2025, 6, 1))),
        "position": huge_text,
    },
}


@st.composite
def bad_cells(draw, kind, key):
    """A value the importer must refuse in this column, whatever the rest of the row."""
    return draw(st.one_of(BAD_CELLS[kind][key], huge_text, excel_errors))


@pytest.mark.parametrize("kind", KINDS)
@EXAMPLES
@given(data=st.data())
def test_every_bad_cell_is_reported_in_vietnamese_and_nothing_is_written(
    kind, data, world, staff, browser
):
    draw = data.draw
    sheet, _expected = valid_sheet(draw, kind, world, date.today())
    present = [k for k in sheet.layout.keys if k in BAD_CELLS[kind]]
    corrupt = draw(
        st.lists(
            st.tuples(st.integers(0, len(sheet.rows) - 1), st.sampled_from(present)),
            min_size=1,
            max_size=4,
        )
    )
    bad_rows = set()
    for index, key in corrupt:
        sheet.rows[index][key] = draw(bad_cells(kind, key))
        bad_rows.add(index)
    clean = [i for i in range(len(sheet.rows)) if i not in bad_rows]
    if len(clean) >= 2 and draw(st.booleans()):
        first, later = sorted(draw(st.permutations(clean))[:2])
        duplicate(kind, sheet.rows[first], sheet.rows[later])
        bad_rows.add(later)

    def check(outcome, before):
        assert not outcome.refused, outcome.refused
        result = outcome.result
        assert not result.ok
        assert reported_rows(result) == {sheet.numbers[i] for i in bad_rows}
        assert_reported_in_vietnamese(result)
        assert_nothing_written(before)

    import_both_ways(kind, sheet.bytes(), staff, browser, check)


def duplicate(kind, first, later):
    """Make a later row name what an earlier one names, written another way."""
    if kind == "communes":
        later["code"] = int(as_text(effective(first["code"])).replace(" ", ""))
        if "valid_from" in later:  # in force from another day, still at the same time
            later["valid_from"] = "01/01/2026"
    elif kind == "agencies":
        later["name"] = text.clean(first["name"]).upper()
    elif kind == "cadres":
        for key in ("full_name", "agency", "date_of_birth"):
            later[key] = first[key]
        later["full_name"] = nfd(text.clean(first["full_name"]))
    else:
        for key in ("code", "commune_name", "start_date"):
            if key in first:
                later[key] = first[key]


@st.composite
def any_sheet(draw, kind, world):
    """Anything: a layout right or broken, each cell valid for its column or junk."""
    sheet, _ = valid_sheet(draw, kind, world, date.today())
    if draw(st.sampled_from([False] * 4 + [True]), label="broken header"):
        broken = draw(layouts(kind, broken=True))
        sheet = Sheet(broken, [{k: v for k, v in r.items() if broken.has(k)} for r in sheet.rows])
        sheet.broken = True
    rows = sheet.rows
    cells = [(i, k) for i, row in enumerate(rows) for k in row]
    for i, k in draw(st.lists(st.sampled_from(cells), max_size=3)) if cells else ():
        rows[i][k] = draw(junk)
    if draw(st.sampled_from([False] * 7 + [True]), label="no data rows"):
        rows = []
    return Sheet(
        sheet.layout, rows, sheet.gaps if rows else set(), sheet.extra_values, sheet.broken
    )


@pytest.mark.parametrize("kind", KINDS)
@EXAMPLES
@given(data=st.data())
def test_any_sheet_ends_in_a_clear_refusal_or_an_import_of_what_it_says(
    kind, data, world, staff, browser
):
    sheet = data.draw(any_sheet(kind, world))
    main = {"communes": Commune, "agencies": Agency, "cadres": Cadre, "assignments": Assignment}
    required = [c.label for c in IMPORT_SPECS[kind].columns if c.required]

    def check(outcome, before):
        event("refused" if outcome.refused else "imported" if outcome.result.ok else "rows bad")
        if sheet.broken:  # a required column missing or misspelt: the whole file is refused
            assert outcome.refused
            assert all(f"«{label}»" in outcome.refused for label in required)
        if outcome.refused:
            assert_vietnamese(outcome.refused)
            assert_nothing_written(before)
            return
        result = outcome.result
        if not result.ok:
            assert_reported_in_vietnamese(result)
            assert_nothing_written(before)
            return
        model = main[kind]
        assert result.rows == result.new + result.changed + result.unchanged
        assert model.objects.count() == len(before[model.__name__]) + result.new
        for obj in model.objects.all():
            assert_fits(obj)
        for row in sheet.rows:
            if kind == "communes":
                code = as_text(row["code"]).replace(" ", "").zfill(5)
                assert Commune.objects.filter(code=code, name=as_text(row["name"])).exists()
            elif kind == "agencies":
                agency = Agency.objects.get(key=text.name_key(as_text(row["name"])))
                assert agency.name == as_text(row["name"])
        may_change = {
            "communes": {"Commune", "Province", "District"},
            "agencies": {"Agency"},
            "cadres": {"Cadre"},
            "assignments": {"Assignment", "HistoricalAssignment"},
        }[kind]
        after = snapshot()
        for name, rows in before.items():
            if name not in may_change:
                assert after[name] == rows, name

    import_both_ways(kind, sheet.bytes(), staff, browser, check)


# --- wrong types, one by one ------------------------------------------------------------------

LONG_PHONE = "(0) (2) (1) (0) (3) (8) (1) (2) (3) (4) (5)"  # a phone, longer than its column
NA = Formula("=VLOOKUP(A2,DanhMuc!A:B,2,0)", ExcelError("#N/A"))
ONE_ROW = {
    "communes": (
        ["Mã xã", "Tên xã", "Loại", "Tỉnh", "Hiệu lực từ", "Bí thư", "Điện thoại", "Email"],
        ["20001", "Xã Thử Nghiệm", "xã", "Phú Thọ", None, None, None, None],
    ),
    "agencies": (["Tên cơ quan", "Loại", "Số lãnh đạo"], ["Sở Thử Nghiệm", "Sở, ban, ngành", 3]),
    "cadres": (
        ["Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính", "Điện thoại"],
        ["Vũ Thị Mai", "Phó Giám đốc", "Sở Nội vụ", "15/06/1975", "Nữ", None],
    ),
    "assignments": (
        ["Mã xã", "Họ và tên cán bộ", "Cơ quan", "Số quyết định", "Ngày quyết định", "Từ ngày"],
        ["10001", "Lê Thị Lan", "Sở Nội vụ", "125-QĐ/TU", "01/08/2025", "02/08/2025"],
    ),
}


@pytest.mark.parametrize(
    ("kind", "column", "value"),
    [
        ("communes", "Mã xã", "٠٤٧٩٢"),  # Arabic-Indic digits
        ("communes", "Mã xã", "０４７９２"),  # full-width digits
        ("communes", "Mã xã", "²"),
        ("communes", "Mã xã", True),
        ("communes", "Mã xã", date(2025, 1, 1)),
        ("communes", "Mã xã", Formula("=A1")),  # never calculated: empty
        ("communes", "Tên xã", 1e250),  # a number, 251 digits once written out
        ("communes", "Tên xã", NA),
        ("communes", "Tỉnh", 1e250),
        ("communes", "Hiệu lực từ", True),  # TRUE is 1 to Excel, not 31/12/1899
        ("communes", "Điện thoại", LONG_PHONE),
        ("agencies", "Tên cơ quan", 1e250),
        ("agencies", "Loại", NA),
        ("agencies", "Số lãnh đạo", True),
        ("agencies", "Số lãnh đạo", Formula("=1/0", float("inf"))),
        ("cadres", "Họ và tên", Formula("=A1", ExcelError("#REF!"))),
        ("cadres", "Chức vụ", Formula("=A1")),
        ("cadres", "Ngày sinh", True),
        ("cadres", "Điện thoại", LONG_PHONE),
        ("assignments", "Mã xã", "٠٤٧٩٢"),
        ("assignments", "Số quyết định", 1e60),
        ("assignments", "Ngày quyết định", True),
        ("assignments", "Từ ngày", True),
    ],
)
def test_a_wrong_value_is_reported_in_its_column_and_nothing_is_written(
    kind, column, value, world, staff, browser
):
    headers, row = ONE_ROW[kind]
    row = [value if h == column else v for h, v in zip(headers, row, strict=True)]

    def check(outcome, before):
        assert not outcome.refused, outcome.refused
        assert [(e.row, e.column) for e in outcome.result.errors] == [(2, column)]
        assert_reported_in_vietnamese(outcome.result)
        assert_nothing_written(before)

    import_both_ways(kind, workbook_bytes([headers, row]), staff, browser, check)


def test_a_code_twice_in_one_file_in_force_at_the_same_time_is_reported_not_a_crash(
    world, staff, browser
):
    headers = ["Mã xã", "Tên xã", "Loại", "Tỉnh", "Hiệu lực từ"]
    data = workbook_bytes(
        [
            headers,
            ["20001", "Xã Thử Nghiệm", "xã", "Phú Thọ", "01/07/2025"],
            ["20001", "Xã Thử Nghiệm Mới", "xã", "Phú Thọ", "01/01/2026"],
        ]
    )

    def check(outcome, before):
        assert [(e.row, e.column, e.message) for e in outcome.result.errors] == [
            (3, "Mã xã", "trùng mã với dòng 2")
        ]
        assert_nothing_written(before)

    import_both_ways("communes", data, staff, browser, check)


# --- formulas and damaged files, one by one ----------------------------------------------------


def test_a_formula_is_read_as_the_value_excel_saved_never_as_the_formula(world, staff):
    headers = ["Tên cơ quan", "Loại", "Số lãnh đạo"]
    sheet = [
        headers,
        [Formula('="Sở "&"Y tế"', "Sở Y tế"), "Sở, ban, ngành", Formula("=2+3", 5)],
        ['=HYPERLINK("http://example.invalid","Sở Tư pháp")', "Sở, ban, ngành", 4],
    ]
    with rolled_back():
        result = run_import(IMPORT_SPECS["agencies"](user=staff), io.BytesIO(workbook_bytes(sheet)))
        assert result.ok
        assert Agency.objects.get(name="Sở Y tế").leader_quota == 5
        # typed as text, it stays text: the registry shows it as typed, and never runs it
        assert Agency.objects.filter(name__startswith="=HYPERLINK").count() == 1


def test_a_formula_excel_never_calculated_reads_as_an_empty_cell(world, staff):
    sheet = [["Tên cơ quan", "Loại", "Số lãnh đạo"], [Formula("=B1"), "Sở, ban, ngành", 3]]
    with rolled_back():
        result = run_import(IMPORT_SPECS["agencies"](user=staff), io.BytesIO(workbook_bytes(sheet)))
        assert [(e.row, e.column, e.message) for e in result.errors] == [
            (2, "Tên cơ quan", "bị bỏ trống")
        ]


def test_an_excel_error_in_a_cell_is_refused_not_stored(world, staff):
    sheet = [
        ["Tên cơ quan", "Loại", "Số lãnh đạo"],
        [Formula("=VLOOKUP(A2,B:C,2,0)", ExcelError("#N/A")), "Sở, ban, ngành", 3],
    ]
    with rolled_back():
        result = run_import(IMPORT_SPECS["agencies"](user=staff), io.BytesIO(workbook_bytes(sheet)))
        assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "Tên cơ quan", "#N/A")]
        assert_vietnamese(result.errors[0].message)
        assert not Agency.objects.filter(name="#N/A").exists()


@pytest.mark.parametrize("character", ["&#0;", "&#1;", "\x00", "\x1b", "&#xFFFF;"])
def test_a_sheet_whose_xml_holds_a_control_character_is_refused_as_damaged(
    character, world, staff, browser
):
    data = workbook_bytes(
        [["Tên cơ quan", "Loại", "Số lãnh đạo"], ["Sở Y tế", "Sở, ban, ngành", 3]]
    )
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace("Sở Y tế".encode(), f"Sở{character}Y tế".encode())
            target.writestr(item, content)
    before = snapshot()
    outcome = through_the_browser(browser, "agencies", out.getvalue())
    assert outcome.refused
    assert_vietnamese(outcome.refused)
    assert_nothing_written(before)


def test_cadres_are_imported_on_29_february_like_on_any_other_day(
    world, staff, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sheet = workbook_bytes(
        [
            ["Họ và tên", "Chức vụ", "Cơ quan", "Ngày sinh", "Giới tính"],
            ["Vũ Thị Mai", "Phó Giám đốc", "Sở Nội vụ", "28/02/2010", "Nữ"],  # 18 on 28/02/2028
            ["Vũ Văn An", "Phó Giám đốc", "Sở Nội vụ", "01/03/2010", "Nam"],  # 18 tomorrow
        ]
    )
    with freeze_time("2028-02-29"):
        client.force_login(staff)  # inside: the session's age counts from the frozen day
        with rolled_back():
            result = through_the_engine("cadres", sheet, staff).result
            assert [(e.row, e.column) for e in result.errors] == [(3, "Ngày sinh")]
        with rolled_back():
            outcome = through_the_browser(client, "cadres", sheet)
            assert [(e.row, e.column) for e in outcome.result.errors] == [(3, "Ngày sinh")]
