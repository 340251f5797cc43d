"""The province's roll-up of following at every level at 100,000 hamlets against its SQL alone.

    .venv/bin/python bench/hamlets_rollup.py [--quick]

project: the median time of rendering the roll-up (`rollup:province`: the totals over every
commune, the first page of 50 communes with their provincial cadres) through Django's test
client as a staff member (session, permissions, access log and template included), 3
repetitions after a warm-up. floor: one hand-written SQL statement returning every commune's
figures (hamlets in force and followed, households all and covered, members serving, assigned,
following several, left but following, their cell meetings, members under the minimum), on the
same database in the same process, taking turns with the page; the bench checks that its sums
are the page's totals and its first rows the page's rows. Goal (issue 17): the page within 3×
its SQL.

The data: 3,321 communes × 30 hamlets (the country), 95 % of hamlets followed, a member per
hamlet and a few more, 1 % exceptions, a few members who left and still follow, 0 to 5 cell
meetings a member, a provincial cadre per commune. `--quick`: 167 communes (about 5,000
hamlets). A fresh process and database per size (bench/common.py).
"""

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

SIZE, QUICK_SIZE = 3_321, 167  # communes; 30 hamlets each
HAMLETS = 30
YEAR = 2026
DAY = date(2026, 12, 31)
START = date(2025, 7, 1)


