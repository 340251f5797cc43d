"""The commune's submit flow, request by request, against a bare view behind the same middleware.

    .venv/bin/python bench/submit_flow.py [--quick]

What the commune does in deadline week: open its home, open the form, save a draft, review it,
confirm, submit, and land on its home again — however many HTTP requests the application makes
of that (each redirect the browser follows counts as a request). Logged in before the window
(`force_login`), so the password hash is not part of it.

Measured through Django's test client on SQLite (a fresh database in a child process, DEBUG off,
the cached template loader) with sessions and the cache on Redis as in production (`cached_db`,
a Redis database of the bench's own, emptied first), or in the database and memory when the
machine runs no Redis;
the floor is a bare view (`login_required`, a few bytes of text) behind the same middleware stack,
served from a temporary URLconf that exists only in this script. Per request: CPU and wall time
(median over repetitions of the flow's total divided by its requests) and queries.

A third row is a bound, not a goal: the same flow again with every Django template answering a
few bytes instead of rendering (`templates_rendering_nothing`). The views, forms, queries,
sessions and writes all run as before; the templates cost nothing (nor do the queries only a
template would make). What that row is above the bare view is what no work on the templates
can win back.
"""

import contextlib
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

QUICK_FLOWS, FULL_FLOWS = 5, 30


def populate(flows):
    """One province, `flows` communes each followed by one cadre and with its own account, a
    round open on all of them: each run of the flow submits a fresh commune's form."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from assignments import services as assignment_services
    from assignments.models import Agency, Cadre, Commune, Province
    from core.models import Organisation
    from core.text import fold, name_key
    from evaluations import services

    organisation = Organisation.current()
    organisation.party_committee = "TỈNH ỦY PHÚ THỌ"
    organisation.place_name = "Phú Thọ"
    organisation.signer_title = "TRƯỞNG BAN"
    organisation.signer_name = "Nguyễn Văn Khánh"
    organisation.mark_configured()
    staff = User.objects.create_user("bench-staff")
    staff.groups.add(Group.objects.get(name="staff"))
    province = Province.objects.create(code="99", name="Tỉnh Đo", valid_from=date(2025, 7, 1))
    agency = Agency.objects.create(
        name="Sở Đo", key=name_key("Sở Đo"), search_name=fold("Sở Đo"), leader_quota=flows + 1
    )
    commune_group = Group.objects.get(name="commune")
    users = []
    for n in range(flows):
        commune = Commune.objects.create(
            province=province,
            code=f"{n:05d}",
            name=f"Xã Đo {n}",
            search_name=f"xa do {n}",
            valid_from=date(2025, 7, 1),
        )
        cadre = Cadre.objects.create(
            full_name=f"Cán Bộ Đo {n}",
            search_name=f"can bo do {n}",
            name_key=f"can bo do {n}",
            position="Phó Giám đốc",
            agency=agency,
            date_of_birth=date(1970, 1, 1),
            gender="male",
        )
        assignment_services.assignment_create(
            cadre=cadre,
            commune=commune,
            start_date=date(2025, 7, 1),
            decision_number="1250-QĐ/TU",
            decision_date=date(2025, 6, 30),
        )
        user = User.objects.create_user(f"xa{n:05d}", full_name=f"Đảng ủy xã Đo {n}")
        user.commune = commune
        user.save(update_fields=["commune"])
        user.groups.add(commune_group)
        users.append(user)
    evaluation_round = services.round_create(
        year=2026, opens_on=date(2026, 1, 1), deadline=date(2099, 12, 15), user=staff
    )
    services.round_open(evaluation_round=evaluation_round, user=staff)
    return users


def complete_post(form):
    """What a commune types into a complete form: the tests' own (tests/evaluations/conftest.py),
    so the bench and the tests post the same form."""
    from tests.evaluations.conftest import complete_post as typed

    return typed(form)


class Recorder:
    """A test client that counts requests, CPU, wall time and queries, following redirects one
    request at a time (as a browser does)."""

    client = None  # one for the whole run: each new one would load the middleware again

    def __init__(self, user):
        from django.test import Client

        if Recorder.client is None:
            Recorder.client = Client()
        self.client = Recorder.client
        self.client.cookies.clear()
        self.client.force_login(user)
        self.requests, self.cpu, self.wall, self.queries = 0, 0.0, 0.0, 0

    def _one(self, method, url, data=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        arguments = {"data": data or {}}
        if method == "post":
            # As a browser posts a form with no file: URL-encoded, not the test client's
            # default multipart.
            arguments = {
                "data": urlencode(data or {}, doseq=True),
                "content_type": "application/x-www-form-urlencoded",
            }
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            response = getattr(self.client, method)(url, **arguments)
            self.cpu += time.process_time() - cpu
            self.wall += time.perf_counter() - wall
        self.requests += 1
        self.queries += len(queries)
        assert response.status_code in (200, 302), (url, response.status_code)
        return response

    def go(self, method, url, data=None):
        response = self._one(method, url, data)
        while response.status_code == 302:
            response = self._one("get", response["Location"])
        return response


def _form_url(user):
    """The commune's form, and the address of its page."""
    from django.urls import reverse

    from evaluations.models import EvaluationForm

    form = EvaluationForm.objects.get(commune=user.commune)
    return form, reverse("evaluations:form", args=[form.pk])


