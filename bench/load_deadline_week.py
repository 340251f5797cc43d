"""Load test of the deadline week: every commune submits its evaluation form while staff watch the
completeness page; gunicorn and PostgreSQL on loopback, locust in its own process.

    .venv/bin/python -m pip install -c requirements.lock -e '.[dev,bench]'   # locust, py-spy
    .venv/bin/python bench/load_deadline_week.py [--users 3321] [--rate 100|auto] [--duration 120]
        [--workers 3] [--threads 1] [--staff 5] [--think 1] [--profile 20] [--port 8765] [--keep]

What it does, in order:
1. creates the PostgreSQL database `theodoi_load` on 127.0.0.1:5432 (dropped first if it exists;
   no other database is touched), migrates it, loads the current map (3,321 communes,
   `load_divisions --all`), one cadre per commune in ~110 agencies, their assignments, and the
   year's round, opened by the project's own service (`round_open`), its deadline in two days
   and this morning's reminder sent to every commune (`send_reminders`);
2. creates the 3,321 commune accounts and a few staff accounts and logs them in *before* the
   measured window, by writing their Django sessions straight into the session store (a
   password hash costs ~0.3 s of CPU by design; the window measures the forms, not the logins);
3. measures each request of the scenario alone, in process: SQL queries and time (Django test
   client, in a transaction rolled back);
4. starts gunicorn as production does (`config.wsgi`, 3 sync workers, DEBUG=0, behind the TLS
   proxy: X-Forwarded-Proto) on 127.0.0.1;
5. runs `bench/locustfile_deadline.py` headless in its own process: `--users` commune users
   arrive at `--rate` per second (`--rate auto`: 60 % of what step 3 says two cores could
   carry), each: home page → form (reads the CSRF token and version) → draft (the form answers)
   → review (the confirmation answers) → submit (the home answers with the thanks), with
   `--think` seconds between steps; `--staff` staff users
   reload the round's completeness page. The test ends after `--duration` seconds (requests
   under way are let finish, up to the 60 s a proxy would wait) or when every commune is done;
6. meanwhile py-spy samples the gunicorn workers for `--profile` seconds, and /proc tells the
   CPU used by gunicorn, PostgreSQL, locust and everything else on the machine;
7. prints throughput, form submissions per second, p50/p95/p99 per request, the errors, the
   CPU table, the profile (what bounds the figure), and checks in the database that the forms
   submitted are the successful submit POSTs and that no form was submitted twice;
8. stops gunicorn and drops the database (`--keep` keeps it and the logs).

Target (issue "Close to the floor"): at least 30 submissions per second in total, p95 under
300 ms, no error. The script reports what it measures; it does not lighten the scenario to meet
the target. `measure()` runs it twice for bench/run.py, at 32/s and at `auto` (not in --quick:
it needs locust, PostgreSQL and about five minutes).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import common
import load_deadline_measure as watching

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
DB_NAME = "theodoi_load"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DATABASE_URL = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DB_NAME}"
SECRET_KEY = "load-test-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
PROXY_TIMEOUT = 60  # seconds a request may take before the proxy (and locust) gives up
TARGET_PER_SECOND = 30
TARGET_P95_MS = 300
# The commune's flow: the review answers with the confirmation, the submission with the home.
FLOW = [
    "GET home",
    "GET form",
    "POST draft",
    "POST review",
    "POST submit",
]
REQUEST_ORDER = [*FLOW, "GET completeness"]


def _env():
    # As production runs: the cache and the sessions (cached_db) on Redis, in a database of the
    # bench's own (emptied at setup); with no Redis on the machine, both in memory and PostgreSQL.
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    if common.redis_url():
        env["REDIS_URL"] = common.redis_url()
    env.update(
        {
            "DATABASE_URL": DATABASE_URL,
            "DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "BEHIND_HTTPS_PROXY": "1",  # as in production: TLS ends at the proxy
            "STATIC_MANIFEST": "0",  # no collectstatic needed; static files are not requested
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
        }
    )
    return env


def _data(*args):
    """Run bench/load_deadline_data.py (Django on the load database); its last line is JSON."""
    out = subprocess.run(  # noqa: S603
        [sys.executable, str(BENCH / "load_deadline_data.py"), *args],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-4000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _admin_sql(*statements):
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def create_database():
    _admin_sql(
        f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)",
        f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0",
    )


def drop_database():
    _admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def _get(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return response.status, response.read()


def start_gunicorn(port, workers, threads, log):
    command = [
        str(VENV_BIN / "gunicorn"),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--backlog=4096",  # every commune may be connecting at once
        f"--timeout={PROXY_TIMEOUT}",
        "--graceful-timeout=10",
        "--log-level=warning",
    ]
    if threads > 1:
        command += ["--worker-class=gthread", f"--threads={threads}"]
    process = subprocess.Popen(  # noqa: S603
        command, env=_env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start; see its log")
        try:
            if _get(port, "/healthz")[0] == 200:
                break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz within 60 s") from None
            time.sleep(0.3)
    for _ in range(workers * 4):  # every worker imports, resolves URLs, loads templates once
        _get(port, "/accounts/login/")
    return process


def stop_process(process, timeout=20):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_locust(args, users, work, log):
    env = {
        **os.environ,
        "LOAD_ACCOUNTS": str(work / "accounts.json"),
        "LOAD_SUMMARY": str(work / "summary.json"),
        "LOAD_THINK": str(args.think),
        "LOAD_STAFF": str(args.staff),
        "LOAD_TIMEOUT": str(PROXY_TIMEOUT),
    }
    return subprocess.Popen(  # noqa: S603
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(BENCH / "locustfile_deadline.py"),
            "--headless",
            "--only-summary",
            f"--users={users + args.staff}",
            f"--spawn-rate={args.rate:g}",
            f"--run-time={args.duration}s",
            f"--stop-timeout={PROXY_TIMEOUT + 5}",  # requests under way finish or time out
            f"--host=http://127.0.0.1:{args.port}",
            f"--csv={work / 'locust'}",
            "--loglevel=WARNING",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _ms(value):
    return f"{value:,.0f}" if value is not None else "-"


def report(summary, setup, db, cpu, profile, workers, rate):
    window = max((summary["last_request"] or summary["stopped"]) - summary["started"], 1e-9)
    by_name, total = summary["by_name"], summary["total"]
    submit = by_name.get("POST submit", {"requests": 0, "failures": 0, "p95": None})
    ok_submits = submit["requests"] - submit["failures"]
    per_second = dict(summary["submissions_per_second"])
    best = max(
        (sum(per_second.get(s, 0) for s in range(t, t + 10)) / 10 for t in per_second),
        default=0,
    )
    # The sustained rate: from the second of the first submission to that of the last (the
    # window also holds the ramp-up, the communes' first steps before any can submit).
    span = (max(per_second) - min(per_second) + 1) if per_second else 1
    sustained = ok_submits / span
    print("\n== Figures ==")
    print(
        f"window {window:.1f} s (first request to last answer), {total['requests']:,} requests: "
        f"{total['requests'] / window:.1f} requests/s"
    )
    print(
        f"form submissions: {ok_submits:,} successful, {sustained:.1f}/s sustained (first to "
        f"last submission, {span} s), {ok_submits / window:.1f}/s over the window, best 10 s "
        f"{best:.1f}/s (target ≥ {TARGET_PER_SECOND}/s)"
    )
    print(
        f"communes: {summary['communes_submitted']:,} sent all their forms, "
        f"{summary['communes_gave_up']:,} gave up after an error, "
        f"{summary['communes_under_way']:,} still under way when the test ended, "
        f"{summary['communes_not_started']:,} not yet arrived"
    )
    print(
        f"\n{'request':<18}{'count':>8}{'fail':>6}{'req/s':>7}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}"
    )
    names = [n for n in REQUEST_ORDER if n in by_name] + sorted(set(by_name) - set(REQUEST_ORDER))
    for name in [*names, "total"]:
        f = total if name == "total" else by_name[name]
        print(
            f"{name:<18}{f['requests']:>8,}{f['failures']:>6}{f['requests'] / window:>7.1f}"
            f"{_ms(f['p50']):>9}{_ms(f['p95']):>9}{_ms(f['p99']):>9}{_ms(f['max']):>9}"
        )
    print(f"\nerrors: {total['failures']:,}")
    for e in summary["errors"][:6]:
        print(f"  {e['occurrences']:,} × {e['name']}: {e['error'][:240]}")

    print("\n== Database after the run ==")
    unanswered = summary["submits_unanswered"]
    agree = db["submitted"] == ok_submits or (
        ok_submits <= db["submitted"] <= ok_submits + unanswered
    )
    print(
        f"forms submitted in the database: {db['submitted']:,} of {db['forms']:,} (drafts "
        f"{db['drafts']:,}); submit POSTs answered with success: {ok_submits:,}"
        + (f", left without an answer (timeout): {unanswered:,}" if unanswered else "")
        + f" → {'they agree' if agree else 'MISMATCH'}"
    )
    print(
        f"submission events: {db['submission_events']:,}; forms submitted more than once: "
        f"{db['forms_submitted_twice']}"
    )

    print("\n== Each request alone, in process, before the run (what one request costs) ==")
    probe = setup["probe"]
    print(f"{'request':<18}{'status':>7}{'queries':>9}{'ms':>8}")
    for name in REQUEST_ORDER:
        p = probe[name]
        print(f"{name:<18}{p['status']:>7}{p['queries']:>9}{p['ms']:>8.1f}")
    flow_ms = sum(probe[name]["ms"] for name in FLOW)
    print(
        f"one commune's flow ({len(FLOW)} requests) costs {flow_ms:.0f} ms of a worker, "
        f"{sum(probe[name]['queries'] for name in FLOW)} queries: at most "
        f"{2000 / flow_ms:.0f} submissions/s on 2 cores, if the machine ran nothing else "
        f"(PostgreSQL's and locust's share not counted)"
    )

    print("\n== CPU during the window (CPU seconds per second; 2.00 = both cores) ==")
    for name, value in cpu.items():
        print(f"  {name:<48}{value:5.2f}")
    print()
    print(profile)
    met = (
        sustained >= TARGET_PER_SECOND
        and total.get("p95") is not None
        and total["p95"] < TARGET_P95_MS
        and total["failures"] == 0
    )
    print(
        f"\ntarget (≥ {TARGET_PER_SECOND} submissions/s, p95 < {TARGET_P95_MS} ms, no error): "
        f"{'met' if met else 'NOT met'}"
    )
    figures = {
        "rate": rate,
        "submissions_per_second": sustained,
        "p95_ms": total.get("p95"),
        "errors": total["failures"],
        "met": met,
    }
    return agree and db["forms_submitted_twice"] == 0, figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=3321, help="commune users (max 3,321)")
    parser.add_argument(
        "--rate",
        default="100",
        help="communes arriving per second, or 'auto': 60 %% of what the flow measured alone "
        "says two cores could carry (a load the machine can serve)",
    )
    parser.add_argument("--duration", type=int, default=120, help="seconds, at most")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help=">1: gthread workers")
    parser.add_argument("--staff", type=int, default=5, help="staff users on the round page")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between steps")
    parser.add_argument("--profile", type=int, default=20, help="seconds of py-spy sampling")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    parser.add_argument("--json-out", help="write the headline figures to this file (run.py)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="load-deadline-"))
    gunicorn = locust = spy = None
    ok = False
    try:
        print(f"database {DB_NAME} on {PG['host']}:{PG['port']}, created afresh …", flush=True)
        create_database()
        setup = _data("setup", str(args.users), str(args.staff), str(work / "accounts.json"))
        print(
            f"setup in {setup['seconds']} s: {setup['communes']:,} communes, "
            f"{setup['agencies']} agencies, {setup['cadres']:,} cadres, {setup['forms']:,} "
            f"expected forms, {setup['reminded']:,} communes reminded, {setup['accounts']:,} "
            f"accounts logged in (sessions written before the window)",
            flush=True,
        )
        users = min(args.users, setup["communes"])
        if args.rate == "auto":
            flow_ms = sum(setup["probe"][name]["ms"] for name in FLOW)
            args.rate = round(0.6 * 2000 / flow_ms, 1)
        args.rate = float(args.rate)
        gunicorn = start_gunicorn(
            args.port, args.workers, args.threads, (work / "gunicorn.log").open("w")
        )
        print(
            f"gunicorn: {args.workers} {'gthread' if args.threads > 1 else 'sync'} workers on "
            f"127.0.0.1:{args.port}; locust: {users:,} communes arriving at {args.rate:g}/s, "
            f"{args.staff} staff, think {args.think:g} s, at most {args.duration} s …",
            flush=True,
        )
        workers = {gunicorn.pid, *watching.children(gunicorn.pid)}
        parties = {"gunicorn (master and workers)": workers}
        watch = watching.CpuWatch(DB_NAME, parties)
        watch.start()
        started = time.monotonic()
        locust = start_locust(args, users, work, (work / "locust.log").open("w"))
        parties["locust"] = {locust.pid}
        # Profile once the communes arrive at full rate (or a third into a long arrival).
        delay = max(3.0, min(args.duration / 3, users / args.rate / 2))
        delay = min(delay, max(0.0, args.duration - args.profile))
        while locust.poll() is None:
            if spy is None and time.monotonic() - started >= delay:
                spy = watching.record(
                    VENV_BIN / "py-spy", gunicorn.pid, args.profile, work / "profile.txt"
                )
                parties["py-spy (sampling the workers)"] = {spy.pid}
            watch.sample()
            time.sleep(0.5)
        cpu = watch.stop(time.monotonic() - started)
        failure = None
        if spy is None:
            failure = "the run ended before the profile was due"
        else:
            out, _ = spy.communicate(timeout=args.profile + 60)
            if spy.returncode or not (work / "profile.txt").exists():
                failure = (out or "").strip()[-500:] or f"exit status {spy.returncode}"
        if not (work / "summary.json").exists():
            raise RuntimeError("locust wrote no summary:\n" + (work / "locust.log").read_text())
        summary = json.loads((work / "summary.json").read_text())
        stop_process(gunicorn)
        db = _data("verify")
        profile = watching.profile_text(work / "profile.txt", args.profile, args.workers, failure)
        ok, figures = report(summary, setup, db, cpu, profile, args.workers, args.rate)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(figures))
    finally:
        for process in (spy, locust):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        stop_process(gunicorn)
        if args.keep or not ok:
            print(f"\nlogs, locust CSV and profile kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        if args.keep:
            print(f"database {DB_NAME} kept")
        else:
            drop_database()
    sys.exit(0 if ok else 1)


def _run(*args):
    """One load test in its own process; its headline figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        done = subprocess.run(
            [sys.executable, __file__, *args, "--json-out", str(out)], cwd=ROOT, check=False
        )
        if not out.exists():
            raise RuntimeError(f"the load test ended without figures (exit {done.returncode})")
        return json.loads(out.read_text())


def measure(quick=False):
    """bench/run.py's rows: the deadline week at the issue's scale (3,321 communes arriving at
    32 a second, just above the goal's 30, for at most 120 s), then at a rate this machine can
    carry (60 % of what the flow alone says, for 60 s): its latency when not overloaded. Not in
    --quick."""
    if quick:
        return []
    from common import Row

    rows = []
    for label, args in (
        ("", ["--rate", "32", "--duration", "120"]),
        (", at a rate the machine carries", ["--rate", "auto", "--duration", "60"]),
    ):
        f = _run("--users", "3321", *args)
        p95 = f["p95_ms"] if f["p95_ms"] is not None else float("inf")
        rows.append(
            Row(
                f"deadline week, locust, gunicorn + PostgreSQL (submissions/s){label}",
                f["submissions_per_second"],
                "/s",
                None,
                f"≥ {TARGET_PER_SECOND}/s, p95 < {TARGET_P95_MS} ms, 0 errors",
                f["met"],
                f"arrivals {f['rate']:g}/s; p95 {p95:.0f} ms, {f['errors']} errors",
            )
        )
    return rows


if __name__ == "__main__":
    main()
