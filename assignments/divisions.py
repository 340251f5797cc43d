"""The current administrative map (34 provinces, 3,321 communes from 1/7/2025), read from the
`vietnam-provinces` package and written into Province and Commune rows; and the 63 provinces of
the map before, from a fixture (data/old_provinces.json says how it was made)."""

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from core import text

from .models import NEW_MAP_FIRST_DAY, Commune, Province

_PROVINCE_KIND = {"tỉnh": Province.Kind.PROVINCE, "thành phố trung ương": Province.Kind.CITY}
_COMMUNE_KIND = {
    "xã": Commune.Kind.COMMUNE,
    "phường": Commune.Kind.WARD,
    "thị trấn": Commune.Kind.TOWNSHIP,
    "đặc khu": Commune.Kind.SPECIAL_ZONE,
}


def current_provinces():
    from vietnam_provinces import Province as VPProvince

    return sorted(VPProvince.iter_all(), key=lambda p: int(p.code))


def find_current_province(name_or_code):
    """A province of the current map by its code ("25") or its name, however written."""
    wanted = str(name_or_code).strip()
    for province in current_provinces():
        if wanted.isdigit() and int(wanted) == int(province.code):
            return province
        short = province.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        if text.fold(wanted) in {text.fold(province.name), text.fold(short)}:
            return province
    return None


OLD_PROVINCES_FILE = Path(__file__).resolve().parent / "data" / "old_provinces.json"


@cache
def old_provinces():
    """The 63 provinces until 30/6/2025: [{"code": "17", "name": "Tỉnh Hòa Bình"}, …]."""
    return json.loads(OLD_PROVINCES_FILE.read_text(encoding="utf-8"))["provinces"]


def _short(name):
    return text.fold(name).removeprefix("thanh pho ").removeprefix("tinh ")


def province_code(name, *, old_map):
    """The official code of the province called `name` ("Hoà Bình", "Tỉnh Hòa Bình") on the old
    map or the current one, or "" when no province has that name. A province is known to the
    centre by its code (issue 19), whichever workbook first named it."""
    wanted = _short(name)
    if old_map:
        found = (row["code"] for row in old_provinces() if _short(row["name"]) == wanted)
        return next(found, "")
    province = find_current_province(name)
    return f"{int(province.code):02d}" if province else ""


@transaction.atomic
def divisions_load(*, provinces, valid_from=NEW_MAP_FIRST_DAY, valid_to=None):
    """Create or update the given `vietnam_provinces` provinces and all their communes.

    Idempotent: a second run finds every row by code within the map (valid_from) and changes
    nothing. Returns counts {"created": n, "updated": n, "unchanged": n} for communes.
    """
    from vietnam_provinces import Ward

    wards_by_province = {}
    for ward in Ward.iter_all():
        wards_by_province.setdefault(int(ward.province_code), []).append(ward)

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for vp in provinces:
        province, _ = Province.objects.update_or_create(
            code=f"{int(vp.code):02d}",
            valid_from=valid_from,
            defaults={
                "name": vp.name,
                "kind": _PROVINCE_KIND.get(vp.division_type.value, Province.Kind.PROVINCE),
                "valid_to": valid_to,
            },
        )
        existing = {c.code: c for c in Commune.objects.filter(province=province)}
        to_create, to_update = [], []
        for ward in wards_by_province.get(int(vp.code), []):
            code = Commune.normalise_code(ward.code)
            fields = {
                "name": text.clean(ward.name),
                "kind": _COMMUNE_KIND.get(ward.division_type.value, Commune.Kind.COMMUNE),
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
            row = existing.get(code)
            if row is None:
                to_create.append(
                    Commune(
                        province=province,
                        code=code,
                        search_name=text.fold(fields["name"]),
                        **fields,
                    )
                )
            elif any(getattr(row, k) != v for k, v in fields.items()):
                for key, value in fields.items():
                    setattr(row, key, value)
                row.search_name = text.fold(row.name)
                to_update.append(row)
            else:
                counts["unchanged"] += 1
        Commune.objects.bulk_create(to_create, batch_size=500)
        Commune.objects.bulk_update(
            to_update, ["name", "search_name", "kind", "valid_from", "valid_to"], batch_size=500
        )
        counts["created"] += len(to_create)
        counts["updated"] += len(to_update)
    return counts
