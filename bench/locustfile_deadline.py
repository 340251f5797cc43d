"""The deadline week as locust plays it; `bench/load_deadline_week.py` prepares the database and
the sessions, starts gunicorn, runs this file headless in its own process and prints the figures.

Commune users: one per commune account, each with a session created before the run (no login,
so no password hash, inside the measured window). Each opens its home page, opens each of its
forms (reading the CSRF token and the form's version as a browser would), saves a draft (the
page answers with the form as saved), fills it in and asks to review it (the confirmation page
answers), sends the form from there (its hidden fields, as the browser posts them; its home
answers with the thanks), and is done: five requests. A short think time separates the steps;
a user stops only between two requests, so a submission is never cut off mid-flight. Staff
users reload the round's completeness page.

Environment (set by the runner): LOAD_ACCOUNTS (JSON file of accounts), LOAD_SUMMARY (where to
write the figures), LOAD_THINK (mean think time in seconds), LOAD_STAFF (number of staff
users), LOAD_STAFF_THINK, LOAD_TIMEOUT (seconds before a request counts as failed).
"""

import html
import json
import os
import re
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
YEAR = ACCOUNTS["year"]
THINK = float(os.environ.get("LOAD_THINK", "1"))
STAFF_THINK = float(os.environ.get("LOAD_STAFF_THINK", "3"))
TIMEOUT = float(os.environ.get("LOAD_TIMEOUT", "60"))  # as the proxy in front would wait

_communes = list(ACCOUNTS["communes"])
_staff = list(ACCOUNTS["staff"])
_state = {
    "remaining": len(_communes),
    "claimed": 0,
    "submitted": 0,  # communes whose every form went in
    "gave_up": 0,  # communes whose turn an error ended
    "submits_unanswered": 0,
    "started": None,
    "stopped": None,
}
_submissions = {}  # second (since epoch) -> successful submissions that ended in it

