"""The snapshot file's format (schema 1) and its consistency rules, shared by the province's
export (a province never sends a file that contradicts itself) and the centre's import.

The file: one UTF-8 JSON object {"payload": "<JSON text>", "key_id": "<16 hex>", "signature":
"<base64>"}; the Ed25519 signature covers the payload's exact UTF-8 bytes, and everything the
centre relies on is inside the payload. Counts only: no person's name, no free text (Law
91/2025/QH15 on personal data: the centre needs ratios, personal data stays in the province).
"""

import json
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import LEVEL_ORDER

SCHEMA_VERSION = 1
KNOWN_SCHEMAS = {1}
YEAR_MIN, YEAR_MAX = 2000, 2100

ENVELOPE_KEYS = {"payload", "key_id", "signature"}
TOP_KEYS = {
    "schema",
    "installation",
    "year",
    "sequence",
    "created_at",
    "app_version",
    "counts",
}
COUNTS_KEYS = {"provinces", "districts", "agencies", "levels", "totals"}

# The figures of a province row (and of the totals), in the order tables show them.
PROVINCE_FIGURES = (
    "communes",
    "communes_covered",
    "forms_expected",
    "forms_submitted",
    "forms_accepted",
    "cadres_evaluated",
    "cadres_commended",
    "tasks_assigned",
    "tasks_met",
    "hamlets",
    "hamlets_covered",
)
FORM_FIGURES = ("forms_expected", "forms_submitted", "forms_accepted")
DISTRICT_FIGURES = ("communes", *FORM_FIGURES)
AGENCY_FIGURES = (
    *FORM_FIGURES,
    "cadres_evaluated",
    "cadres_commended",
    "tasks_assigned",
    "tasks_met",
)

# (part, whole): a part can never exceed its whole, in any row that has both.
BOUNDS = (
    ("communes_covered", "communes"),
    ("forms_submitted", "forms_expected"),
    ("forms_accepted", "forms_submitted"),
    ("cadres_commended", "cadres_evaluated"),
    ("tasks_met", "tasks_assigned"),
    ("hamlets_covered", "hamlets"),
)

FIELD_LABELS = {
    "communes": gettext_lazy("the number of communes"),
    "communes_covered": gettext_lazy("the number of communes with a cadre following"),
    "forms_expected": gettext_lazy("the number of forms expected"),
    "forms_submitted": gettext_lazy("the number of forms submitted"),
    "forms_accepted": gettext_lazy("the number of forms accepted"),
    "cadres_evaluated": gettext_lazy("the number of cadres evaluated"),
    "cadres_commended": gettext_lazy("the number of cadres proposed for commendation"),
    "tasks_assigned": gettext_lazy("the number of breakthrough tasks assigned"),
    "tasks_met": gettext_lazy("the number of breakthrough tasks met"),
    "hamlets": gettext_lazy("the number of hamlets"),
    "hamlets_covered": gettext_lazy("the number of hamlets with someone following"),
}


class SnapshotError(ValueError):
    """A snapshot file that cannot be read or contradicts itself; the message says why, in the
    user's language."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def _not_snapshot():
    return SnapshotError(_("This is not a snapshot file (it is truncated or not JSON)."))


def envelope(payload_text, key_id, signature):
    """The file's bytes: the payload text, its key id and its signature, as one JSON object."""
    return (
        json.dumps(
            {"payload": payload_text, "key_id": key_id, "signature": signature},
            ensure_ascii=False,
            sort_keys=True,
            indent=1,
        )
        + "\n"
    ).encode("utf-8")


def parse_envelope(content):
    """(payload text, key id, signature) of a file's bytes; SnapshotError for anything that is
    not UTF-8 JSON holding exactly those three strings."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError) as exc:
        raise _not_snapshot() from exc
    if not isinstance(data, dict) or set(data) != ENVELOPE_KEYS:
        raise _not_snapshot()
    if not all(isinstance(data[key], str) for key in ENVELOPE_KEYS):
        raise _not_snapshot()
    return data["payload"], data["key_id"], data["signature"]


def parse_payload(payload_text):
    """The payload's JSON object; SnapshotError when it is not one."""
    try:
        data = json.loads(payload_text)
    except (ValueError, RecursionError, TypeError) as exc:
        raise _not_snapshot() from exc
    if not isinstance(data, dict):
        raise _not_snapshot()
    return data


