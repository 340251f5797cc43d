"""Who may do what on a central installation: every central URL × anonymous, leader, staff and
the system administrator (tests/security/matrix_central.py), under config.urls_central; a
province's pages do not exist there."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.models import ReportJob
from rollup.services import snapshot_import
from tests.rollup.builders import follow, new_key, snapshot_file
from tests.security.matrix_central import CENTRAL_ROLES, GET_READS, ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(central, staff, leader, superuser, tmp_path):
    central.MEDIA_ROOT = tmp_path
    key = new_key()
    province = follow(key, "25")
    snapshot, _created = snapshot_import(content=snapshot_file(key), user=staff)
    job = ReportJob(kind=ReportJob.Kind.CENTRAL, year=2025, requested_by=leader)
    job.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.status = ReportJob.Status.DONE
    job.save()
    return {
        "users": {"leader": leader, "staff": staff, "superuser": superuser},
        "province": province,
        "snapshot": snapshot,
        "job": job,
    }


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def _outcome(response):
    if response.status_code == 302:
        return "login" if response.url.startswith(reverse("login")) else "302"
    return str(response.status_code)


def test_every_central_url_has_a_row(central):
    names = set(_walk(get_resolver().url_patterns))
    assert names - set(ROWS) == set(), "central URLs without a row in matrix_central"
    assert set(ROWS) - names == set(), "rows for central URLs that do not exist"


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_role_gets_its_answer(name, world, client):
    kwargs, get_row, post_row = ROWS[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    seen = {}
    for method in ("get", "post"):
        for role in CENTRAL_ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            with transaction.atomic():
                response = getattr(client, method)(url)
                transaction.set_rollback(True)
            seen[(method, role)] = _outcome(response)
    expected = {
        (method, role): code
        for method, row in (("get", get_row), ("post", post_row))
        for role, code in zip(CENTRAL_ROLES, row.split(), strict=True)
    }
    wrong = {k: (expected[k], seen[k]) for k in expected if seen[k] != expected[k]}
    assert wrong == {}, f"{url}: (method, role) → (expected, got)"


@pytest.mark.parametrize(("name", "parameters"), sorted(GET_READS.items()))
def test_a_malformed_parameter_answers_400(name, parameters, world, client, staff):
    client.force_login(staff)
    for parameter in parameters:
        assert client.get(reverse(name), {parameter: "abc"}).status_code == 400


def test_a_provinces_pages_are_not_routed_in_central_mode(central, staff, client):
    client.force_login(staff)
    for path in ("/registry/communes/", "/evaluations/", "/assignments/", "/breakthroughs/"):
        assert client.get(path).status_code == 404, path


def test_the_central_menu_shows_the_central_pages_only(central, leader, client):
    client.force_login(leader)
    html = client.get(reverse("home")).content.decode()
    assert reverse("central:provinces") in html
    assert reverse("central:snapshots") in html
    assert 'data-testid="nav-breakthroughs"' not in html
    assert "/registry/" not in html
