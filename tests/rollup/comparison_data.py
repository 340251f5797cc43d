"""Snapshots stored straight through the ORM, as the import would leave them, for the tests of
the comparison and the central report (they do not go through the import: its own tests do)."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from rollup.models import FollowedProvince, ProvinceKey, Snapshot

CURRENT, OLD = FollowedProvince.Map.CURRENT, FollowedProvince.Map.OLD
HANOI_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

ZERO = {
    "communes": 0,
    "communes_covered": 0,
    "forms_expected": 0,
    "forms_submitted": 0,
    "forms_accepted": 0,
    "cadres_evaluated": 0,
    "cadres_commended": 0,
    "tasks_assigned": 0,
    "tasks_met": 0,
    "hamlets": 0,
    "hamlets_covered": 0,
}


def follow(code, name, map=CURRENT):
    province = FollowedProvince.objects.create(code=code, name=name, map=map)
    ProvinceKey.objects.create(
        province=province, key_id=f"key{map}{code}", public_key="-----BEGIN PUBLIC KEY-----"
    )
    return province


def store(provinces, *, year, sequence, rows, installation="TỈNH ỦY", day=(2026, 1, 15)):
    """A snapshot covering `provinces` (FollowedProvince rows) with a province row per code:
    `rows` maps a code to its counts (missing counts are 0). Totals add up."""
    province_rows = [{"code": p.code, **ZERO, **rows.get(p.code, {})} for p in provinces]
    counts = {
        "provinces": province_rows,
        "districts": [],
        "agencies": [],
        "levels": [],
        "totals": {k: sum(r[k] for r in province_rows) for k in ZERO},
    }
    digest = hashlib.sha256(f"{installation}{year}{sequence}{rows}".encode()).hexdigest()
    snapshot = Snapshot.objects.create(
        sha256=digest,
        installation=installation,
        year=year,
        sequence=sequence,
        created_at=datetime(*day, 8, 0, tzinfo=HANOI_TZ),
        app_version="0.1.0",
        schema=1,
        key=provinces[0].keys.first(),
        payload="{}",
        signature="-",
        counts=counts,
    )
    snapshot.provinces.set(provinces)
    return snapshot


def forms(submitted, expected, accepted=None, **more):
    return {
        "forms_submitted": submitted,
        "forms_expected": expected,
        "forms_accepted": submitted if accepted is None else accepted,
        **more,
    }


def two_years():
    """The centre follows Phú Thọ, Hà Nội and Lào Cai since 2025, and on the old map Hà Nội and
    the three provinces merged into the new Phú Thọ. Phú Thọ sent versions 1 and 3 of 2025 (and
    version 2 after them: a replay), Hà Nội version 1, Lao Cai nothing. For 2024 the new Phú
    Thọ's installation sent one snapshot covering the old 17, 25 and 26; Hà Nội its own."""
    phu_tho = follow("25", "Phú Thọ")
    ha_noi = follow("01", "Hà Nội")
    lao_cai = follow("15", "Lào Cai")
    old = {
        code: follow(code, name, OLD)
        for code, name in (
            ("17", "Hòa Bình"),
            ("25", "Phú Thọ"),
            ("26", "Vĩnh Phúc"),
            ("01", "Hà Nội"),
        )
    }
    first = store(
        [phu_tho],
        year=2025,
        sequence=1,
        rows={"25": forms(100, 160)},
        installation="TỈNH ỦY PHÚ THỌ",
        day=(2026, 1, 10),
    )
    latest = store(
        [phu_tho],
        year=2025,
        sequence=3,
        rows={
            "25": forms(
                150,
                160,
                140,
                communes=148,
                communes_covered=148,
                cadres_evaluated=150,
                cadres_commended=30,
                tasks_assigned=10,
                tasks_met=7,
                hamlets=1500,
                hamlets_covered=1200,
            )
        },
        installation="TỈNH ỦY PHÚ THỌ",
        day=(2026, 1, 20),
    )
    replayed = store(
        [phu_tho],
        year=2025,
        sequence=2,
        rows={"25": forms(120, 160)},
        installation="TỈNH ỦY PHÚ THỌ",
        day=(2026, 1, 15),
    )
    hanoi = store(
        [ha_noi],
        year=2025,
        sequence=1,
        rows={
            "01": forms(
                709,
                724,
                700,
                communes=126,
                communes_covered=125,
                cadres_evaluated=221,
                cadres_commended=188,
                hamlets=2000,
                hamlets_covered=2000,
            )
        },
        installation="THÀNH ỦY HÀ NỘI",
        day=(2026, 1, 12),
    )
    merged_2024 = store(
        [old["17"], old["25"], old["26"]],
        year=2024,
        sequence=2,
        rows={
            "17": forms(151, 151, communes=151, communes_covered=150),
            "25": forms(200, 225, communes=225, communes_covered=225),
            "26": forms(130, 136, communes=136, communes_covered=136),
        },
        installation="TỈNH ỦY PHÚ THỌ",
        day=(2025, 1, 20),
    )
    hanoi_2024 = store(
        [old["01"]],
        year=2024,
        sequence=1,
        rows={"01": forms(500, 579, communes=579, communes_covered=570)},
        installation="THÀNH ỦY HÀ NỘI",
        day=(2025, 1, 18),
    )
    return {
        "phu_tho": phu_tho,
        "ha_noi": ha_noi,
        "lao_cai": lao_cai,
        "old": old,
        "first": first,
        "latest": latest,
        "replayed": replayed,
        "hanoi": hanoi,
        "merged_2024": merged_2024,
        "hanoi_2024": hanoi_2024,
    }
