"""Every URL of the project × every role → the answer each role must get.

The matrix is the specification (DECISIONS.md, Roles). A URL added to the project without a row
here fails `test_every_url_has_a_row`; a view whose answer differs from its row fails its case.
Each URL is asked with GET and with an empty POST, by every role; every request runs in a
savepoint that is rolled back, so one role's POST cannot change what the next one sees.

Codes: 200 page; 302 redirect (not to the login page); login: redirect to the login page;
403, 404, 405 as such. Roles, in column order: anonymous, commune A (its own forms), commune B
(another commune), cadre (the monitoring cadre of commune A), leader, staff, superuser.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security import (
    matrix_breakthroughs,
    matrix_cell_meetings,
    matrix_hamlet_imports,
    matrix_hamlets,
    matrix_rollup,
    matrix_snapshots,
)

pytestmark = pytest.mark.django_db

YEAR = {"year": 2026}
ROLES = ("anonymous", "commune_a", "commune_b", "cadre", "leader", "staff", "superuser")

# name: (kwargs from the world, GET row, POST row); a row lists one code per role, in ROLES order.
MATRIX = {
    "home": (None, "login 302 302 302 200 200 200", "login 302 302 302 200 200 200"),
    "healthz": (None, "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "access_log": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "organisation_setup": (
        None,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "set_language": (None, "302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    # accounts
    "login": (None, "200 302 302 302 302 302 302", "200 302 302 302 302 302 302"),
    "logout": (None, "405 405 405 405 405 405 405", "login login login login login login login"),
    "password_change": (None, "login 200 200 200 200 200 200", "login 200 200 200 200 200 200"),
    "otp_setup": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "otp_verify": (None, "login 302 302 302 302 302 302", "login 302 302 302 302 302 302"),
    # registry
    "registry:commune_list": (
        None,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "registry:commune_new": (
        None,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "registry:commune_detail": (
        lambda w: {"pk": w["commune"].pk},
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "registry:commune_edit": (
        lambda w: {"pk": w["commune"].pk},
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "registry:agency_list": (
        None,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "registry:agency_new": (None, "login 403 403 403 403 200 200", "login 403 403 403 403 200 200"),
    "registry:agency_detail": (
        lambda w: {"pk": w["agency"].pk},
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "registry:agency_edit": (
        lambda w: {"pk": w["agency"].pk},
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "registry:cadre_list": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "registry:cadre_new": (None, "login 403 403 403 403 200 200", "login 403 403 403 403 200 200"),
    "registry:cadre_detail": (
        lambda w: {"pk": w["cadre"].pk},
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "registry:cadre_edit": (
        lambda w: {"pk": w["cadre"].pk},
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "registry:cadre_status": (
        lambda w: {"pk": w["cadre"].pk},
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "registry:import_start": (
        None,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "registry:import_confirm": (
        lambda w: {"pk": w["upload"].pk},
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 404",
    ),
    # a staff member's own upload (the superuser's answer is 404: not theirs)
    "registry:import_preview": (
        lambda w: {"pk": w["upload"].pk},
        "login 403 403 403 403 200 404",
        "login 403 403 403 403 200 404",
    ),
    "registry:import_status": (
        lambda w: {"pk": w["upload"].pk},
        "login 403 403 403 403 200 404",
        "login 403 403 403 403 200 404",
    ),
    "registry:import_map": (
        lambda w: {"pk": w["upload"].pk},
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 404",
    ),
    "registry:import_mappings": (
        None,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "registry:import_mapping_delete": (
        lambda w: {"pk": _value_mapping(w).pk},
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 302",
    ),
    "registry:import_template": (
        lambda w: {"kind": "communes"},
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    # assignments
    "assignments:dashboard": (
        None,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "assignments:coverage_list": (
        lambda w: {"kind": "uncovered"},
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "assignments:new": (None, "login 403 403 403 403 200 200", "login 403 403 403 403 200 200"),
    "assignments:reassign": (
        lambda w: {"pk": w["assignment"].pk},
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "assignments:end": (
        lambda w: {"pk": w["assignment"].pk},
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "assignments:annex": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "assignments:audit_trail": (
        None,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    # evaluations: the form of commune A
    "evaluations:home": (None, "login 200 200 302 302 302 302", "login 200 200 302 302 302 302"),
    "evaluations:mine": (None, "login 404 404 200 404 404 404", "login 404 404 200 404 404 404"),
    "evaluations:form": (
        lambda w: {"pk": w["form_a"].pk},
        "login 200 404 404 200 200 200",
        "login 200 404 404 200 200 200",
    ),
    "evaluations:print": (
        lambda w: {"pk": w["form_a"].pk},
        "login 200 404 404 200 200 200",
        "login 200 404 404 200 200 200",
    ),
    "evaluations:staff_edit": (
        lambda w: {"pk": w["form_a"].pk},
        "login 403 404 404 403 200 200",
        "login 403 404 404 403 200 200",
    ),
    "evaluations:accept": (
        lambda w: {"pk": w["form_a"].pk},
        "405 405 405 405 405 405 405",
        "login 403 404 404 403 302 302",
    ),
    "evaluations:return": (
        lambda w: {"pk": w["form_a"].pk},
        "405 405 405 405 405 405 405",
        "login 403 404 404 403 302 302",
    ),
    "evaluations:drop": (
        lambda w: {"pk": w["form_a"].pk},
        "405 405 405 405 405 405 405",
        "login 403 404 404 403 302 302",
    ),
    "evaluations:rounds": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "evaluations:round_new": (
        None,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "evaluations:round": (
        lambda w: YEAR,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "evaluations:round_edit": (
        lambda w: YEAR,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "evaluations:criteria": (
        lambda w: YEAR,
        "login 403 403 403 403 302 302",
        "login 403 403 403 403 302 302",
    ),
    "evaluations:round_open": (
        lambda w: YEAR,
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 302",
    ),
    "evaluations:round_close": (
        lambda w: YEAR,
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 302",
    ),
    "evaluations:round_remind": (
        lambda w: YEAR,
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 302",
    ),
    "evaluations:round_extend": (
        lambda w: YEAR,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 200 200",
    ),
    "evaluations:missing": (
        lambda w: YEAR,
        "login 403 403 403 200 200 200",
        "login 403 403 403 200 200 200",
    ),
    "evaluations:commune_accounts": (
        None,
        "login 403 403 403 403 200 200",
        "login 403 403 403 403 302 302",
    ),
    "evaluations:left_out_add": (
        lambda w: {"pk": w["left_out"].pk},
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 302",
    ),
    # reports
    "reports:home": (None, "login 403 403 403 200 200 200", "login 403 403 403 200 200 200"),
    "reports:request": (None, "405 405 405 405 405 405 405", "login 403 403 403 404 404 404"),
    "reports:job_status": (
        lambda w: {"pk": w["job"].pk},
        "login 404 404 404 200 200 200",
        "login 404 404 404 200 200 200",
    ),
    "reports:download": (
        lambda w: {"pk": w["job"].pk},
        "login 404 404 404 200 200 200",
        "login 404 404 404 200 200 200",
    ),
    "reports:results": (
        lambda w: YEAR,
        "login 403 403 403 200 200 200",
        "login 403 403 403 403 404 404",
    ),
    # cadre activity: the cadre's own plan file, a visit at commune A
    "activity:home": (None, "login 302 302 200 302 302 302", "login 302 302 404 302 302 302"),
    "activity:overview": (None, "login 403 403 403 200 200 200", "login 403 403 403 403 200 200"),
    "activity:visit_review": (
        lambda w: {"pk": w["visit"].pk},
        "405 405 405 405 405 405 405",
        "login 302 404 404 404 404 404",
    ),
    "activity:proposal_answer": (
        lambda w: {"pk": w["proposal"].pk},
        "405 405 405 405 405 405 405",
        "login 403 403 403 403 302 302",
    ),
    "activity:file": (
        lambda w: {"kind": "plan", "pk": w["plan"].pk},
        "login 404 404 200 200 200 200",
        "login 404 404 200 200 200 200",
    ),
}
# Following at every level (issue 17): each part keeps its rows in its own module.
# Breakthrough tasks (issue 18) likewise.
for _part in (
    matrix_hamlets,
    matrix_hamlet_imports,
    matrix_cell_meetings,
    matrix_rollup,
    matrix_breakthroughs,
    matrix_snapshots,
):
    assert not set(_part.ROWS) & set(MATRIX), _part.__name__
    MATRIX.update(_part.ROWS)


def _value_mapping(world):
    from core.models import ImportValueMapping

    return ImportValueMapping.objects.create(
        kind="agencies",
        column="kind",
        folded="khoi mttq",
        written="Khối MTTQ",
        value="mat_tran_doan_the",
    )


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


def test_every_url_has_a_row():
    names = set(_walk(get_resolver().url_patterns))
    assert names - set(MATRIX) == set(), "URLs without a row in the permission matrix"
    assert set(MATRIX) - names == set(), "rows for URLs that no longer exist"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_its_answer(name, world, client):
    kwargs, get_row, post_row = MATRIX[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    seen = {}
    for method in ("get", "post"):
        for role in ROLES:
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
        for role, code in zip(ROLES, row.split(), strict=True)
    }
    wrong = {k: (expected[k], seen[k]) for k in expected if seen[k] != expected[k]}
    assert wrong == {}, f"{url}: (method, role) → (expected, got)"


@pytest.mark.parametrize(
    "role, code",
    [("anonymous", "login"), ("leader", "login"), ("staff", "login"), ("superuser", "200")],
)
def test_the_admin_is_for_the_system_administrator_only(role, code, world, client):
    if role != "anonymous":
        client.force_login(world["users"][role])
    for url in (reverse("admin:index"), reverse("admin:core_personaldataaccess_changelist")):
        response = client.get(url)
        got = "200" if response.status_code == 200 else None
        if response.status_code == 302 and response.url.startswith(reverse("admin:login")):
            got = "login"
        assert got == code, url
