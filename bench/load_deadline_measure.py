"""What bounds the load test's figure: CPU used by each party during the window (from /proc),
and a py-spy profile of the gunicorn workers. Used by `bench/load_deadline_week.py`."""

import os
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """(parent pid, command name, CPU seconds used so far) of a process, or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw.rsplit(")", 1)[1].split()
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICKS


def children(pid):
    return [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and (stat := _stat(p.name)) and stat[0] == pid
    ]


def _machine():
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4], sum(fields)  # busy, all (jiffies, all CPUs)


class CpuWatch:
    """CPU seconds per party between start() and stop(), sampled every call to sample() so
    that short-lived processes (PostgreSQL backends reconnecting, others' test runs) count."""

    def __init__(self, database, parties):
        self.database = database
        self.parties = parties  # {label: set of pids}, completed as processes appear
        self.first, self.last, self.group = {}, {}, {}

    def _group(self, pid, name):
        for label, pids in self.parties.items():
            if pid in pids:
                return label
        if name.startswith("postgres"):
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                title = ""
            if f" {self.database} " in title:
                return f"PostgreSQL ({self.database} backends)"
            return "other: postgres (other databases)"
        return f"other: {name}"

    def sample(self, initial=False):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            stat = _stat(pid)
            if stat is None:
                continue
            if pid not in self.first:
                # A process born during the window counts from zero.
                self.first[pid] = stat[2] if initial else 0.0
                self.group[pid] = self._group(pid, stat[1])
            self.last[pid] = stat[2]

    def start(self):
        self.sample(initial=True)
        self.machine0 = _machine()

    def stop(self, seconds):
        self.sample()
        busy, total = (b - a for a, b in zip(self.machine0, _machine(), strict=True))
        per_group = defaultdict(float)
        for pid, first in self.first.items():
            per_group[self.group[pid]] += self.last[pid] - first
        ours = {label: per_group.pop(label, 0.0) / seconds for label in self.parties}
        db = f"PostgreSQL ({self.database} backends)"
        ours[db] = per_group.pop(db, 0.0) / seconds
        others = sorted(per_group.items(), key=lambda kv: -kv[1])[:4]
        return {
            **ours,
            "whole machine (ours and others')": os.cpu_count() * busy / total if total else 0.0,
            **{label: value / seconds for label, value in others if value / seconds >= 0.02},
        }


def record(py_spy, master_pid, seconds, out):
    """py-spy over every gunicorn worker (--subprocesses), idle samples included so that the
    time spent waiting (for PostgreSQL, for the client) shows beside the Python work."""
    command = [
        str(py_spy),
        "record",
        f"--pid={master_pid}",
        "--subprocesses",
        "--idle",
        "--nonblocking",
        "--nolineno",
        f"--duration={seconds}",
        "--rate=100",
        "--format=raw",
        f"--output={out}",
    ]
    return subprocess.Popen(  # noqa: S603
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


PROJECT_PACKAGES = ("accounts/", "core/", "evaluations/", "assignments/", "reports/", "config/")
FRAMEWORK_FRAMES = (
    "Template.render (django/template/base.py)",
    "as_crispy_field (crispy_forms/",
    "get_user (django/contrib/auth/__init__.py)",
    "SessionStore.load (django/contrib/sessions/backends/db.py)",
    "SessionMiddleware.process_response (django/contrib/sessions/middleware.py)",
    "Model.full_clean (django/db/models/base.py)",
    "SQLCompiler.execute_sql (django/db/models/sql/compiler.py)",
    "CursorWrapper._execute (django/db/backends/utils.py)",
)
RUNNING = "Python running (own CPU, or waiting for a core)"
DB = "waiting for PostgreSQL (a query sent, its answer awaited)"
CLIENT = "waiting for the client to close the connection (gunicorn close_graceful)"
IDLE = "idle: waiting for a request"


def _kind(leaf):
    if "_execute (django/db/backends/utils.py)" in leaf or leaf.startswith(
        ("BaseDatabaseWrapper._commit", "DatabaseWrapper.is_usable")
    ):
        return DB
    if leaf.startswith("close_graceful (gunicorn/"):
        return CLIENT
    if "(gunicorn/" in leaf or "(selectors.py)" in leaf:
        return IDLE
    return RUNNING


def read_profile(path):
    """py-spy's collapsed stacks → (samples by kind, own samples per function, inclusive samples
    of the project's functions and of a few telling framework functions). Workers only: their
    stacks start with two process frames (the master's, then their own)."""
    kinds, own, inclusive = Counter(), Counter(), Counter()
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        processes = sum(1 for f in frames if f.startswith("process "))
        if processes < 2:
            continue  # the master (arbiter) itself
        frames = frames[processes:]
        if not frames:
            continue
        n, leaf = int(count), frames[-1]
        kind = _kind(leaf)
        kinds[kind] += n
        if kind == RUNNING:
            own[leaf] += n
        if kind in (RUNNING, DB):
            for frame in dict.fromkeys(frames):
                inside = frame.split("(", 1)[1] if "(" in frame else ""
                if inside.startswith(PROJECT_PACKAGES) or frame.startswith(FRAMEWORK_FRAMES):
                    inclusive[frame] += n
    return kinds, own, inclusive


def profile_text(path, seconds, workers, failure):
    if failure:
        return f"== py-spy ==\npy-spy could not sample the workers: {failure}"
    kinds, own, inclusive = read_profile(path)
    samples = sum(kinds.values())
    if not samples:
        return "== py-spy ==\nno samples of the workers (could py-spy read them?)"
    lines = [
        f"== py-spy: {workers} gunicorn workers, {seconds} s, {samples:,} samples "
        f"(100/s per worker, idle included) =="
    ]
    for kind, n in kinds.most_common():
        lines.append(f"  {100 * n / samples:5.1f} %  {kind}")
    running = kinds[RUNNING] or 1
    lines.append("top functions by own time (share of the 'Python running' samples):")
    for frame, n in own.most_common(15):
        lines.append(f"  {100 * n / running:5.1f} %  {frame}")
    busy = running + kinds[DB]
    lines.append("inclusive time (share of the busy samples: Python running + PostgreSQL):")
    for frame, n in inclusive.most_common(20):
        lines.append(f"  {100 * n / busy:5.1f} %  {frame}")
    return "\n".join(lines)
