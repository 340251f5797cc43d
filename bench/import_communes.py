"""Import N commune rows from a workbook and print the time and peak memory.

    .venv/bin/python bench/import_communes.py            # 1,000 and 10,000 rows
    .venv/bin/python bench/import_communes.py 50000      # any sizes

Each size runs in a fresh process on a fresh SQLite database (or DATABASE_URL's server), so
the figures do not mix. The workbook is the map before 2025 (with districts), 20 communes a
district, 12 districts a province: the shape of the national file.
Target (issue 3): 10,000 rows under 15 s on the 2-core machine, memory not growing with the file.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


def child(rows):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from assignments.imports import CommuneImport
    from assignments.models import Commune
    from core.imports import run_import

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "communes.xlsx"
        build_workbook(path, rows)
        # Time without tracing (tracemalloc slows Python down several times).
        started = time.perf_counter()
        with path.open("rb") as handle:
            result = run_import(CommuneImport(), handle)
        first = time.perf_counter() - started
        started = time.perf_counter()
        with path.open("rb") as handle:
            again = run_import(CommuneImport(), handle)
        second = time.perf_counter() - started
        # Memory: the peak of Python allocations while importing into an empty table, and
        # while re-importing (which also holds the existing rows' keys, a few MB nationally).
        Commune.objects.all().delete()
        tracemalloc.start()
        with path.open("rb") as handle:
            run_import(CommuneImport(), handle)
        peak_first = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        with path.open("rb") as handle:
            run_import(CommuneImport(), handle)
        peak_second = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures = {
            "rows": rows,
            "file_kb": path.stat().st_size // 1024,
            "import_s": round(first, 2),
            "reimport_s": round(second, 2),
            "peak_import_mb": round(peak_first / 1e6, 1),
            "peak_reimport_mb": round(peak_second / 1e6, 1),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "written": Commune.objects.count(),
            "reimport_unchanged": again.unchanged,
            "errors": result.error_count,
        }
        print(json.dumps(figures))


COLUMNS = [
    ("rows", "rows"),
    ("file KB", "file_kb"),
    ("import s", "import_s"),
    ("re-import s", "reimport_s"),
    ("peak MB import", "peak_import_mb"),
    ("peak MB re-import", "peak_reimport_mb"),
    ("max RSS MB", "max_rss_mb"),
]


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000]
    print("  ".join(f"{title:>{len(title)}}" for title, _ in COLUMNS))
    for rows in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ)
            env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
            env.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuv")
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(rows)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            figures = json.loads(out.stdout.strip().splitlines()[-1])
        assert figures["written"] == rows and figures["errors"] == 0
        assert figures["reimport_unchanged"] == rows
        print("  ".join(f"{figures[key]:>{len(title)}}" for title, key in COLUMNS))


if __name__ == "__main__":
    main()
