"""Fault tests: what people see, and what is left in the data, when a service fails.

1. Redis is down when a leader asks for a report: the page says the request is kept; once Redis
   is back, the beat task `requeue_waiting` sends it and a real worker builds the PDF.
2. PostgreSQL restarts while communes submit their forms: each form ends submitted exactly once
   with what was typed, or the commune got the "send again" page (503) and its retry succeeds;
   never a 500, never a form or an event twice.
3. The worker dies while it builds a report (its pool process, then the whole worker): the job
   is never "done" without its whole file, and it is built again to the end.

The machine's shared PostgreSQL and Redis are never touched (DECISIONS: Machines and CI): this
module starts its own PostgreSQL (initdb + pg_ctl, port 5440 or the next free one) and Redis
(port 6390 or the next free one), runs the app under gunicorn and real Celery workers against
them, as separate processes, and stops everything afterwards. It needs redis-server and
PostgreSQL's server programs (PG_BIN, else initdb on PATH, else /usr/lib/postgresql/*/bin);
without them it is skipped, and under CI it fails.

    .venv/bin/python -m pytest tests/integration/test_faults.py -v
"""

import ast
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from glob import glob
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
import pytest
from pypdf import PdfReader

from tests.ci import skip_or_fail

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# Seconds after which a message taken by a worker that died goes back to the queue (production
# keeps Kombu's hour; see CELERY_VISIBILITY_TIMEOUT in settings).
VISIBILITY_TIMEOUT = 4
FORMS = 60  # communes submitting while PostgreSQL restarts
EXTRA_COMMUNES = 240  # forms already in: the summary PDF takes a few seconds to build
KEPT_MESSAGE = "tạm thời không kết nối được"  # "the report service is not reachable right now"


# --- the private services -------------------------------------------------------------------


def _missing(what):
    skip_or_fail(f"{what} is not installed (the fault tests need it)")


