"""Render the coverage dashboard at 150 and at 10,000 communes; print time and query count.

    .venv/bin/python bench/coverage_dashboard.py [COMMUNES …]

Each size runs in a fresh process on a fresh SQLite database (or DATABASE_URL's server).
The data: 95 % of communes followed, one agency per 30 cadres, a spread of birth dates (so the
"retiring soon" list is not empty), 1 % exceptions.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
            gender="male",
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


def child(communes):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    populate(communes)
    from django.contrib.auth.models import Group

    from accounts.models import User

    staff = User.objects.create_user("bench")  # logged in with force_login
    staff.groups.add(Group.objects.get(name="staff"))
    client = Client()
    client.force_login(staff)
    url = "/assignments/?on=23/11/2026"
    client.get(url)  # warm up templates and caches
    times = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url, secure=True)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    print(
        json.dumps(
            {
                "communes": communes,
                "median_ms": round(statistics.median(times) * 1000),
                "max_ms": round(max(times) * 1000),
                "queries": len(queries),
            }
        )
    )


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [150, 10_000]
    print(f"{'communes':>9} {'median ms':>10} {'max ms':>7} {'queries':>8}")
    for communes in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ)
            env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
            env.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuv")
            env.setdefault("SECURE_SSL_REDIRECT", "0")
            env.setdefault("STATIC_MANIFEST", "0")
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(communes)],
                env=env,
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            if out.returncode:
                sys.exit(out.stderr[-3000:])
            f = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{f['communes']:>9} {f['median_ms']:>10} {f['max_ms']:>7} {f['queries']:>8}")


if __name__ == "__main__":
    main()
