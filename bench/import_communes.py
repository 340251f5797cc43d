"""Import a workbook of communes (validate + write), against openpyxl reading the same file.

    .venv/bin/python bench/import_communes.py            # 10,000 rows
    .venv/bin/python bench/import_communes.py --quick    # 1,000 rows

The issue "Close to the floor": the import of 10,000 rows within 3× an openpyxl read-only read
of the same file (the floor, measured in the same process), and its memory at most 50 MB above
the process's baseline. One fresh process runs it all, on PostgreSQL when DATABASE_URL names
one, else on a fresh SQLite file; each repetition imports into empty tables. The workbook is the
map before 2025 (with districts), 20 communes a district, 12 districts a province: the shape of
the national file, so the import also creates every district and province.
"""

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPETITIONS, Row, django_setup, markdown, median_of, run_child  # noqa: E402

GOAL_RATIO = 3
GOAL_MB = 50


def build_workbook(path, rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Xa")
    sheet.append(["Mã xã", "Tên xã", "Loại", "Huyện", "Tỉnh", "Bí thư", "Điện thoại"])
    for n in range(rows):
        province, district = n // 240, n // 20
        sheet.append(
            [
                f"{n + 1:05d}",
                f"Xã Thử Nghiệm Số {n + 1}",
                "xã",
                f"Huyện Số {district + 1}",
                f"Tỉnh Số {province + 1}",
                f"Nguyễn Văn Bí Thư {n % 97}",
                f"0912{n:06d}",
            ]
        )
    workbook.save(path)


def _rss_mb(field):
    """VmRSS (now) or VmHWM (the peak since the last reset) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak():
    """Start VmHWM again from the current RSS (Linux ≥ 4.0); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def child(rows, path):
    django_setup()
    from django.db import connection
    from openpyxl import load_workbook

    from assignments.imports import CommuneImport
    from assignments.models import Commune, District, Province
    from core.imports import run_import

    def empty_tables():
        Commune.objects.all().delete()
        District.objects.all().delete()
        Province.objects.all().delete()

    def imported():
        with open(path, "rb") as handle:
            result = run_import(CommuneImport(), handle)
        assert result.ok and result.new == rows, (result.error_count, result.errors[:3])
        return result

    def read_with_openpyxl():
        workbook = load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return count

    # A first import of a few rows loads every module the import needs (the baseline).
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "warm.xlsx"
        build_workbook(small, 20)
        with small.open("rb") as handle:
            run_import(CommuneImport(), handle)
    empty_tables()

    # Memory: the peak above the resident size just before the import, in this fresh process.
    baseline = _rss_mb("VmRSS")
    exact = _reset_peak()
    imported()
    peak = _rss_mb("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # The import and its floor in turns, so that a busy moment of the machine weighs on both.
    times, floors = [], []
    for _ in range(REPETITIONS):
        empty_tables()
        started = time.perf_counter()
        imported()
        times.append(time.perf_counter() - started)
        floor, count = median_of(read_with_openpyxl, repetitions=1)
        assert count == rows + 1, count
        floors.append(floor)
    print(
        json.dumps(
            {
                "import_s": statistics.median(times),
                "floor_s": statistics.median(floors),
                "above_baseline_mb": peak - baseline,
                "exact_peak": exact,
                "database": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
                "file_kb": Path(path).stat().st_size // 1024,
            }
        )
    )


def measure(quick=False):
    rows = 1_000 if quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "communes.xlsx"
        build_workbook(path, rows)
        figures = run_child(__file__, rows, path)
    where = f"{rows:,} rows, {figures['file_kb']} KB, {figures['database']}, median of 3"
    above = figures["above_baseline_mb"]
    return [
        Row(
            path=f"import {rows:,} rows (validate + write)",
            project=figures["import_s"],
            unit="s",
            floor=figures["floor_s"],
            goal=f"≤ {GOAL_RATIO}× floor",
            met=figures["import_s"] <= GOAL_RATIO * figures["floor_s"],
            note=f"{where}; floor: openpyxl read-only read of the same file, same process",
        ),
        Row(
            path=f"import {rows:,} rows: memory",
            project=above,
            unit="MB",
            floor=None,
            goal=f"≤ {GOAL_MB} MB above baseline",
            met=above <= GOAL_MB,
            note=(
                "peak RSS of the first import above the RSS just before it, fresh process"
                + ("" if figures["exact_peak"] else " (peak since start: an upper bound)")
            ),
        ),
    ]


def main():
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3])
        return
    print(markdown(measure(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parents[1])
    main()