def _postgres_bin():
    candidates = [os.environ.get("PG_BIN")]
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    candidates += sorted(glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    for folder in filter(None, candidates):
        if all(Path(folder, tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def _version(folder):
    return [int(part) for part in re.findall(r"\d+", folder)]


def _free_port(preferred):
    for port in range(preferred, preferred + 50):
        with socket.socket() as probe:
            # As servers do: a port with connections left in TIME_WAIT is free to listen on.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {preferred}")


def _wait(condition, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(interval)


class Process:
    """A subprocess in its own process group, its output in a log file."""

    def __init__(self, name, argv, *, env, logdir):
        self.name, self.argv, self.env = name, argv, env
        self.log_path = Path(logdir) / f"{name}.log"
        self.proc = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def log(self, chars=4000):
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return text[-chars:] if chars else text

    def kill(self):
        """SIGKILL to the whole group: the process and its children die at once, mid-work."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()


class PrivateRedis:
    def __init__(self, server, workdir):
        self.port = _free_port(6390)
        folder = Path(workdir, "redis")
        folder.mkdir()
        argv = [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        argv += ["--appendonly", "no", "--dir", str(folder)]
        self.process = Process("redis", argv, env={"PATH": os.environ["PATH"]}, logdir=workdir)

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        self.process.start()
        _wait(self._answers, 20, f"redis-server on port {self.port}")

    def stop(self):
        self.process.stop()


class PrivatePostgres:
    """initdb + pg_ctl in a temporary folder. initdb refuses to run as root: as root, the
    folder belongs to the `postgres` system user and the server runs as that user."""

    def __init__(self, bindir):
        self.bindir = bindir
        self.port = _free_port(5440)
        self.root = Path(tempfile.mkdtemp(prefix="theodoi-faults-pg-"))
        self.data, self.logfile = self.root / "data", self.root / "postgres.log"
        self.owner = {}
        if os.geteuid() == 0:
            import pwd

            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.root)
                _missing("a `postgres` system user (initdb does not run as root)")
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self.owner = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/theodoi"

    def _run(self, tool, *args, check=True):
        return subprocess.run(
            [str(self.bindir / tool), *args],
            cwd=self.root,
            env={"PATH": os.environ["PATH"], "LC_ALL": "C"},
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
            **self.owner,
        )

    def init(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        conn = psycopg2.connect(self.dsn("postgres"))
        conn.autocommit = True
        conn.cursor().execute("CREATE DATABASE theodoi")
        conn.close()

    def dsn(self, name="theodoi"):
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={name} connect_timeout=5"

    def start(self):
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        data, log = str(self.data), str(self.logfile)
        self._run("pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def destroy(self):
        if self.data.exists():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# --- the app, seen from outside ---------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.location = headers.get("Location", "")
        self.text = body.decode("utf-8", "replace")

    def hidden(self, name):
        found = re.search(rf'name="{name}" value="([^"]*)"', self.text)
        return found.group(1) if found else None


class Browser:
    """One person's browser: a session cookie (and the CSRF cookie once a page sets it)."""

    def __init__(self, port, session):
        self.port = port
        self.cookies = {"sessionid": session}

    def request(self, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
            return Response(response.status, response.headers, response.read())
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)


class App:
    """The app in its own processes, on the private PostgreSQL and Redis."""

    def __init__(self, env, workdir, postgres):
        self.env, self.workdir, self.postgres = env, workdir, postgres
        self.media = Path(env["MEDIA_ROOT"])
        self.port = None
        self.data = None

    def manage(self, *args):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"manage.py {args[0]}: {result.stderr[-3000:]}"
        return result.stdout

    def sql(self, query, params=()):
        conn = psycopg2.connect(self.postgres.dsn())
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            conn.close()

    def browser(self, session):
        return Browser(self.port, session)

    def answers(self):
        try:
            return Browser(self.port, "").get("/healthz").status == 200
        except OSError:
            return False

    def job(self, pk):
        columns = "status, file, attempts, progress, error, started_at"
        (row,) = self.sql(f"SELECT {columns} FROM reports_reportjob WHERE id = %s", [pk])  # noqa: S608
        return dict(zip(columns.split(", "), row, strict=True))

    def wait_job(self, pk, *processes, timeout=120):
        try:
            return _wait(
                lambda: (job := self.job(pk))["status"] in {"done", "failed"} and job,
                timeout,
                "job",
            )
        except AssertionError as exc:
            logs = "\n".join(f"--- {p.name}\n{p.log()}" for p in processes)
            raise AssertionError(f"job {pk} is still {self.job(pk)}\n{logs}") from exc

    def wait_rendering(self, pk):
        """The job once its PDF is being rendered (the longest step of a build)."""

        def rendering():
            job = self.job(pk)
            return job if job["progress"] >= 40 or job["status"] in {"done", "failed"} else None

        job = _wait(rendering, 60, f"job {pk} to render its PDF")
        assert job["status"] == "running", job
        return job

    def request_report(self, browser):
        """A leader clicks "Lập báo cáo" for the year's summary; returns the job id and page."""
        year = self.data["year"]
        page = browser.get(f"/reports/?year={year}")
        assert page.status == 200, page.text[:1000]
        response = browser.post(
            "/reports/request/",
            {
                "kind": "summary",
                "year": year,
                "csrfmiddlewaretoken": page.hidden("csrfmiddlewaretoken"),
            },
        )
        assert response.status == 302, response.text[:3000]
        job = int(re.search(r"#job-(\d+)$", response.location).group(1))
        return job, browser.get(response.location)

    def assert_whole_pdf(self, job):
        assert job["status"] == "done" and job["file"], job
        content = (self.media / job["file"]).read_bytes()
        assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF"), job["file"]
        assert len(PdfReader(self.media / job["file"]).pages) > 1


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = shutil.which("redis-server") or _missing("redis-server")
    redis = PrivateRedis(server, tmp_path_factory.mktemp("redis"))
    try:
        redis.start()
        yield redis
    finally:
        redis.stop()


@pytest.fixture(scope="module")
def postgres():
    bindir = _postgres_bin() or _missing("PostgreSQL's server programs (initdb, pg_ctl)")
    server = PrivatePostgres(bindir)
    try:
        server.init()
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="module")
def app(postgres, redis_server, tmp_path_factory):
    if not Path(GUNICORN).is_file():
        _missing("gunicorn in the virtualenv")
    workdir = tmp_path_factory.mktemp("faults")
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL") if k in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="fault-tests-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_MANIFEST="0",
        DATABASE_URL=postgres.url,
        REDIS_URL=redis_server.url(),
        MEDIA_ROOT=str(workdir / "media"),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        PYTHONUNBUFFERED="1",
    )
    app = App(env, workdir, postgres)
    app.manage("migrate", "--noinput")
    seed = (
        f"from tests.integration.faultdata import seed; seed(forms={FORMS}, extra={EXTRA_COMMUNES})"
    )
    app.data = json.loads(app.manage("shell", "-c", seed).strip().splitlines()[-1])
    app.port = _free_port(8790)
    web = Process(
        "gunicorn",
        [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{app.port}"]
        + ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--timeout", "120"],
        env=env,
        logdir=workdir,
    )
    try:
        web.start()
        _wait(app.answers, 60, "gunicorn to answer")
        yield app
    finally:
        web.stop()


@pytest.fixture
def workers(app):
    """Start real Celery workers (prefork, one pool process) on the private services."""
    started = []

    def start(name):
        argv = [PYTHON, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        argv += ["--concurrency=1", "--loglevel=INFO", f"--hostname={name}@%h"]
        argv += ["--without-heartbeat", "--without-mingle", "--without-gossip"]
        worker = Process(f"worker-{name}", argv, env=app.env, logdir=app.workdir).start()
        started.append(worker)
        _wait(lambda: " ready." in worker.log(None), 60, f"worker {name} to be ready")
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


def _children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


# --- 1. Redis down when a report is requested -----------------------------------------------


def test_with_redis_down_the_request_is_kept_and_built_when_redis_returns(
    app, redis_server, workers
):
    worker = workers("s1")  # running before, during and after the outage, as in production
    leader = app.browser(app.data["leader_session"])
    redis_server.stop()
    try:
        job, page = app.request_report(leader)
        assert page.status == 200
        assert KEPT_MESSAGE in page.text  # "… Your request is kept and will be built …"
        assert app.job(job)["status"] == "queued" and app.job(job)["file"] == ""
    finally:
        redis_server.start()

    # Beat runs requeue_waiting every 2 minutes for jobs queued over a minute: age the job by
    # two minutes rather than wait, and run the task's code as beat would have it run.
    app.sql(
        "UPDATE reports_reportjob SET created_at = created_at - interval '2 minutes' WHERE id = %s",
        [job],
    )
    requeued = app.manage(
        "shell", "-c", "from reports.tasks import requeue_waiting; print(requeue_waiting())"
    )
    assert job in ast.literal_eval(requeued.strip().splitlines()[-1])

    done = app.wait_job(job, worker)
    app.assert_whole_pdf(done)
    download = leader.get(f"/reports/jobs/{job}/download/")
    assert download.status == 200 and download.body.startswith(b"%PDF-")


# --- 2. PostgreSQL restarted during submissions ---------------------------------------------


class CommuneAccount:
    """A commune's Party committee filling in and submitting its form in the browser."""

    def __init__(self, app, row):
        self.form = row["form"]
        self.path = f"/evaluations/forms/{self.form}/"
        self.browser = app.browser(row["session"])
        self.strengths = f"Gần gũi, sâu sát cơ sở — phiếu số {self.form}."
        self.answers = {
            str(pk): {"comment": f"Tiêu chí {n}, phiếu {self.form}: hoàn thành tốt nhiệm vụ."}
            for n, pk in enumerate(app.data["criteria"], start=1)
        }
        self.csrf = self.version = None
        self.responses = []

    def open(self):
        page = self.browser.get(self.path)
        self.csrf = page.hidden("csrfmiddlewaretoken") or self.csrf
        self.version = page.hidden("version") or self.version
        return page

    def submit(self):
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "version": self.version,
            "visits": "6",
            "meetings": "4",
            "level": "good",
            "propose_commendation": "yes",
            "propose_replacement": "no",
            "replacement_reason": "",
            "strengths": self.strengths,
            "shortcomings": "",
            "recommendations": "",
            "signer_name": "Đinh Văn Tuấn",
            "signer_title": "Bí thư Đảng ủy",
            "signed_on": date.today().strftime("%d/%m/%Y"),
            "submit": "",
        }
        data.update({f"c{pk}_comment": a["comment"] for pk, a in self.answers.items()})
        sent_at = time.monotonic()
        response = self.browser.post(self.path, data)
        response.sent_at = sent_at
        self.responses.append(response)
        return response


def _submitted(response):
    """The form went in: the commune's home answers with the thanks, or, for a form that was
    already in (a retry), the redirect home that says so."""
    if response.status == 200:
        return "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy" in response.text
    return response.status == 302 and response.location == "/evaluations/"


def _told_to_retry(response):
    return (
        response.status == 503
        and response.headers.get("Retry-After")
        and 'data-testid="database-unavailable"' in response.text
    )


def test_postgresql_restarted_during_submissions_loses_and_doubles_no_form(app, postgres):
    communes = [CommuneAccount(app, row) for row in app.data["forms"]]
    for commune in communes:
        assert commune.open().status == 200

    # One submission every 80 ms over five seconds, from 8 threads; PostgreSQL is stopped
    # ("fast": sessions in flight are cut off, their transactions rolled back) ten submissions
    # in, and started again a second later.
    begin = time.monotonic() + 0.5

    def submit_on_time(n, commune):
        time.sleep(max(0, begin + n * 0.08 - time.monotonic()))
        return commune.submit()

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(submit_on_time, n, c) for n, c in enumerate(communes)]
        time.sleep(max(0, begin + 0.8 - time.monotonic()))
        postgres.stop("fast")
        time.sleep(1)
        postgres.start()
        back = time.monotonic()
        first = [future.result() for future in futures]

    unexpected = [
        (r.status, r.text[:300]) for r in first if not (_submitted(r) or _told_to_retry(r))
    ]
    assert not unexpected  # never a 500, never a half-handled page
    assert any(_told_to_retry(r) for r in first), "no submission met the restart"
    # Once PostgreSQL is back, the app's next request on each of its (stale) persistent
    # connections already works: nobody is told to retry after the outage is over.
    after = [r for r in first if r.sent_at > back]
    assert after, "no submission was sent after the restart"
    assert all(_submitted(r) for r in after), [r.status for r in after]

    # PostgreSQL is back: the app reconnects on its own, and whoever was told to send again
    # does so (the page of a form that did go in just says it is already in).
    for commune in communes:
        if not _submitted(commune.responses[-1]):
            assert commune.open().status == 200
            retry = commune.submit()
            assert _submitted(retry), (retry.status, retry.text[:300])

    ids = [commune.form for commune in communes]
    forms = {
        pk: (status, version, strengths, answers)
        for pk, status, version, strengths, answers in app.sql(
            "SELECT id, status, version, strengths, answers FROM evaluations_evaluationform "
            "WHERE id = ANY(%s)",
            [ids],
        )
    }
    events = app.sql(
        "SELECT form_id, kind, count(*) FROM evaluations_formevent WHERE form_id = ANY(%s) "
        "GROUP BY form_id, kind",
        [ids],
    )
    for commune in communes:
        assert forms[commune.form] == ("submitted", 1, commune.strengths, commune.answers)
    assert sorted(events) == sorted((pk, "submitted", 1) for pk in ids)


# --- 3. The worker killed during a report ---------------------------------------------------


def test_a_worker_killed_mid_report_never_leaves_a_half_file_marked_done(app, workers):
    leader = app.browser(app.data["leader_session"])
    worker = workers("k1")

    # The pool process building the PDF is killed (as the kernel does when memory runs out):
    # the worker hands the message back at once and builds the job again.
    job, _page = app.request_report(leader)
    app.wait_rendering(job)
    pool = _children(worker.proc.pid)
    assert pool, worker.log()
    for pid in pool:
        os.kill(pid, signal.SIGKILL)
    assert app.job(job)["status"] == "running" and app.job(job)["file"] == ""
    done = app.wait_job(job, worker)
    app.assert_whole_pdf(done)
    assert done["attempts"] == 2

    # The whole worker dies (its machine is lost): the message comes back after the broker's
    # visibility timeout, and the next worker builds the job from the start.
    job, _page = app.request_report(leader)
    app.wait_rendering(job)
    worker.kill()
    stranded = app.job(job)
    assert stranded["status"] == "running" and stranded["file"] == ""
    time.sleep(VISIBILITY_TIMEOUT + 1)
    replacement = workers("k2")
    done = app.wait_job(job, replacement)
    app.assert_whole_pdf(done)
    assert done["attempts"] == 2

    # Every report file on disk is a done job's, and whole; nothing half-written anywhere.
    referenced = set()
    for (pk,) in app.sql("SELECT id FROM reports_reportjob WHERE status = 'done'"):
        app.assert_whole_pdf(app.job(pk))
        referenced.add(app.job(pk)["file"])
    on_disk = {
        str(path.relative_to(app.media))
        for path in (app.media / "reports").rglob("*")
        if path.is_file()
    }
    assert on_disk == referenced
    assert not list((app.media / ".partial").glob("*"))
