"""The provinces a centre can follow: the 34 of the current map, from the installed
`vietnam-provinces` package, and the 63 of the map before 1/7/2025, from the fixture made once
from its 0.6.0 release (assignments/data/old_provinces.json says how), for years up to 2024."""

from dataclasses import dataclass
from functools import cache

from assignments.divisions import OLD_PROVINCES_FILE  # noqa: F401 - where the 63 come from
from assignments.divisions import old_provinces as old_province_rows
from core import text

from .models import FollowedProvince


@dataclass(frozen=True)
class ProvinceChoice:
    code: str  # two digits, "25"
    name: str  # "Tỉnh Phú Thọ", "Thành phố Hà Nội"
    map: str  # FollowedProvince.Map


@cache
def current_provinces():
    """The 34 provinces since 1/7/2025, by code. The package writes "Phú Thọ" for a province and
    "Thành phố Hà Nội" for a city: the centre shows both as documents do ("Tỉnh Phú Thọ")."""
    from vietnam_provinces import Province

    rows = []
    for province in Province.iter_all():
        name = text.clean(province.name)
        if not name.startswith(("Tỉnh ", "Thành phố ")):
            name = f"Tỉnh {name}"
        rows.append(ProvinceChoice(f"{int(province.code):02d}", name, FollowedProvince.Map.CURRENT))
    return tuple(sorted(rows, key=lambda row: row.code))


@cache
def old_provinces():
    """The 63 provinces until 30/6/2025, by code."""
    rows = (
        ProvinceChoice(row["code"], text.clean(row["name"]), FollowedProvince.Map.OLD)
        for row in old_province_rows()
    )
    return tuple(sorted(rows, key=lambda row: row.code))


def provinces_of_map(map_):
    return current_provinces() if map_ == FollowedProvince.Map.CURRENT else old_provinces()


def find_province(code, map_):
    """The province of `map_` with `code` ("25", or "2" for "02"), or None."""
    code = str(code).strip()
    if not code.isdigit():
        return None
    code = f"{int(code):02d}"
    return next((row for row in provinces_of_map(map_) if row.code == code), None)
