"""Every heavy path against what the machine can do: one table (issue "Close to the floor").

    .venv/bin/python bench/run.py            # full sizes, three repetitions each (~10 minutes)
    .venv/bin/python bench/run.py --quick    # small sizes, under two minutes (CI runs it)
    .venv/bin/python bench/run.py --only import_communes,report_pdf

Each script under bench/ measures its path and its floor in the same run (bench/common.py) and
returns rows; this prints them as one Markdown table: project, floor, ratio, goal, met. The
deadline week's load test (locust, PostgreSQL) runs only in the full table. A missed goal is
reported, never a failure: the exit status is non-zero only when a measurement breaks.
"""

import argparse
import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import markdown  # noqa: E402

SCRIPTS = (
    "import_communes",
    "hamlets_import",
    "coverage_dashboard",
    "hamlets_rollup",
    "report_pdf",
    "submit_flow",
    "load_deadline_week",
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument("--only", help="comma-separated script names")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else SCRIPTS
    rows, skipped = [], []
    started = time.monotonic()
    for name in names:
        module = importlib.import_module(name)
        print(f"… {name}", file=sys.stderr, flush=True)
        found = module.measure(quick=args.quick)
        if not found:
            skipped.append(name)
        rows += found
    print(markdown(rows))
    if skipped:
        print(f"\nNot measured in this run: {', '.join(skipped)} (full run only).")
    print(f"\n{'quick' if args.quick else 'full'} run, {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
