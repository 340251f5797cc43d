"""A province gets its official code from its name when a workbook creates it: the centre knows
provinces by their codes (issue 19), and the old map's workbooks have no province code column."""

import pytest

from assignments.divisions import old_provinces, province_code
from assignments.imports import CommuneImport
from assignments.models import OLD_MAP_LAST_DAY, Province
from core.imports import run_import
from tests.assignments.test_import_communes import HEADERS, HOA_BINH, _import

pytestmark = pytest.mark.django_db


def test_it_gives_the_old_provinces_their_codes_whatever_the_spelling():
    assert len(old_provinces()) == 63
    assert province_code("Hoà Bình", old_map=True) == "17"
    assert province_code("Tỉnh Hòa Bình", old_map=True) == "17"
    assert province_code("thành phố hà nội", old_map=True) == "01"
    assert province_code("Phú Thọ", old_map=False) == "25"
    assert province_code("Tỉnh Không Có", old_map=True) == ""


def test_an_old_map_workbook_creates_its_province_with_the_official_code():
    with HOA_BINH.open("rb") as handle:
        assert run_import(CommuneImport(), handle).ok
    province = Province.objects.get(valid_to=OLD_MAP_LAST_DAY)
    assert (province.name, province.code) == ("Hoà Bình", "17")


def test_a_province_imported_before_codes_were_known_gets_its_code_on_the_next_import():
    Province.objects.create(name="Hoà Bình", valid_to=OLD_MAP_LAST_DAY)
    with HOA_BINH.open("rb") as handle:
        assert run_import(CommuneImport(), handle).ok
    assert Province.objects.get(valid_to=OLD_MAP_LAST_DAY).code == "17"


def test_a_province_nobody_knows_is_still_imported_without_a_code():
    result = _import([HEADERS, ("99001", "Xã Thử", "Xã", "Huyện Thử", "Tỉnh Không Có")])
    assert result.ok
    assert Province.objects.get(name="Tỉnh Không Có").code == ""
