"""What every bench script shares: a result row, repetitions, a fresh database per size.

Each script under bench/ exposes `measure(quick=False) -> list[Row]`: the project's figure and
its floor measured in the same run, three repetitions each (median kept), and the goal from the
issue "Close to the floor". `bench/run.py` prints every script's rows as one Markdown table.
A script still runs alone (`python bench/<script>.py`) and prints its own rows.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPETITIONS = 3


@dataclass
class Row:
    """One line of the table. `project` and `floor` in the row's unit (s, ms, MB, /s);
    `ratio` = project / floor when there is a floor; `met` is the goal's verdict."""

    path: str
    project: float
    unit: str
    floor: float | None
    goal: str
    met: bool
    note: str = ""

    @property
    def ratio(self):
        return self.project / self.floor if self.floor else None

    def as_dict(self):
        return dict(asdict(self), ratio=self.ratio)


def median_of(function, repetitions=REPETITIONS):
    """The median wall time (s) of `function()` over `repetitions` runs, and its last result."""
    times, result = [], None
    for _ in range(repetitions):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_env(tmp, **extra):
    """The environment of a child process on a fresh SQLite database in `tmp` (or the server
    DATABASE_URL names), with production-like settings where they matter to speed."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    env.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuv")
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("STATIC_MANIFEST", "0")
    env.setdefault("MEDIA_ROOT", f"{tmp}/media")
    env.update(extra)
    return env


BENCH_REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own, emptied by the bench


def redis_url():
    """Redis for a bench that measures the production shape (sessions and the cache on Redis),
    when this machine runs one (as CI's and production's do); else None."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return None
    return BENCH_REDIS_URL


def run_child(script, *args, **env_extra):
    """Run `script --child ARGS` in a fresh process and database; its last stdout line is JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, str(script), "--child", *map(str, args)],
            env=bench_env(tmp, **env_extra),
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
    if out.returncode:
        raise RuntimeError(f"{Path(script).name} {' '.join(map(str, args))}: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def django_setup():
    """Django, configured from the environment, in a child process; the schema migrated."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def markdown(rows):
    """The rows as the Markdown table the issue asks for."""
    lines = [
        "| path | project | floor | ratio | goal | met | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        floor = f"{row.floor:.3g} {row.unit}" if row.floor is not None else "—"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        lines.append(
            f"| {row.path} | {row.project:.3g} {row.unit} | {floor} | {ratio} | {row.goal} | "
            f"{'yes' if row.met else 'no'} | {row.note} |"
        )
    return "\n".join(lines)
