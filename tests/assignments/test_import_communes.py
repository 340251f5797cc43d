"""Communes from workbooks: both maps, re-import, and every kind of bad file or row."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from assignments.divisions import divisions_load, find_current_province
from assignments.imports import CommuneImport
from assignments.models import NEW_MAP_FIRST_DAY, OLD_MAP_LAST_DAY, Commune, District, Province
from core.imports import ImportFileError, run_import
from tests.workbooks import xlsx

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HOA_BINH = FIXTURES / "old_map_hoa_binh_2024.xlsx"
HEADERS = ("Mã xã", "Tên xã", "Loại", "Huyện", "Tỉnh")


def _import(rows, **kwargs):
    return run_import(CommuneImport(options=kwargs.pop("options", None)), xlsx(rows, **kwargs))


def test_it_imports_hoa_binh_before_2025_with_its_districts():
    with HOA_BINH.open("rb") as handle:
        result = run_import(CommuneImport(), handle)
    assert result.ok and (result.new, result.changed, result.unchanged) == (151, 0, 0)
    old = Commune.objects.filter(valid_to=OLD_MAP_LAST_DAY)
    assert old.count() == 151
    assert District.objects.filter(province__name="Hoà Bình").count() == 10
    tan_lac = Commune.objects.get(code="04792", valid_to=OLD_MAP_LAST_DAY)
    assert tan_lac.district.name == "Thành phố Hòa Bình"
    assert tan_lac.valid_from is None


def test_the_old_map_and_the_current_map_coexist():
    with HOA_BINH.open("rb") as handle:
        run_import(CommuneImport(), handle)
    divisions_load(provinces=[find_current_province("Phú Thọ")])
    # Code 04792 names Phường Tân Hòa in both maps: one row per map, no clash.
    rows = Commune.objects.filter(code="04792").order_by(F("valid_from").asc(nulls_first=True))
    assert [(c.valid_from, c.valid_to) for c in rows] == [
        (None, OLD_MAP_LAST_DAY),
        (NEW_MAP_FIRST_DAY, None),
    ]
    assert Commune.objects.valid_on(date(2024, 12, 31)).count() == 151
    assert Commune.objects.valid_on(date(2026, 1, 1)).count() == 148
    assert not Commune.objects.valid_on(date(2026, 1, 1)).filter(district__isnull=False).exists()


def test_importing_the_same_file_twice_changes_nothing():
    with HOA_BINH.open("rb") as handle:
        run_import(CommuneImport(), handle)
    with HOA_BINH.open("rb") as handle:
        again = run_import(CommuneImport(), handle)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 151)
    assert Commune.objects.count() == 151


def test_a_changed_row_updates_only_that_commune_and_is_counted():
    _import([HEADERS, ("04792", "Xã Tân Lạc", "xã", None, "Phú Thọ")])
    result = _import(
        [
            HEADERS,
            ("4792", "Xã Tân Lạc", "xã", None, "Phú Thọ"),
            ("04795", "Phường Hòa Bình", "phường", None, "Phú Thọ"),
        ]
    )
    assert (result.new, result.changed, result.unchanged) == (1, 0, 1)
    result = _import(
        [
            HEADERS + ("Bí thư", "Điện thoại", "Email"),
            (
                "04792",
                "Xã Tân Lạc",
                "xã",
                None,
                "Phú Thọ",
                "Đinh Văn Tuấn",
                "0912 345 678",
                "dangUy.tanlac@phutho.gov.vn",
            ),
        ]
    )
    assert (result.new, result.changed, result.unchanged) == (0, 1, 0)
    commune = Commune.objects.get(code="04792")
    assert commune.secretary_name == "Đinh Văn Tuấn"
    assert commune.email == "danguy.tanlac@phutho.gov.vn"


def test_headers_match_whatever_their_case_and_diacritics_below_a_title_extra_columns_ignored():
    rows = [
        ("STT", "MA XA", "ten xa", "LOẠI", "tinh", "Ghi chú"),
        (1, "04792", "Xã Tân Lạc", "Xã", "Phú Thọ", "bất kỳ"),
    ]
    result = _import(rows, title_rows=[("DANH SÁCH XÃ, PHƯỜNG",), ()])
    assert result.ok and result.new == 1
    assert Commune.objects.get().kind == Commune.Kind.COMMUNE


def test_the_type_can_be_read_from_the_name_and_options_choose_the_map():
    rows = [HEADERS, ("04792", "Phường Tân Hòa", None, None, "Phú Thọ")]
    result = _import(rows, options={"valid_from": date(2025, 7, 1)})
    assert result.ok
    commune = Commune.objects.get()
    assert (commune.kind, commune.valid_from, commune.valid_to) == (
        "phuong",
        date(2025, 7, 1),
        None,
    )


def _assert_nothing_written():
    assert Commune.objects.count() == 0
    assert District.objects.count() == 0
    assert Province.objects.count() == 0


def test_one_bad_row_among_good_ones_writes_nothing_and_every_bad_row_is_reported():
    rows = [
        HEADERS,
        ("04789", "Phường Thái Bình", "phường", "Thành phố Hòa Bình", "Hòa Bình"),
        ("04792", "Phường Tân Hòa", "phường", "Thành phố Hòa Bình", "Hòa Bình"),
        ("ABC", "Xã Lỗi", "xã", "Huyện Lạc Sơn", "Hòa Bình"),
        ("04795", "", "xã", "Huyện Lạc Sơn", "Hòa Bình"),
        ("04798", "Xã Không Huyện", "xã", None, "Hòa Bình"),
        ("04792", "Phường Trùng Mã", "phường", "Thành phố Hòa Bình", "Hòa Bình"),
        ("04801", "Xã Sai Loại", "bản", "Huyện Lạc Sơn", "Hòa Bình"),
    ]
    result = _import(rows)
    assert not result.ok and not result.written
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(4, "Mã xã"), (5, "Tên xã"), (6, "Huyện"), (7, "Mã xã")}
    # a type no list knows is not a dead end: staff say in the preview what it means
    assert [(u.label, u.value, u.rows) for u in result.unknown_values] == [("Loại", "bản", [8])]
    messages = {e.row: e.message for e in result.errors}
    assert messages[4] == "mã chỉ gồm chữ số"
    assert messages[7] == "trùng mã với dòng 3"
    _assert_nothing_written()


def test_a_current_map_row_naming_a_district_is_refused():
    rows = [
        HEADERS,
        ("04792", "Phường Tân Hòa", "phường", None, "Phú Thọ"),
        ("04795", "Phường Hòa Bình", "phường", "Thành phố Hòa Bình", "Phú Thọ"),
    ]
    result = _import(rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Huyện")]
    assert "không còn cấp huyện" in result.errors[0].message
    _assert_nothing_written()


def test_a_code_held_by_another_commune_in_the_same_period_is_refused(province, commune_a):
    result = _import(
        [HEADERS, (commune_a.code, "Phường Khác", "phường", None, "Phú Thọ")],
        options={"valid_from": date(2026, 1, 1)},
    )
    assert "đã thuộc về «Phường Việt Trì»" in result.errors[0].message
    assert Commune.objects.count() == 1


def test_a_huge_cell_is_an_error_not_a_crash():
    result = _import([HEADERS, ("04792", "X" * 5000, "xã", None, "Phú Thọ")])
    assert "quá dài" in result.errors[0].message
    _assert_nothing_written()


def test_a_workbook_without_the_required_columns_is_refused_with_their_names():
    with pytest.raises(ImportFileError, match="«Mã xã», «Tên xã», «Loại», «Tỉnh»"):
        _import([("Họ và tên", "Ngày sinh"), ("Nguyễn Văn A", "01/01/1970")])
    _assert_nothing_written()


def test_a_header_without_rows_is_refused():
    with pytest.raises(ImportFileError, match="không có dòng dữ liệu"):
        _import([HEADERS])


def test_a_text_file_renamed_xlsx_is_refused():
    fake = io.BytesIO(b"Ma xa;Ten xa\n04792;Tan Lac\n")
    with pytest.raises(ImportFileError, match="không phải tệp Excel"):
        run_import(CommuneImport(), fake)


def test_an_old_xls_file_is_refused_with_advice():
    fake = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ImportFileError, match=r"Excel 97-2003.*\.xlsx"):
        run_import(CommuneImport(), fake)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    buffer.seek(0)
    with pytest.raises(ImportFileError, match="không phải tệp Excel"):
        run_import(CommuneImport(), buffer)


def test_a_file_that_inflates_too_much_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    buffer.seek(0)
    with pytest.raises(ImportFileError, match="nén bất thường|phình"):
        run_import(CommuneImport(), buffer)
    _assert_nothing_written()


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(ImportFileError, match="quá lớn"):
        run_import(
            CommuneImport(), xlsx([HEADERS] + [("04792", "Xã A" * 50, "xã", None, "P")] * 50)
        )


def test_a_damaged_workbook_is_refused():
    good = xlsx([HEADERS, ("04792", "Xã Tân Lạc", "xã", None, "Phú Thọ")]).getvalue()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # cut the sheet's XML in half
            dst.writestr(item, data)
    buffer.seek(0)
    with pytest.raises(ImportFileError):
        run_import(CommuneImport(), buffer)
    _assert_nothing_written()


def test_the_command_imports_and_exits_non_zero_on_a_bad_row(tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([HEADERS, ("04792", "Xã Tân Lạc", "xã", None, "Phú Thọ")]).getvalue())
    call_command("import_xlsx", "communes", str(good), "--dry-run")
    assert "1 mới" in capsys.readouterr().out
    assert Commune.objects.count() == 0
    call_command("import_xlsx", "communes", str(good))
    assert Commune.objects.count() == 1

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        xlsx(
            [
                HEADERS,
                ("04795", "Xã B", "xã", None, "Phú Thọ"),
                ("x", "Xã C", "xã", None, "Phú Thọ"),
            ]
        ).getvalue()
    )
    with pytest.raises(CommandError, match="không ghi dữ liệu nào"):
        call_command("import_xlsx", "communes", str(bad))
    assert "Dòng 3, cột «Mã xã»" in capsys.readouterr().err
    assert Commune.objects.count() == 1