def populate(communes):
    from activity.models import Visit
    from assignments.models import Agency, Assignment, Cadre, Commune, Province
    from hamlets.models import CommuneMember, Hamlet, HamletAssignment, PartyCell

    province = Province.objects.create(code="98", name="Tỉnh Đo", valid_from=START)
    places = Commune.objects.bulk_create(
        Commune(province=province, code=f"{n:05d}", name=f"Xã Đo {n}", search_name=f"xa do {n:05d}",
                valid_from=START)
        for n in range(communes)
    )  # fmt: skip
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Sở Đo {n}", key=f"so do {n}", search_name=f"so do {n}",
               kind="so_ban_nganh", leader_quota=30)
        for n in range(communes // 30 + 1)
    )  # fmt: skip
    cadres = Cadre.objects.bulk_create(
        Cadre(full_name=f"Cán Bộ Đo {n}", search_name=f"can bo do {n}", name_key=f"can bo do {n}",
              position="Phó Giám đốc", agency=agencies[n // 30], date_of_birth=date(1970, 1, 1))
        for n in range(communes)
    )  # fmt: skip
    Assignment.objects.bulk_create(
        Assignment(cadre=k, commune=c, decision_number="1", start_date=START, decision_date=START)
        for k, c in zip(cadres, places, strict=True)
    )
    cells = PartyCell.objects.bulk_create(
        PartyCell(commune=c, name=f"Chi bộ {k}", search_name=f"chi bo {k}")
        for c in places
        for k in range(HAMLETS // 3)
    )
    hamlets = Hamlet.objects.bulk_create(
        (Hamlet(commune=c, name=f"Thôn {k}", search_name=f"thon {k}", households=50 + k * 7 % 90,
                cell=cells[n * (HAMLETS // 3) + k // 3], valid_from=START)
         for n, c in enumerate(places) for k in range(HAMLETS)),
        batch_size=5_000,
    )  # fmt: skip
    members = CommuneMember.objects.bulk_create(
        (CommuneMember(commune=c, full_name=f"Cấp Ủy {k}", search_name=f"cap uy {k}",
                       left_on=date(2026, 6, 30) if (n + k) % 97 == 3 else None)
         for n, c in enumerate(places) for k in range(HAMLETS + 2)),
        batch_size=5_000,
    )  # fmt: skip
    per = HAMLETS + 2
    rows, visits = [], []
    for n, place in enumerate(places):
        mine, theirs = members[n * per : (n + 1) * per], hamlets[n * HAMLETS : (n + 1) * HAMLETS]
        for k, hamlet in enumerate(theirs):
            if (n + k) % 20 == 19:
                continue  # 5 % of hamlets with no one
            exception = k == 0 and n % 100 == 5  # 1 % of communes: a member follows two
            rows.append(
                HamletAssignment(member=mine[1] if exception else mine[k], hamlet=hamlet,
                                 decision_number="1", decision_date=START, start_date=START,
                                 exception_reason="Đo" if exception else "")
            )  # fmt: skip
        for k, member in enumerate(mine):
            cell = cells[n * (HAMLETS // 3) + (k % HAMLETS) // 3]
            visits += [
                Visit(member=member, commune=place, cell=cell, day=date(YEAR, 1 + m, 10),
                      kind="cell", content="Đo", status="confirmed")
                for m in range((n + k) % 6)
            ]  # fmt: skip
        visits.append(
            Visit(cadre=cadres[n], commune=place, cell=cells[n * (HAMLETS // 3)],
                  day=date(YEAR, 3, 3), kind="cell", content="Đo",
                  status="pending" if n % 3 else "disputed")
        )  # fmt: skip
    HamletAssignment.objects.bulk_create(rows, batch_size=5_000)
    Visit.objects.bulk_create(visits, batch_size=5_000)
    return len(hamlets)


def rollup_sql(day, year, minimum):
    """The floor: one statement, written by hand, returning every commune's figures in the
    page's order (name): id, hamlets, followed, households, covered, members serving, assigned,
    several, left but following, members' cell meetings, members under the minimum."""
    params = {"day": day, "first": date(year, 1, 1), "last": date(year, 12, 31), "min": minimum}
    active = "a.start_date <= %(day)s AND (a.end_date IS NULL OR a.end_date >= %(day)s)"
    valid = (
        "(x.valid_from IS NULL OR x.valid_from <= %(day)s)"
        " AND (x.valid_to IS NULL OR x.valid_to >= %(day)s)"
    )
    serving = "(m.left_on IS NULL OR m.left_on >= %(day)s)"
    counted = (
        "v.kind = 'cell' AND v.day BETWEEN %(first)s AND %(last)s"
        " AND v.status <> 'disputed' AND v.member_id IS NOT NULL"
    )
    sql = f"""
    WITH followed AS (
        SELECT DISTINCT a.hamlet_id FROM hamlets_hamletassignment a WHERE {active}
    ), per_hamlet AS (
        SELECT x.commune_id, COUNT(*) AS n,
               SUM(CASE WHEN f.hamlet_id IS NOT NULL THEN 1 ELSE 0 END) AS followed,
               COALESCE(SUM(x.households), 0) AS households,
               COALESCE(SUM(CASE WHEN f.hamlet_id IS NOT NULL THEN x.households END), 0) AS covered
        FROM hamlets_hamlet x LEFT JOIN followed f ON f.hamlet_id = x.id
        WHERE {valid} GROUP BY x.commune_id
    ), following AS (
        SELECT a.member_id, MAX(CASE WHEN a.exception_reason <> '' THEN 1 ELSE 0 END) AS several
        FROM hamlets_hamletassignment a WHERE {active} GROUP BY a.member_id
    ), attended AS (
        SELECT v.member_id, COUNT(*) AS n FROM activity_visit v WHERE {counted} GROUP BY v.member_id
    ), per_member AS (
        SELECT m.commune_id,
               SUM(CASE WHEN {serving} THEN 1 ELSE 0 END) AS serving,
               SUM(CASE WHEN g.member_id IS NOT NULL THEN 1 ELSE 0 END) AS assigned,
               SUM(COALESCE(g.several, 0)) AS several,
               SUM(CASE WHEN g.member_id IS NOT NULL AND m.left_on < %(day)s
                   THEN 1 ELSE 0 END) AS left_following,
               SUM(CASE WHEN {serving} AND COALESCE(t.n, 0) < %(min)s THEN 1 ELSE 0 END) AS under
        FROM hamlets_communemember m LEFT JOIN following g ON g.member_id = m.id
        LEFT JOIN attended t ON t.member_id = m.id GROUP BY m.commune_id
    ), meetings AS (
        SELECT v.commune_id, COUNT(*) AS n FROM activity_visit v WHERE {counted}
        GROUP BY v.commune_id
    )
    SELECT x.id, COALESCE(h.n, 0), COALESCE(h.followed, 0), COALESCE(h.households, 0),
           COALESCE(h.covered, 0), COALESCE(p.serving, 0), COALESCE(p.assigned, 0),
           COALESCE(p.several, 0), COALESCE(p.left_following, 0), COALESCE(e.n, 0),
           COALESCE(p.under, 0)
    FROM assignments_commune x LEFT JOIN per_hamlet h ON h.commune_id = x.id
    LEFT JOIN per_member p ON p.commune_id = x.id LEFT JOIN meetings e ON e.commune_id = x.id
    WHERE {valid} ORDER BY x.search_name, x.id
    """  # noqa: S608 - only the code's constants are formatted in; values are parameters
    return sql, params


def child(communes):
    common.django_setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from activity import levels
    from activity.figures import cell_minimums

    settings.ALLOWED_HOSTS = ["testserver"]
    hamlets = populate(communes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    staff = User.objects.create_user("bench")
    staff.groups.add(Group.objects.get(name="staff"))
    client = Client()
    client.force_login(staff)
    url = f"/levels/rollup/?year={YEAR}"

    def page():
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code

    sql, params = rollup_sql(levels.rollup_day(YEAR), YEAR, cell_minimums(YEAR)[1])

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    page()
    rows = floor()
    times = {page: [], floor: []}
    for _ in range(common.REPETITIONS):
        for function in times:
            started = time.perf_counter()
            function()
            times[function].append(time.perf_counter() - started)
    project, floor_time = (statistics.median(times[f]) for f in (page, floor))
    with CaptureQueriesContext(connection) as queries:
        page()
    # The floor says what the page says (the page's own functions), or it is not its SQL.
    table = levels.communes(YEAR)
    total = levels.totals(table)
    sums = [sum(r[i] for r in rows) for i in range(1, 11)]
    assert sums == [total[name] for name in levels.FIGURES], (sums, total)
    shown = [(r["pk"], *(r[name] for name in levels.FIGURES)) for r in table[:50]]
    assert shown == [tuple(r) for r in rows[:50]]
    print(
        json.dumps(
            {
                "project_ms": project * 1000,
                "floor_ms": floor_time * 1000,
                "queries": len(queries),
                "vendor": connection.vendor,
                "hamlets": hamlets,
            }
        )
    )


def measure(quick=False):
    communes = QUICK_SIZE if quick else SIZE
    result = common.run_child(__file__, communes)
    project, floor = result["project_ms"], result["floor_ms"]
    return [
        common.Row(
            path=f"province roll-up at {result['hamlets']:,} hamlets",
            project=project,
            unit="ms",
            floor=floor,
            goal="≤ 3× SQL",
            met=project <= 3 * floor,
            note=f"{result['vendor']}; {result['queries']} queries a render, "
            "session, permissions and access log included",
        )
    ]


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    print(common.markdown(measure(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    main()