FORM_LINK = re.compile(r'href="/evaluations/forms/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
COMMENT = re.compile(r'name="(c\d+_comment)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
# The thanks the commune's home shows once its form went in (in Vietnamese, the default).
SUBMITTED = "Đã gửi phiếu đến Ban Tổ chức Tỉnh ủy"
ALERT = re.compile(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)</', re.S)


def _answered(status):
    if status == 0:
        return f"no answer within {TIMEOUT:g} s (or the connection failed)"
    return f"answered {status}"


class _Browser(FastHttpUser):
    """A browser behind the production TLS proxy: the app runs with BEHIND_HTTPS_PROXY=1, so
    its cookies stay Secure and its CSRF check compares the Origin with https://host."""

    abstract = True
    network_timeout = TIMEOUT
    connection_timeout = TIMEOUT

    def _claim(self, pool):
        if not pool:
            raise StopUser
        account = pool.pop()
        self.username = account["username"]
        # The session and the CSRF cookie a browser has kept since it logged in (before the run).
        self.cookie = f"sessionid={account['session']}; csrftoken={account['csrf']}"
        origin = self.host.replace("http://", "https://", 1)
        self.headers = {"Cookie": self.cookie, "X-Forwarded-Proto": "https"}
        self.post_headers = {**self.headers, "Origin": origin, "Referer": origin + "/"}

    def _get(self, path, name, expect=200):
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(_answered(response.status_code))
                return None
            return response.text or ""


class CommuneUser(_Browser):
    done = False
    think = between(THINK * 0.5, THINK * 1.5)

    def wait_time(self):
        # A commune that has had its turn stays, idle: a user that stopped would be replaced at
        # once (locust keeps up the number of users it has spawned so far), and the communes
        # would arrive at up to twice the rate asked for.
        return 3600 if self.done else self.think()

    def on_start(self):
        self._claim(_communes)
        _state["claimed"] += 1

    def _post(self, path, data, name, says=None):
        """POST the form; success is the page answered (200, no field in error, with `says` in
        it if given), which is returned."""
        with self.client.post(
            path,
            data=data,
            name=name,
            headers=self.post_headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if (
                response.status_code == 200
                and "is-invalid" not in response.text
                and (says is None or says in response.text)
            ):
                return response.text
            if response.status_code == 0 and name == "POST submit":
                _state["submits_unanswered"] += 1  # the server may still have taken it
            detail = ""
            if response.status_code == 200:
                found = [re.sub(r"\s+", " ", m).strip() for m in ALERT.findall(response.text)]
                detail = "; ".join(f for f in found if f)[:200]
            location = response.headers.get("Location", "") if response.headers else ""
            response.failure(f"{_answered(response.status_code)} {location} {detail}".strip())
            return False

    @task
    def deadline_week(self):
        if self.done:
            return
        try:
            # Neither counted when the test stops the commune half-way.
            _state["submitted" if self._fill_in_forms() else "gave_up"] += 1
        finally:
            _state["remaining"] -= 1
            if _state["remaining"] <= 0:
                # Every commune has had its turn: end the test now rather than at -t.
                gevent.spawn_later(1, self.environment.runner.quit)
            self.done = True

    def _fill_in_forms(self):
        """True when every form of the commune went in."""
        home = self._get("/evaluations/", "GET home")
        if home is None:
            return False
        forms = list(dict.fromkeys(FORM_LINK.findall(home)))
        submitted = 0
        for pk in forms:
            url = f"/evaluations/forms/{pk}/"
            self.wait()
            page = self._get(url, "GET form")
            version = VERSION.search(page or "")
            if version is None:
                continue  # already submitted (read-only page), or an error counted above
            comments = COMMENT.findall(page)
            draft = {
                "csrfmiddlewaretoken": CSRF.search(page).group(1),
                "version": version.group(1),
                "visits": "5",
                comments[0]: "Xây dựng kế hoạch theo dõi kịp thời, sát tình hình xã.",
                "save": "",
            }
            self.wait()
            page = self._post(url, draft, "POST draft")
            if not page:
                continue
            version = VERSION.search(page)
            if version is None:
                continue
            complete = {
                "csrfmiddlewaretoken": CSRF.search(page).group(1),
                "version": version.group(1),
                "visits": "5",
                "meetings": "4",
                "level": "good",
                "propose_commendation": "yes",
                "propose_replacement": "no",
                "replacement_reason": "",
                "strengths": "Gần gũi, sâu sát cơ sở; nắm chắc tình hình địa phương.",
                "shortcomings": "Thời gian về cơ sở còn hạn chế.",
                "recommendations": "",
                "signer_name": "Nguyễn Văn Thắng",
                "signer_title": "Bí thư Đảng ủy",
                "signed_on": time.strftime("%d/%m/%Y"),
                "review": "",
            }
            for n, name in enumerate(comments, start=1):
                complete[name] = f"Nhận xét tiêu chí {n}: hoàn thành tốt."
            self.wait()
            # The review answers with the confirmation page, the submission with the home.
            page = self._post(url, complete, "POST review", says='class="confirm-form')
            if not page:
                continue
            sent = {name: html.unescape(value) for name, value in HIDDEN.findall(page)}
            sent["submit"] = ""
            self.wait()
            if self._post(url, sent, "POST submit", says=SUBMITTED):
                submitted += 1
                second = int(time.time())
                _submissions[second] = _submissions.get(second, 0) + 1
        return bool(forms) and submitted == len(forms)


class StaffUser(_Browser):
    """Organization Department staff watching the completeness page during deadline week."""

    fixed_count = int(os.environ.get("LOAD_STAFF", "5"))
    wait_time = between(STAFF_THINK * 0.5, STAFF_THINK * 1.5)

    def on_start(self):
        self._claim(_staff)

    @task
    def completeness(self):
        self._get(f"/evaluations/rounds/{YEAR}/", "GET completeness")


@events.test_start.add_listener
def _started(environment, **kwargs):
    _state["started"] = time.time()


@events.test_stop.add_listener
def _stopped(environment, **kwargs):
    _state["stopped"] = time.time()


@events.quitting.add_listener
def _write_summary(environment, **kwargs):
    stats = environment.stats

    def figures(entry):
        return {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.50),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "max": entry.max_response_time,
            "avg": entry.avg_response_time,
        }

    errors = sorted(stats.errors.values(), key=lambda e: -e.occurrences)
    summary = {
        "started": _state["started"],
        "stopped": _state["stopped"] or time.time(),
        "last_request": stats.total.last_request_timestamp,
        "by_name": {name: figures(entry) for (name, _method), entry in stats.entries.items()},
        "total": figures(stats.total),
        "errors": [
            {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
            for e in errors[:10]
        ],
        "communes_not_started": len(_communes),
        "communes_under_way": _state["claimed"] - _state["submitted"] - _state["gave_up"],
        "communes_submitted": _state["submitted"],
        "communes_gave_up": _state["gave_up"],
        "submits_unanswered": _state["submits_unanswered"],
        "submissions_per_second": sorted(_submissions.items()),
    }
    Path(os.environ["LOAD_SUMMARY"]).write_text(json.dumps(summary), encoding="utf-8")
