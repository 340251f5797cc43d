"""The centre's figures: for a year, the snapshot that counts for each province it follows, and
the comparison of the provinces (issue 19). The comparison page, its Excel export, the central
PDF and the central workbook all read `comparison(year)`, so they never disagree.

Every ratio is computed here from the numerators and denominators in the snapshots' province
rows (core.ratio.Ratio), never copied from a file; a total is the sum of the numerators over
the sum of the denominators, never an average of percentages.

The year before, across the 2025 map change: a province of 2025 on is compared with the 2024
snapshot of the installation that covered the same code before the merger (the new Phú Thọ, code
25, with the 2024 snapshot that its installation made for the old Hòa Bình, Vĩnh Phúc and Phú
Thọ, codes 17, 25 and 26), summed over every province that snapshot covered: the province after
the merger is not the province before, and the figures say which codes they span. Between two
years on the same map the year before is the same province's row."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.ratio import Ratio

from .models import FollowedProvince, Snapshot
from .versions import in_use_by_province

# (key of ?sort= and of the figures, label, numerator's count, denominator's count)
RATIOS = (
    ("submitted", _("Forms submitted / expected"), "forms_submitted", "forms_expected"),
    ("accepted", _("Forms accepted / expected"), "forms_accepted", "forms_expected"),
    ("communes", _("Communes covered / communes"), "communes_covered", "communes"),
    ("commended", _("Commended / evaluated"), "cadres_commended", "cadres_evaluated"),
    ("tasks", _("Breakthrough tasks met / assigned"), "tasks_met", "tasks_assigned"),
    ("hamlets", _("Hamlets covered / hamlets"), "hamlets_covered", "hamlets"),
)
RATIO_KEYS = tuple(key for key, *_rest in RATIOS)
# The counts a province row holds that the ratios read.
COUNTS = tuple(dict.fromkeys(name for *_head, num, den in RATIOS for name in (num, den)))


def ratios(counts):
    """{key: Ratio} for a row of counts (a province's, a total's)."""
    return {key: Ratio(counts[num], counts[den]) for key, _label, num, den in RATIOS}


def _summed(rows):
    return {name: sum(row.get(name, 0) for row in rows) for name in COUNTS}


def _province_row(snapshot, code):
    return next((r for r in snapshot.counts.get("provinces", []) if r.get("code") == code), None)


def _version(snapshot):
    """Which version a figure comes from, as the page, the PDF and the workbook name it."""
    return {
        "id": snapshot.pk,
        "installation": snapshot.installation,
        "codes": [r["code"] for r in snapshot.counts.get("provinces", [])],
        "year": snapshot.year,
        "sequence": snapshot.sequence,
        "created_at": snapshot.created_at.isoformat(),
        "sha256": snapshot.sha256,
    }


def current_snapshots(year):
    """{FollowedProvince: Snapshot or None} for every province followed on the map of `year`:
    the version in use that covers it (rollup.versions says which: the highest sequence of its
    sender, a replayed older file never replaces a newer one). Provinces in name order."""
    provinces = FollowedProvince.objects.filter(map=FollowedProvince.map_of_year(year)).order_by(
        "name", "code"
    )
    in_use = in_use_by_province(year)
    return {province: in_use.get(province.pk) for province in provinces}


@dataclass
class YearBefore:
    """The figures of the year before for one row: the counts summed over `parts`, each a
    snapshot and the codes of its province rows taken."""

    year: int
    parts: list  # [(Snapshot, [codes])]
    counts: dict = field(default_factory=dict)

    @property
    def ratios(self):
        return ratios(self.counts)

    @property
    def codes(self):
        return sorted({code for _snapshot, codes in self.parts for code in codes})


@dataclass
class Row:
    province: FollowedProvince
    snapshot: Snapshot
    counts: dict
    before: YearBefore | None

    @property
    def ratios(self):
        return ratios(self.counts)


@dataclass
class Comparison:
    year: int
    rows: list  # [Row], provinces that sent, in name order
    missing: list  # [FollowedProvince] that have not sent a snapshot for the year
    total: dict  # the counts summed over the rows
    total_before: dict | None  # the year before's counts, each snapshot row once

    @property
    def total_ratios(self):
        return ratios(self.total)

    @property
    def total_before_ratios(self):
        return ratios(self.total_before) if self.total_before is not None else None

    @property
    def followed(self):
        return len(self.rows) + len(self.missing)


def _year_before(year, province, before_snapshots):
    """The year before's figures for `province` (module docstring), or None when the centre
    has no snapshot for it."""
    previous = year - 1
    if FollowedProvince.map_of_year(previous) == province.map:
        snapshot = before_snapshots.get(province.code)
        row = snapshot and _province_row(snapshot, province.code)
        if row is None:
            return None
        return YearBefore(previous, [(snapshot, [province.code])], _summed([row]))
    # Across the map change: the installation that covered the same code, all it covered.
    snapshot = before_snapshots.get(province.code)
    if snapshot is None:
        return None
    rows = snapshot.counts.get("provinces", [])
    return YearBefore(previous, [(snapshot, [r["code"] for r in rows])], _summed(rows))


def comparison(year):
    """The provinces followed on the map of `year`, their figures from the snapshot that counts,
    the year before beside them, the total and the provinces that have not sent."""
    current = current_snapshots(year)
    before_snapshots = {
        province.code: snapshot
        for province, snapshot in current_snapshots(year - 1).items()
        if snapshot is not None
    }
    rows, missing = [], []
    for province, snapshot in current.items():
        row = snapshot and _province_row(snapshot, province.code)
        if row is None:
            missing.append(province)
            continue
        rows.append(
            Row(province, snapshot, _summed([row]), _year_before(year, province, before_snapshots))
        )
    # The year before's total: each (snapshot, province row) once, however many rows use it.
    taken = {}
    for row in rows:
        for snapshot, codes in row.before.parts if row.before else ():
            for code in codes:
                taken[(snapshot.pk, code)] = _province_row(snapshot, code) or {}
    total_before = _summed(taken.values()) if taken else None
    return Comparison(year, rows, missing, _summed([r.counts for r in rows]), total_before)


def years_with_snapshots():
    return list(Snapshot.objects.order_by("-year").values_list("year", flat=True).distinct())


def comparison_figures(year):
    """`comparison(year)` as plain numbers (JSON), for a report job to keep beside its file: the
    central PDF and workbook are rendered from this alone, so the same job gives the same file."""
    data = comparison(year)

    def before(b):
        if b is None:
            return None
        return {
            "year": b.year,
            "codes": b.codes,
            "counts": b.counts,
            "versions": [_version(snapshot) for snapshot, _codes in b.parts],
        }

    return {
        "year": year,
        "followed": data.followed,
        "rows": [
            {
                "code": r.province.code,
                "name": r.province.name,
                "counts": r.counts,
                "version": _version(r.snapshot),
                "before": before(r.before),
            }
            for r in data.rows
        ],
        "total": data.total,
        "total_before": data.total_before,
        "missing": [{"code": p.code, "name": p.name} for p in data.missing],
    }
