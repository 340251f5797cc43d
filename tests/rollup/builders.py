"""Snapshot files as a province would send them, made here with `cryptography` directly (not
with the application's own signing code, so an import test cannot agree with a bug in it)."""

import base64
import hashlib
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

LEVELS = ("excellent", "good", "completed", "not_completed")

# A province row's figures, consistent with each other (no part greater than its whole).
DEFAULT_ROW = {
    "communes": 148,
    "communes_covered": 140,
    "forms_expected": 160,
    "forms_submitted": 150,
    "forms_accepted": 140,
    "cadres_evaluated": 150,
    "cadres_commended": 30,
    "tasks_assigned": 10,
    "tasks_met": 7,
    "hamlets": 1500,
    "hamlets_covered": 1200,
}


def new_key():
    return Ed25519PrivateKey.generate()


def public_pem(private_key):
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def key_id_of(private_key):
    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return hashlib.sha256(raw).hexdigest()[:16]


def payload(
    *,
    provinces=("25",),
    year=2025,
    sequence=1,
    rows=None,
    schema=1,
    installation="TỈNH ỦY PHÚ THỌ",
    created_at="2026-01-15T08:00:00+07:00",
):
    """A consistent schema-1 payload (a dict): `rows` maps a province code to figures that
    replace DEFAULT_ROW's; totals, levels, agencies and districts (years ≤ 2024) add up."""
    rows = rows or {}
    province_rows = []
    for code in provinces:
        row = {"code": code, **DEFAULT_ROW, **rows.get(code, {})}
        if year >= 2025:
            row.setdefault("hamlets", 0)
        else:
            row["hamlets"] = row["hamlets_covered"] = 0
        province_rows.append(row)
    totals = {name: sum(row[name] for row in province_rows) for name in DEFAULT_ROW}
    evaluated = totals["cadres_evaluated"]
    levels = [
        {"level": LEVELS[0], "cadres": evaluated // 2},
        {"level": LEVELS[1], "cadres": evaluated - evaluated // 2},
        {"level": LEVELS[2], "cadres": 0},
        {"level": LEVELS[3], "cadres": 0},
    ]
    agencies = [
        {
            "agency": "Sở Tài chính",
            "forms_expected": totals["forms_expected"],
            "forms_submitted": totals["forms_submitted"],
            "forms_accepted": totals["forms_accepted"],
            "cadres_evaluated": evaluated,
            "cadres_commended": totals["cadres_commended"],
            "tasks_assigned": totals["tasks_assigned"],
            "tasks_met": totals["tasks_met"],
        }
    ]
    districts = []
    if year <= 2024:
        districts = [
            {
                "province": row["code"],
                "code": f"{row['code']}7",
                "communes": row["communes"],
                "forms_expected": row["forms_expected"],
                "forms_submitted": row["forms_submitted"],
                "forms_accepted": row["forms_accepted"],
            }
            for row in province_rows
        ]
    return {
        "schema": schema,
        "installation": {"name": installation, "provinces": sorted(provinces)},
        "year": year,
        "sequence": sequence,
        "created_at": created_at,
        "app_version": "0.1.0",
        "counts": {
            "provinces": province_rows,
            "districts": districts,
            "agencies": agencies,
            "levels": levels,
            "totals": totals,
        },
    }


def payload_text(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def signed_file(private_key, text, *, key_id=None):
    """The file's bytes for a payload text signed by `private_key`."""
    signature = base64.b64encode(private_key.sign(text.encode("utf-8"))).decode("ascii")
    envelope = {"payload": text, "key_id": key_id or key_id_of(private_key), "signature": signature}
    return json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8")


def snapshot_file(private_key, **fields):
    """A valid signed snapshot file: payload(**fields) signed by `private_key`."""
    return signed_file(private_key, payload_text(payload(**fields)))


def follow(private_key, code="25", map_="current"):
    """The centre follows province `code` of `map_` and trusts `private_key`'s public key for it."""
    from rollup.services import province_register

    province, _key, _created, _key_created = province_register(
        code=code, map_=map_, pem_text=public_pem(private_key)
    )
    return province


def centre_set_up(**fields):
    """Vụ Địa phương II's set-up as its staff leave it (the letterhead and signature of the
    central report), with `fields` changed."""
    from core.models import Organisation

    organisation = Organisation.current()
    values = {
        "party_committee": "BAN TỔ CHỨC TRUNG ƯƠNG",
        "department": "VỤ ĐỊA PHƯƠNG II",
        "place_name": "Hà Nội",
        "document_suffix": "BC/BTCTW",
        "signer_title": "VỤ TRƯỞNG",
        "signer_name": "Nguyễn Văn Quy",
        **fields,
    }
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.mark_configured()
    return organisation
