"""No 500 for bad input anywhere (issue 14; DECISIONS, "Status codes"): every URL of the
permission matrix, asked by staff and by the role whose page it is, with each malformed
parameter in the query string (GET) and in the query string and body (POST).

A parameter the view reads answers 400 (core.params), with the Vietnamese page that names it;
one it does not read changes nothing: the answer is the one the same request gets without it.
The table READS says which view reads which parameter; a view that starts reading one without
core.params, or a row here that no longer holds, fails its case."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security import (
    matrix_breakthroughs,
    matrix_cell_meetings,
    matrix_hamlet_imports,
    matrix_hamlets,
    matrix_rollup,
    matrix_snapshots,
)
from tests.security.test_permission_matrix import MATRIX, ROLES, _outcome

pytestmark = pytest.mark.django_db

# Values a link, a bookmark or a hand-typed address can carry that the page cannot read.
MALFORMED = (
    ("year", "abc"),
    ("year", "10000"),
    ("year", "-1"),
    ("page", "abc"),
    ("cadre", "abc"),
    ("commune", "abc"),
    ("district", "1.5"),
    ("on", "99/99/9999"),
    ("on", "01/01/0001"),
    ("months", "abc"),
    ("round", "x"),
    ("reset", "abc"),
    ("kind", "abc"),
    ("status", "<b>x</b>"),
    ("sort", "-;drop"),
    ("format", "pdf"),
    ("pk", "abc"),
    ("province", "abc"),
    ("action", "abc"),
)

# name → parameters the view reads from the query string: each malformed value answers 400
# to a role that may see the page. Paging is left to Django's get_page (a stale link to page 9
# shows the last page) and list filters to their forms (an unknown choice is a form error).
GET_READS = {
    "activity:home": {"year", "cadre"},
    "activity:overview": {"year"},
    "assignments:dashboard": {"on", "months"},
    "assignments:coverage_list": {"on", "months", "district"},
    "assignments:annex": {"on"},
    "assignments:new": {"commune", "cadre"},
    "assignments:audit_trail": {"commune"},
    "evaluations:commune_accounts": {"round"},
    "evaluations:round_extend": {"commune"},
    "reports:home": {"year"},
}
# name → parameters read from the POST body as well (activity: the year's hidden field).
POST_READS = {
    "activity:home": {"year"},
    "activity:overview": {"year"},
    "evaluations:commune_accounts": {"reset"},
    "reports:request": {"year"},
    "reports:results": {"cadre"},
}

# (name, role) → parameters that role's request never reaches: staff asking for the cadre's
# page without ?cadre= are sent to the overview first; a cadre's own page ignores ?cadre=.
NOT_READ = {
    ("activity:home", "staff"): {"year"},
    ("activity:home", "cadre"): {"cadre"},
}

# An id that is well formed but names nothing is the view's 404, not a 400.
UNKNOWN_IDS = {
    "activity:home": ("get", "cadre"),
    "evaluations:commune_accounts": ("post", "reset"),
}

# Following at every level (issue 17): each part names what its views read, beside its ROWS.
for _part in (
    matrix_hamlets,
    matrix_hamlet_imports,
    matrix_cell_meetings,
    matrix_rollup,
    matrix_breakthroughs,
    matrix_snapshots,
):
    GET_READS.update(getattr(_part, "GET_READS", {}))
    POST_READS.update(getattr(_part, "POST_READS", {}))
    NOT_READ.update(getattr(_part, "NOT_READ", {}))


def _roles(name):
    """Staff, and the first role whose GET row is a page (the role the page is for)."""
    get_row = dict(zip(ROLES, MATRIX[name][1].split(), strict=True))
    page_roles = [r for r in ROLES if r != "anonymous" and get_row[r] == "200"]
    return ["staff", *[r for r in page_roles[:1] if r != "staff"]]


def _ask(client, method, url, params):
    with transaction.atomic():
        if method == "get":
            response = client.get(url, params)
        else:
            query = "&".join(f"{k}={v}" for k, v in params.items())
            response = client.post(f"{url}?{query}" if query else url, params)
        transaction.set_rollback(True)
    return response


def _expected_400(name, role, method, param, baseline):
    if baseline in {"login", "403", "405"} or param in NOT_READ.get((name, role), ()):
        return False  # the role may not ask, or its request never reads the parameter
    reads = GET_READS.get(name, set())
    if method == "post":
        reads = reads | POST_READS.get(name, set())
    return param in reads


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_no_malformed_parameter_gives_a_500(name, world, client):
    kwargs = MATRIX[name][0]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    wrong = {}
    for role in _roles(name):
        client.force_login(world["users"][role])
        for method in ("get", "post"):
            baseline = _outcome(_ask(client, method, url, {}))
            for param, value in MALFORMED:
                # A test client raises a view's exception: a 500 fails here with its traceback.
                response = _ask(client, method, url, {param: value})
                got = _outcome(response)
                want = "400" if _expected_400(name, role, method, param, baseline) else baseline
                if got != want:
                    wrong[(role, method, param, value)] = (want, got)
                if got == "400":
                    assert 'data-testid="bad-request"' in response.content.decode()
    assert wrong == {}, f"{url}: (role, method, parameter, value) → (expected, got)"


def test_every_row_of_the_tables_names_a_url_and_a_parameter_of_the_walk():
    names = set(GET_READS) | set(POST_READS) | {name for name, _role in NOT_READ}
    params = {
        param for table in (GET_READS, POST_READS) for reads in table.values() for param in reads
    }
    assert names - set(MATRIX) == set()
    assert params - {param for param, _value in MALFORMED} == set()


def test_the_400_page_names_the_parameter_in_vietnamese(client, staff):
    client.force_login(staff)
    response = client.get(reverse("activity:overview"), {"year": "10000"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "«year»" in body and "«10000»" in body
    assert '<html lang="vi"' in body or 'lang="vi"' in body


@pytest.mark.parametrize(("name", "method_param"), sorted(UNKNOWN_IDS.items()))
def test_a_well_formed_id_that_names_nothing_is_a_404(name, method_param, world, client):
    method, param = method_param
    client.force_login(world["users"]["staff"])
    url = reverse(name)
    response = getattr(client, method)(url, {param: "987654"})
    assert response.status_code == 404
