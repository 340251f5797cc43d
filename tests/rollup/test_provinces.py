"""The provinces a centre can follow: 34 current ones from the installed package, 63 old ones
from the committed fixture (rollup/data/old_provinces.json)."""

import json
import unicodedata

from rollup.provinces import (
    OLD_PROVINCES_FILE,
    current_provinces,
    find_province,
    old_provinces,
)


def test_it_lists_the_34_current_provinces_with_their_full_names():
    provinces = current_provinces()
    assert len(provinces) == 34
    names = {p.code: p.name for p in provinces}
    assert names["01"] == "Thành phố Hà Nội"
    assert names["25"] == "Tỉnh Phú Thọ"
    assert len(set(names)) == 34


def test_it_lists_the_63_old_provinces_with_modern_tone_placement():
    provinces = old_provinces()
    assert len(provinces) == 63
    names = {p.code: p.name for p in provinces}
    assert names["17"] == "Tỉnh Hòa Bình"
    assert names["26"] == "Tỉnh Vĩnh Phúc"
    assert names["79"] == "Thành phố Hồ Chí Minh"
    assert all(unicodedata.is_normalized("NFC", name) for name in names.values())
    assert all(name.startswith(("Tỉnh ", "Thành phố ")) for name in names.values())


def test_the_fixture_says_where_it_comes_from():
    data = json.loads(OLD_PROVINCES_FILE.read_text(encoding="utf-8"))
    assert "vietnam-provinces 0.6.0" in data["source"]
    assert "pip download" in data["made_with"]


def test_it_finds_a_province_by_code_on_its_map():
    assert find_province("17", "old").name == "Tỉnh Hòa Bình"
    assert find_province("17", "current") is None  # Hòa Bình joined Phú Thọ in 2025
    assert find_province("1", "current").code == "01"
    assert find_province("abc", "current") is None