def payload_text(data):
    """The payload's canonical text: sorted keys, UTF-8 as such, no spaces."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- consistency -------------------------------------------------------------------------------


def _missing(field):
    return SnapshotError(
        _("This is not a snapshot file: the field «%(field)s» is missing or not of the right type.")
        % {"field": field}
    )


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _object(value, field, keys):
    if not isinstance(value, dict):
        raise _missing(field)
    missing = sorted(set(keys) - set(value))
    if missing:
        raise _missing(f"{field}.{missing[0]}")
    extra = sorted(set(value) - set(keys))
    if extra:
        raise SnapshotError(
            _("This is not a snapshot file: unexpected fields in «%(field)s»: %(extra)s.")
            % {"field": field, "extra": ", ".join(extra)}
        )
    return value


def _list(value, field):
    if not isinstance(value, list):
        raise _missing(field)
    return value


def _counts(row, figures, where, field):
    for name in figures:
        value = row[name]
        if not _is_int(value) or value < 0:
            raise SnapshotError(
                _(
                    "This is not a snapshot file: in %(row)s, «%(field)s» is not a whole number "
                    "of zero or more."
                )
                % {"row": where, "field": f"{field}.{name}"}
            )


def _bounds(row, where):
    for part, whole in BOUNDS:
        if part in row and whole in row and row[part] > row[whole]:
            raise SnapshotError(
                _(
                    "The file contradicts itself: %(row)s has %(part)s (%(part_value)s) greater "
                    "than %(whole)s (%(whole_value)s)."
                )
                % {
                    "row": where,
                    "part": FIELD_LABELS[part],
                    "part_value": row[part],
                    "whole": FIELD_LABELS[whole],
                    "whole_value": row[whole],
                }
            )


def _code(value, field):
    if not isinstance(value, str) or not value or len(value) > 10:
        raise _missing(field)
    return value


def validate_payload(data):
    """Raise SnapshotError (a message naming the row and the figure) unless `data`, a parsed
    payload, has schema 1's shape and agrees with itself: no part greater than its whole, the
    rows by province are the provinces covered, the totals are their sums, and the levels, the
    agencies and the districts add up to the totals."""
    if not isinstance(data, dict):
        raise _not_snapshot()
    schema = data.get("schema")
    if not _is_int(schema) or schema not in KNOWN_SCHEMAS:
        raise SnapshotError(
            _(
                "The file uses schema version %(version)s, which this installation does not "
                "know (it reads version %(known)s)."
            )
            % {
                "version": json.dumps(schema, ensure_ascii=False)[:20],
                "known": ", ".join(str(v) for v in sorted(KNOWN_SCHEMAS)),
            }
        )
    _object(data, "payload", TOP_KEYS)
    year, sequence = data["year"], data["sequence"]
    if not _is_int(year) or not YEAR_MIN <= year <= YEAR_MAX:
        raise SnapshotError(
            _("The file's year (%(year)s) is not a year from %(min)s to %(max)s.")
            % {"year": json.dumps(year)[:20], "min": YEAR_MIN, "max": YEAR_MAX}
        )
    if not _is_int(sequence) or sequence < 1:
        raise SnapshotError(
            _("The file's sequence number (%(value)s) is not a whole number of 1 or more.")
            % {"value": json.dumps(sequence)[:20]}
        )
    for name in ("created_at", "app_version"):
        if not isinstance(data[name], str):
            raise _missing(name)
    try:
        created = datetime.fromisoformat(data["created_at"])
    except ValueError:
        created = None
    if created is None or created.tzinfo is None:
        raise SnapshotError(
            _("The file's time «%(value)s» is not a date and time with its offset.")
            % {"value": data["created_at"][:40]}
        )
    installation = _object(data["installation"], "installation", {"name", "provinces"})
    if not isinstance(installation["name"], str):
        raise _missing("installation.name")
    covered = [
        _code(code, "installation.provinces")
        for code in _list(installation["provinces"], "installation.provinces")
    ]
    if not covered:
        raise _missing("installation.provinces")
    for code in covered:
        if covered.count(code) > 1:
            raise SnapshotError(
                _("The file contradicts itself: it lists province %(code)s twice.") % {"code": code}
            )
    counts = _object(data["counts"], "counts", COUNTS_KEYS)

    provinces = {}
    for row in _list(counts["provinces"], "counts.provinces"):
        row = _object(row, "counts.provinces[]", {"code", *PROVINCE_FIGURES})
        code = _code(row["code"], "counts.provinces[].code")
        where = _("province %(code)s") % {"code": code}
        _counts(row, PROVINCE_FIGURES, where, "counts.provinces")
        _bounds(row, where)
        if code in provinces:
            raise SnapshotError(
                _("The file contradicts itself: province %(code)s has two rows.") % {"code": code}
            )
        provinces[code] = row
    if set(provinces) != set(covered):
        raise SnapshotError(
            _(
                "The file contradicts itself: its rows by province (%(rows)s) are not the "
                "provinces it covers (%(covered)s)."
            )
            % {"rows": ", ".join(sorted(provinces)) or "—", "covered": ", ".join(sorted(covered))}
        )

    district_sums = {}
    seen_districts = set()
    for row in _list(counts["districts"], "counts.districts"):
        row = _object(row, "counts.districts[]", {"province", "code", *DISTRICT_FIGURES})
        province = _code(row["province"], "counts.districts[].province")
        code = _code(row["code"], "counts.districts[].code")
        where = _("district %(code)s of province %(province)s") % {
            "code": code,
            "province": province,
        }
        _counts(row, DISTRICT_FIGURES, where, "counts.districts")
        _bounds(row, where)
        if province not in provinces:
            raise SnapshotError(
                _(
                    "The file contradicts itself: %(row)s belongs to a province the file does "
                    "not cover."
                )
                % {"row": where}
            )
        if (province, code) in seen_districts:
            raise SnapshotError(
                _("The file contradicts itself: %(row)s has two rows.") % {"row": where}
            )
        seen_districts.add((province, code))
        sums = district_sums.setdefault(province, dict.fromkeys(FORM_FIGURES, 0))
        for name in FORM_FIGURES:
            sums[name] += row[name]

    agency_sums = dict.fromkeys(FORM_FIGURES, 0)
    for row in _list(counts["agencies"], "counts.agencies"):
        row = _object(row, "counts.agencies[]", {"agency", *AGENCY_FIGURES})
        if not isinstance(row["agency"], str):
            raise _missing("counts.agencies[].agency")
        where = _("agency «%(name)s»") % {"name": row["agency"][:100]}
        _counts(row, AGENCY_FIGURES, where, "counts.agencies")
        _bounds(row, where)
        for name in FORM_FIGURES:
            agency_sums[name] += row[name]

    levels = {}
    for row in _list(counts["levels"], "counts.levels"):
        row = _object(row, "counts.levels[]", {"level", "cadres"})
        if not isinstance(row["level"], str) or row["level"] in levels:
            raise _missing("counts.levels[].level")
        _counts(row, ("cadres",), _("level %(level)s") % {"level": row["level"]}, "levels")
        levels[row["level"]] = row["cadres"]
    if set(levels) != set(LEVEL_ORDER):
        raise SnapshotError(
            _("This is not a snapshot file: its completion levels (%(levels)s) are not %(known)s.")
            % {"levels": ", ".join(levels) or "—", "known": ", ".join(LEVEL_ORDER)}
        )

    totals = _object(counts["totals"], "counts.totals", set(PROVINCE_FIGURES))
    where = _("the totals")
    _counts(totals, PROVINCE_FIGURES, where, "counts.totals")
    _bounds(totals, where)
    for name in PROVINCE_FIGURES:
        summed = sum(row[name] for row in provinces.values())
        if totals[name] != summed:
            raise SnapshotError(
                _(
                    "The file contradicts itself: the total of %(field)s is %(total)s, but its "
                    "rows by province add up to %(sum)s."
                )
                % {"field": FIELD_LABELS[name], "total": totals[name], "sum": summed}
            )
    if sum(levels.values()) != totals["cadres_evaluated"]:
        raise SnapshotError(
            _(
                "The file contradicts itself: the cadres by completion level add up to %(sum)s, "
                "not the %(total)s cadres evaluated."
            )
            % {"sum": sum(levels.values()), "total": totals["cadres_evaluated"]}
        )
    for name in FORM_FIGURES:
        if agency_sums[name] != totals[name]:
            raise SnapshotError(
                _(
                    "The file contradicts itself: by agency, %(field)s adds up to %(sum)s, not "
                    "the total %(total)s."
                )
                % {"field": FIELD_LABELS[name], "sum": agency_sums[name], "total": totals[name]}
            )
    for province, sums in district_sums.items():
        for name in FORM_FIGURES:
            if sums[name] != provinces[province][name]:
                raise SnapshotError(
                    _(
                        "The file contradicts itself: the districts of province %(code)s add up "
                        "to %(sum)s for %(field)s, not the province's %(total)s."
                    )
                    % {
                        "code": province,
                        "field": FIELD_LABELS[name],
                        "sum": sums[name],
                        "total": provinces[province][name],
                    }
                )
