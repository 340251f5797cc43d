"""The coverage dashboard at 10,000 communes against its SQL alone.

    .venv/bin/python bench/coverage_dashboard.py [--quick]

project: the median time of rendering the dashboard (`assignments:dashboard`) through Django's
test client, as a staff member (session, permissions and template included), 3 repetitions
after a warm-up. floor: one hand-written SQL statement returning the dashboard's numbers (the
headline, the six cards, the table by agency; the birth dates of "retiring soon" are its
parameters, from the retirement rule), on the same database in the same process, 3
repetitions taking turns with the page's; the bench checks that it says what the page says.
Goal (issue 16): the page within 3× its SQL.

Each size runs in a fresh process on a fresh SQLite database, or on DATABASE_URL's server
(give it an empty database; it is analysed after the load, as autovacuum would). The data:
95 % of communes followed, one agency per 30 cadres, a spread of birth dates and both genders
(the "retiring soon" card is not empty), 1 % exceptions, a few cadres retired who still have
their commune. `--quick`: 1,000 communes.
"""

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

SIZE, QUICK_SIZE = 10_000, 1_000
DAY = date(2026, 11, 23)
MONTHS = 12


def populate(communes):
    from assignments.models import Agency, Assignment, Cadre, Commune, Province
    from core.text import fold, name_key

    province = Province.objects.create(code="99", name="Tỉnh Đo", valid_from=date(2025, 7, 1))
    Commune.objects.bulk_create(
        Commune(
            province=province,
            code=f"{n:05d}",
            name=f"Xã Đo {n}",
            search_name=f"xa do {n}",
            valid_from=date(2025, 7, 1),
        )
        for n in range(communes)
    )
    followed = int(communes * 0.95)
    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"Sở Đo {n}",
            key=name_key(f"Sở Đo {n}"),
            search_name=fold(f"Sở Đo {n}"),
            kind="so_ban_nganh",
            leader_quota=30,
        )
        for n in range(followed // 30 + 1)
    )
    cadres = Cadre.objects.bulk_create(
        Cadre(
            full_name=f"Cán Bộ Đo {n}",
            search_name=f"can bo do {n}",
            name_key=f"can bo do {n}",
            position="Phó Giám đốc",
            agency=agencies[n // 30],
            date_of_birth=date(1964 + n % 20, 1 + n % 12, 1 + n % 28),
            gender="male" if n % 3 else "female",
            status="retired" if n % 500 == 7 else "working",
        )
        for n in range(followed)
    )
    rows = list(Commune.objects.order_by("code"))
    Assignment.objects.bulk_create(
        Assignment(
            cadre=cadre,
            commune=commune,
            decision_number="1",
            start_date=date(2025, 7, 1),
            decision_date=date(2025, 7, 1),
        )
        for cadre, commune in zip(cadres, rows, strict=False)
    )
    Assignment.objects.bulk_create(
        Assignment(
            cadre=cadre,
            commune=commune,
            decision_number="2",
            start_date=date(2025, 7, 1),
            decision_date=date(2025, 7, 1),
            exception_reason="Đo",
        )
        for cadre, commune in zip(cadres[::100], rows[followed:], strict=False)
    )


def dashboard_sql(day, months):
    """The floor: one statement, written by hand, returning every number the dashboard shows:
    a row per agency in the page's order (id, leaders, cadres assigned, communes followed),
    each followed by the totals (communes in force, without a cadre, cadres with several
    communes, retiring, assignments of cadres gone, exceptions, agencies off their quota)."""
    from assignments.figures import _retiring_births
    from assignments.models import Cadre

    params = {"day": day}
    retiring = []
    for n, (gender, first, last) in enumerate(_retiring_births(day, months)):
        retiring.append(f"(k.gender = %(g{n})s AND k.date_of_birth BETWEEN %(f{n})s AND %(l{n})s)")
        params.update({f"g{n}": gender, f"f{n}": first, f"l{n}": last})
    in_office = ", ".join(f"'{status}'" for status in Cadre.IN_OFFICE)
    valid = (
        "(c.valid_from IS NULL OR c.valid_from <= %(day)s)"
        " AND (c.valid_to IS NULL OR c.valid_to >= %(day)s)"
    )
    # Only constants of the code are formatted in; the values are parameters. One pass over the
    # assignments in force, grouped by cadre then by agency; the totals are windows over the
    # agencies' rows, the communes' two counts scalar subqueries.
    sql = f"""
    WITH per_cadre AS (
        SELECT a.cadre_id, COUNT(*) AS n,
               SUM(CASE WHEN a.exception_reason <> '' THEN 1 ELSE 0 END) AS exceptions
        FROM assignments_assignment a
        WHERE a.start_date <= %(day)s AND (a.end_date IS NULL OR a.end_date >= %(day)s)
        GROUP BY a.cadre_id
    ), per_agency AS (
        SELECT k.agency_id, COUNT(*) AS cadres, SUM(p.n) AS followed,
               SUM(CASE WHEN p.n > 1 THEN 1 ELSE 0 END) AS several,
               SUM(CASE WHEN k.status IN ({in_office}) AND ({" OR ".join(retiring) or "1 = 0"})
                   THEN 1 ELSE 0 END) AS retiring,
               SUM(CASE WHEN k.status NOT IN ({in_office}) THEN p.n ELSE 0 END) AS departed,
               SUM(p.exceptions) AS exceptions
        FROM per_cadre p JOIN assignments_cadre k ON k.id = p.cadre_id
        GROUP BY k.agency_id
    )
    SELECT g.id, g.leader_quota, COALESCE(p.cadres, 0), COALESCE(p.followed, 0),
        (SELECT COUNT(*) FROM assignments_commune c WHERE {valid}),
        (SELECT COUNT(*) FROM assignments_commune c WHERE {valid} AND NOT EXISTS (
            SELECT 1 FROM assignments_assignment a WHERE a.commune_id = c.id
            AND a.start_date <= %(day)s AND (a.end_date IS NULL OR a.end_date >= %(day)s))),
        SUM(COALESCE(p.several, 0)) OVER (),
        SUM(COALESCE(p.retiring, 0)) OVER (),
        SUM(COALESCE(p.departed, 0)) OVER (),
        SUM(COALESCE(p.exceptions, 0)) OVER (),
        SUM(CASE WHEN COALESCE(p.cadres, 0) <> g.leader_quota THEN 1 ELSE 0 END) OVER ()
    FROM assignments_agency g LEFT JOIN per_agency p ON p.agency_id = g.id
    ORDER BY g.search_name
    """  # noqa: S608
    return sql, params


def child(communes):
    common.django_setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from assignments import figures

    settings.ALLOWED_HOSTS = ["testserver"]
    populate(communes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a load
    staff = User.objects.create_user("bench")  # logged in with force_login
    staff.groups.add(Group.objects.get(name="staff"))
    client = Client()
    client.force_login(staff)
    url = f"/assignments/?on={DAY:%d/%m/%Y}&months={MONTHS}"

    def page():
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code

    sql, params = dashboard_sql(DAY, MONTHS)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    page()  # warm up templates, caches, the session's first renewal
    rows = floor()
    # Page and SQL take turns, so that both see the same machine (other work on it comes and
    # goes); each figure is the median of its repetitions.
    times = {page: [], floor: []}
    for _ in range(common.REPETITIONS):
        for function in times:
            started = time.perf_counter()
            function()
            times[function].append(time.perf_counter() - started)
    project, floor_time = (statistics.median(times[f]) for f in (page, floor))
    with CaptureQueriesContext(connection) as queries:
        page()
    # The floor says what the page says, or it is not the page's SQL.
    cov = figures.coverage(DAY, MONTHS)
    assert list(rows[0][4:]) == [
        cov.communes.denominator,
        cov.uncovered_count,
        cov.several_count,
        cov.retiring_count,
        cov.departed_count,
        cov.exceptions_count,
        cov.agency_mismatch,
    ], (rows[0], cov)
    assert [tuple(r[:4]) for r in rows] == [
        (a["pk"], a["leader_quota"], a["assigned_cadres"], a["communes_followed"])
        for a in cov.agencies
    ]
    print(
        json.dumps(
            {
                "project_ms": project * 1000,
                "floor_ms": floor_time * 1000,
                "queries": len(queries),
                "vendor": connection.vendor,
            }
        )
    )


def measure(quick=False):
    communes = QUICK_SIZE if quick else SIZE
    result = common.run_child(__file__, communes)
    project, floor = result["project_ms"], result["floor_ms"]
    return [
        common.Row(
            path=f"coverage dashboard at {communes:,} communes",
            project=project,
            unit="ms",
            floor=floor,
            goal="≤ 3× SQL",
            met=project <= 3 * floor,
            note=f"{result['vendor']}; {result['queries']} queries a render, "
            "session and permissions included",
        )
    ]


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    print(common.markdown(measure(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    main()