def flow(user):
    """The commune's flow; returns its Recorder."""
    from django.urls import reverse

    form, url = _form_url(user)
    recorder = Recorder(user)
    home = recorder.go("get", reverse("home"))
    assert url in home.content.decode(), "the home page links to the form"
    recorder.go("get", url)
    data = complete_post(form)
    data["strengths"] = "Nháp."
    recorder.go("post", url, {**data, "save": "1"})
    form.refresh_from_db()
    assert form.status == "draft", form.status
    data = complete_post(form)
    recorder.go("post", url, {**data, "review": "1"})
    form.refresh_from_db()
    recorder.go("post", url, {**complete_post(form), "submit": "1"})
    form.refresh_from_db()
    assert form.status == "submitted", form.status
    return recorder


@contextlib.contextmanager
def templates_rendering_nothing(links):
    """Every Django template answers a few bytes instead of rendering, while this lasts: the
    address in `links` of the signed-in user (user id -> its form's address), as the flow's one
    check on a page's text looks for the form's link on the home page; else nothing."""
    from django.template.backends.django import Template

    def answer(self, context=None, request=None):
        return links.get(getattr(getattr(request, "user", None), "pk", None), "")

    render = Template.render
    Template.render = answer
    try:
        yield
    finally:
        Template.render = render


def _side_by_side(users):
    """Each user's flow, each followed by as many requests to the bare view: (flows, bares)."""
    runs = []
    for user in users:
        project = flow(user)
        runs.append((project, bare(user, project.requests)))
    return tuple(zip(*runs, strict=True))


def bare(user, requests):
    """The floor: the same number of requests to a bare view behind the same middleware."""
    recorder = Recorder(user)
    for _ in range(requests):
        response = recorder.go("get", "/bench-bare/")
        assert response.content == b"ok"
    return recorder


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse(b"ok", content_type="text/plain")


def _urls():
    """The product's URLs and the bare view, for this script only."""
    import types

    from django.contrib.auth.decorators import login_required
    from django.urls import include, path

    module = types.ModuleType("bench_submit_flow_urls")
    module.urlpatterns = [
        path("bench-bare/", login_required(bare_view)),
        path("", include("config.urls")),
    ]
    return module


def child(flows):
    common.django_setup()
    from django.core.cache import cache
    from django.test.utils import override_settings

    cache.clear()

    users = populate(2 * flows + 1)
    with override_settings(ALLOWED_HOSTS=["testserver"], ROOT_URLCONF=_urls()):
        flow(users[0])  # warm up: templates compiled, caches filled
        bare(users[0], 3)
        projects, floors = _side_by_side(users[1 : flows + 1])
        others = users[flows + 1 :]
        with templates_rendering_nothing({user.pk: _form_url(user)[1] for user in others}):
            bound, bound_floors = _side_by_side(others)

    def per_request(recorders, attribute):
        return statistics.median(getattr(r, attribute) / r.requests * 1000 for r in recorders)

    print(
        json.dumps(
            {
                "requests": projects[0].requests,
                "queries": projects[0].queries,
                "cpu": per_request(projects, "cpu"),
                "wall": per_request(projects, "wall"),
                "floor_cpu": per_request(floors, "cpu"),
                "floor_wall": per_request(floors, "wall"),
                "floor_queries": floors[0].queries / floors[0].requests,
                "bound_cpu": per_request(bound, "cpu"),
                "bound_floor_cpu": per_request(bound_floors, "cpu"),
                "bound_queries": bound[0].queries,
            }
        )
    )


def measure(quick=False):
    flows = QUICK_FLOWS if quick else FULL_FLOWS
    redis = common.redis_url()
    environment = {"REDIS_URL": redis} if redis else {}
    result = common.run_child(__file__, flows, **environment)
    requests = result["requests"]
    queries = result["queries"] / requests
    sessions = "sessions on Redis (cached_db)" if redis else "sessions in the database (no Redis)"
    note = (
        f"{requests} requests a flow ({result['cpu'] * requests:.0f} ms of CPU in all), median "
        f"of {flows} flows; Django test client, SQLite, {sessions}; wall {result['wall']:.3g} ms "
        f"vs {result['floor_wall']:.3g} ms"
    )
    return [
        common.Row(
            path="commune submit flow, per request (CPU)",
            project=result["cpu"],
            unit="ms",
            floor=result["floor_cpu"],
            goal="≤ 2× bare view",
            met=result["cpu"] <= 2 * result["floor_cpu"],
            note=note,
        ),
        common.Row(
            path="commune submit flow, queries per request",
            project=queries,
            unit="queries",
            floor=result["floor_queries"],
            goal="≤ 5",
            met=queries <= 5,
            note=f"{result['queries']} queries in {requests} requests",
        ),
        common.Row(
            path="commune submit flow, per request, templates rendering nothing (a bound)",
            project=result["bound_cpu"],
            unit="ms",
            floor=result["bound_floor_cpu"],
            goal="— (the least template work can reach)",
            met=True,
            note=(
                f"the same flow, every template answering a few bytes: views, forms, queries "
                f"({result['bound_queries']} in {requests} requests), sessions and writes as "
                f"above; median of {flows} flows, each beside its own bare-view run"
            ),
        ),
    ]


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        print(common.markdown(measure(quick="--quick" in sys.argv)))
