"""The Django side of `bench/load_deadline_week.py`, run in its own process on the load database
(DATABASE_URL and the other settings come from the runner's environment):

    python bench/load_deadline_data.py setup USERS STAFF ACCOUNTS_JSON   # before the window
    python bench/load_deadline_data.py verify                            # after it

Each prints one line of JSON for the runner.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_DAY = (2025, 7, 1)  # the current map and the assignments after the 2025 merger


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def populate(users, staff_count, out):
    """The data of the deadline week, through the project's commands and services where they
    exist and bulk inserts where the UI would create one row at a time."""
    import random
    import string
    from datetime import date, timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts import access
    from accounts.middleware import SessionLifetimeMiddleware
    from accounts.models import User
    from accounts.roles import Role
    from assignments.models import Agency, Assignment, Cadre, Commune
    from core.text import clean, fold, name_key
    from demo import seed as demo
    from evaluations import services
    from evaluations.tasks import send_reminders

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from django.core.cache import cache

    cache.clear()  # the bench's own Redis database, when it runs on Redis
    call_command("load_divisions", all=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    today = timezone.localdate()
    communes = list(Commune.objects.valid_on(today).order_by("code"))
    rng = random.Random(2026)

    per_agency = 30  # leaders per agency, so ~110 agencies (the demo's names, numbered)
    names = []
    for n in range(len(communes) // per_agency + 1):
        name, kind, _quota = demo.AGENCIES[n % len(demo.AGENCIES)]
        cycle = n // len(demo.AGENCIES)
        names.append((f"{name} {cycle + 1}" if cycle else name, kind))
    agencies = Agency.objects.bulk_create(
        Agency(
            name=name,
            search_name=fold(name),
            key=name_key(name),
            kind=kind,
            leader_quota=per_agency,
        )
        for name, kind in names
    )
    cadres = []
    for n, _commune in enumerate(communes):
        female = rng.random() < 0.3
        full_name = clean(
            f"{rng.choice(demo.SURNAMES)} "
            f"{rng.choice(demo.MIDDLE_FEMALE if female else demo.MIDDLE_MALE)} "
            f"{rng.choice(demo.GIVEN_FEMALE if female else demo.GIVEN_MALE)}"
        )
        cadres.append(
            Cadre(
                full_name=full_name,
                search_name=fold(full_name),
                name_key=name_key(full_name),
                position="Phó Giám đốc" if n % per_agency else "Giám đốc",
                agency=agencies[n // per_agency],
                date_of_birth=date(1966 + n % 20, 1 + n % 12, 1 + (n // 12) % 28),
                gender=Cadre.Gender.FEMALE if female else Cadre.Gender.MALE,
            )
        )
    cadres = Cadre.objects.bulk_create(cadres)
    Assignment.objects.bulk_create(
        Assignment(
            cadre=cadre,
            commune=commune,
            decision_number="1250-QĐ/TU",
            decision_date=date(*FIRST_DAY) - timedelta(days=1),
            start_date=date(*FIRST_DAY),
        )
        for cadre, commune in zip(cadres, communes, strict=True)
    )

    # Accounts: the commune accounts (as `commune_accounts` makes them, password already
    # changed at first login) and staff. One hash for all: logins are not what is measured.
    password = make_password(get_random_string(20), hasher="pbkdf2_sha256_generated")
    accounts = User.objects.bulk_create(
        [
            User(
                username=f"xa{c.code}",
                full_name=c.committee_name,
                commune=c,
                password=password,
                must_change_password=False,
            )
            for c in communes
        ]
        + [
            User(username=f"chuyenvien{n}", full_name=f"Chuyên viên {n}", password=password)
            for n in range(1, staff_count + 1)
        ]
    )
    groups = {role: Group.objects.get(name=role) for role in (Role.COMMUNE, Role.STAFF)}
    User.groups.through.objects.bulk_create(
        User.groups.through(
            user_id=u.pk, group_id=groups[Role.COMMUNE if u.commune_id else Role.STAFF].pk
        )
        for u in accounts
    )
    staff_users = [u for u in accounts if not u.commune_id]

    # The year's round, opened three weeks ago, its deadline in two days: this morning's
    # automatic reminder went to every commune (the project's own task, one row per commune).
    evaluation_round = services.round_create(
        year=today.year,
        opens_on=max(date(today.year, 1, 1), today - timedelta(days=21)),
        deadline=today + timedelta(days=2),
        user=staff_users[0],
    )
    services.round_open(evaluation_round=evaluation_round, user=staff_users[0])
    forms = evaluation_round.forms.count()
    reminded = send_reminders(evaluation_round.pk)

    # Logged in before the window: one session per account, written to the session store.
    store = SessionStore()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    key_chars = string.ascii_lowercase + string.digits
    sessions, handed = [], {"communes": [], "staff": []}
    for user in accounts:
        key = get_random_string(32, key_chars)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "accounts.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            # What a login writes besides (accounts.middleware, accounts.access).
            SessionLifetimeMiddleware.KEY: int(time.time()),
            SessionLifetimeMiddleware.RENEWED: int(time.time()),
            access.SESSION_KEY: access.session_entry(user),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        handed["communes" if user.commune_id else "staff"].append(
            {"username": user.username, "session": key, "csrf": get_random_string(32)}
        )
    Session.objects.bulk_create(sessions)
    rng.shuffle(handed["communes"])  # communes arrive in no particular order
    handed["communes"] = handed["communes"][:users]
    Path(out).write_text(json.dumps({"year": today.year, **handed}), encoding="utf-8")
    return {
        "communes": len(communes),
        "agencies": len(agencies),
        "cadres": len(cadres),
        "forms": forms,
        "reminded": reminded,
        "accounts": len(accounts),
        "seconds": round(time.perf_counter() - started, 1),
    }


def probe_queries():
    """SQL queries and in-process time of each request of the scenario, for one commune and one
    staff member, inside a transaction that is rolled back (the load run starts untouched)."""
    import re
    import statistics

    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from evaluations.models import EvaluationForm

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    results = {}

    def measure(name, call, repeat=1, warm=True):
        if warm:
            call()  # templates compiled, caches filled, as in a running worker
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = call()
                times.append(time.perf_counter() - started)
        sql = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        results[name] = {
            "status": response.status_code,
            "queries": len(sql),
            "ms": round(statistics.median(times) * 1000, 1),
        }
        return response

    backend = "accounts.backends.ModelBackend"
    with transaction.atomic():
        form = EvaluationForm.objects.select_related("round").order_by("pk").first()
        commune = User.objects.get(commune_id=form.commune_id)
        client = Client()
        client.force_login(commune, backend=backend)
        url = f"/evaluations/forms/{form.pk}/"
        measure("GET home", lambda: client.get("/evaluations/", secure=True), repeat=20)
        page = measure("GET form", lambda: client.get(url, secure=True), repeat=20)
        comments = re.findall(r'name="(c\d+_comment)"', page.content.decode())

        def post(extra):
            form.refresh_from_db(fields=["version"])
            data = {"version": form.version, "visits": "5", **extra}
            return client.post(url, data, secure=True)

        # Each POST changes the form, so it is measured once (a draft after a first draft; the
        # submission cold, as it happens once).
        measure("POST draft", lambda: post({comments[0]: "Nháp.", "save": ""}))
        complete = {
            "meetings": "4",
            "level": "good",
            "propose_commendation": "yes",
            "propose_replacement": "no",
            "signer_name": "Nguyễn Văn Thắng",
            "signer_title": "Bí thư Đảng ủy",
            "signed_on": time.strftime("%d/%m/%Y"),
            **{name: "Hoàn thành tốt." for name in comments},
        }
        measure("POST review", lambda: post({**complete, "review": ""}))
        measure("POST submit", lambda: post({**complete, "submit": ""}), warm=False)
        staff = User.objects.filter(username__startswith="chuyenvien").first()
        client.force_login(staff, backend=backend)
        measure(
            "GET completeness",
            lambda: client.get(f"/evaluations/rounds/{form.round.year}/", secure=True),
            repeat=5,
        )
        transaction.set_rollback(True)
    return results


def verify():
    """What the database says after the run."""
    from django.db.models import Count

    from evaluations.models import EvaluationForm, FormEvent

    forms = EvaluationForm.objects.all()
    events = FormEvent.objects.filter(kind=FormEvent.Kind.SUBMITTED)
    return {
        "forms": forms.count(),
        "submitted": forms.filter(status=EvaluationForm.Status.SUBMITTED).count(),
        "drafts": forms.filter(status=EvaluationForm.Status.DRAFT).count(),
        "submission_events": events.count(),
        "forms_submitted_twice": events.values("form")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
    }


def main():
    mode, *args = sys.argv[1:]
    _django()
    if mode == "setup":
        figures = populate(int(args[0]), int(args[1]), args[2])
        figures["probe"] = probe_queries()
    else:
        figures = verify()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
