"""Query budgets (issue 14): no page runs more queries because the province is bigger.

Every page of the project is rendered on a world about the size of the demo (150 communes, as
many cadres, two rounds of forms), then again once the world has grown to ten times its
communes, cadres, assignments and forms, and the rows that follow them (accounts, visits,
plans, reports, proposals, form events, reminders, the access log). A page whose number of
queries grows with the data runs a query per row somewhere (the leaders' report page ran one
per cadre of its picker: 2,292 queries at 3,321 communes); it fails here, named. Equal counts
pass: a page may cost what it costs, as long as the cost does not follow the data.

The pages are the permission matrix's, found its way (its walk over the URL patterns and its
table of URL name → kwargs from the same world): each URL that answers a GET with a page,
asked by the role that sees the most of it, plus the variants that run other code (a filter,
a second page, an Excel export, the other kinds of a list), and the admin's index and the
changelist of every registered model. The data is written with bulk_create: the whole test
takes about half a minute on SQLite.
"""

from collections import namedtuple
from datetime import date, datetime, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.roles import Role
from activity.models import ActivityYear, Plan, Proposal, Report, Visit
from assignments.models import (
    NEW_MAP_FIRST_DAY,
    OLD_MAP_LAST_DAY,
    Agency,
    Assignment,
    Cadre,
    CadreStatusChange,
    Commune,
    District,
    Province,
)
from core import text
from core.models import PersonalDataAccess
from evaluations.models import (
    DeadlineExtension,
    EvaluationForm,
    EvaluationRound,
    FormEvent,
    LeftOutPair,
    Level,
    Reminder,
)
from reports.models import ReportJob, ResultOverride
from tests.security.test_permission_matrix import MATRIX, ROLES, _walk

pytestmark = pytest.mark.django_db

# The demo has about 150 communes in force, 147 cadres and 295 forms over two rounds: one unit
# of growth is that much. The big world is ten units.
UNIT = 150
BIG = 10

# The one role a page is measured for: the first of these the matrix gives a 200 (staff see
# the most; the superuser alone sees the admin; a commune or a cadre their own pages).
ROLE_PREFERENCE = ("staff", "superuser", "leader", "commune_a", "cadre", "anonymous")

# Other ways to ask for a page than its bare URL, where they run other code: (kwargs or None for
# the matrix's, query string). The bare URL is always asked too.
VARIANTS = {
    "access_log": [(None, "?format=xlsx")],
    "registry:commune_list": [(None, "?format=xlsx"), (None, "?q=xa&page=2")],
    "registry:agency_list": [(None, "?format=xlsx")],
    "registry:cadre_list": [(None, "?format=xlsx"), (None, "?page=2")],
    "assignments:dashboard": [(None, "?months=60")],
    "assignments:coverage_list": [
        ({"kind": kind}, query)
        for kind in ("uncovered", "several", "retiring", "agencies", "departed")
        for query in ("", "?format=xlsx")
    ],
    "assignments:audit_trail": [(None, "?page=2")],
    "evaluations:round": [(None, f"?status={s}") for s in ("submitted", "new", "dropped")]
    + [(None, "?page=2")],
    "evaluations:missing": [
        (None, "?format=xlsx"),
        (None, "?page=2"),
        (None, "?all=1"),
        (None, "?q=tai&all=1"),
    ],
    "evaluations:commune_accounts": [(None, "?round=current"), (None, "?page=2")],
    "reports:home": [(None, "?year=2025")],
    "reports:results": [({"year": 2025}, ""), (None, "?page=2"), (None, "?q=tai")],
    "activity:home": [(None, "?year=2026")],
    "activity:overview": [(None, f"?year=2026&list={key}") for key in ("under", "proposals")]
    + [(None, "?year=2026&list=by_cadre&page=2")],
}

# No page runs more queries than this, on either world: a query per row of a page of 50 (or
# of the admin's 100) does not grow with the data once the page is full, but cannot hide
# under this.
MAX_QUERIES = 50

# A page may run a few more queries on the bigger world for a reason that is not a query per
# row; each entry says why. (name: extra queries allowed)
SLACK = {}

# Pages known to grow with the data and left to their owners for now, each with its reason.
# The test fails when one of them stops growing, so the entry is removed with the fix.
KNOWN_TO_GROW = {}

Page = namedtuple("Page", "name role url")


def _pages(world):
    """Every page to measure: (URL name, role, URL) for each URL the matrix gives a 200 on
    GET, with its variants, then the admin's index and changelists."""
    pages = []
    for name in sorted(set(_walk(get_resolver().url_patterns))):
        if name not in MATRIX:
            continue  # test_permission_matrix fails for it; measured once it has its row
        kwargs_of, get_row, _post_row = MATRIX[name]
        codes = dict(zip(ROLES, get_row.split(), strict=True))
        role = next((r for r in ROLE_PREFERENCE if codes[r] == "200"), None)
        if role is None:
            continue  # an action (POST only) or a redirect: no page of its own
        kwargs = kwargs_of(world) if kwargs_of else None
        for ask_kwargs, query in [(kwargs, "")] + VARIANTS.get(name, []):
            pages.append(Page(name, role, reverse(name, kwargs=ask_kwargs or kwargs) + query))
    pages.append(Page("admin:index", "superuser", reverse("admin:index")))
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        pages.append(Page(name, "superuser", reverse(name)))
    return pages


def _measure(client, world, pages):
    """{page: number of queries} (None: it did not answer 200), each request in a savepoint
    rolled back: a page that logs its reading writes a row, and the next must see the same
    world."""
    seen = {}
    client.raise_request_exception = False  # a page that fails is named with the others
    for page in pages:
        client.logout()
        if page.role != "anonymous":
            client.force_login(world["users"][page.role])
        # The log CaptureQueriesContext reads keeps the last 9,000 queries: full, it counts 0.
        connection.queries_log.clear()
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
            if response.streaming:
                b"".join(response.streaming_content)  # a streamed file queries as it goes
            transaction.set_rollback(True)
        seen[page] = len(queries) if response.status_code == 200 else None
    return seen


# --- the data --------------------------------------------------------------------------------


def _agencies(start, count):
    rows = []
    for n in range(start, start + count):
        name = f"Sở Thử Tải {n}"
        rows.append(
            Agency(
                name=name,
                search_name=text.fold(name),
                key=text.name_key(name),
                kind=list(Agency.Kind)[n % 3],
                leader_quota=4,
            )
        )
    return Agency.objects.bulk_create(rows)


def _grow(world, units):
    """Add `units` × UNIT communes, each with an account, and as many cadres, most following
    one commune all year, with their forms of 2025 (closed) and 2026 (open), their activity,
    and what staff and leaders leave behind (events, reminders, overrides, the access log)."""
    start = Commune.objects.count()
    count = units * UNIT
    province = world["commune"].province
    staff = world["users"]["staff"]
    now = timezone.now()
    communes = []
    for n in range(start, start + count):
        name = f"Xã Thử Tải {n}"
        communes.append(
            Commune(
                province=province,
                code=f"{60000 + n:05d}",
                name=name,
                search_name=text.fold(name),
                kind=list(Commune.Kind)[n % 3],
                valid_from=NEW_MAP_FIRST_DAY,
                secretary_name=f"Bí thư {n}",
                phone=f"0912{n:06d}",
            )
        )
    communes = Commune.objects.bulk_create(communes)
    _old_map(start, count // 3)
    agencies = _agencies(Agency.objects.count(), max(1, count // 4))
    cadres = []
    for n in range(count):
        name = f"Trần Văn Tải {start + n}"
        # One in ten retires within the year; one in twenty has left.
        born = date(1966, 3, 1) if n % 10 == 0 else date(1975 + n % 10, 1 + n % 12, 1 + n % 28)
        status = Cadre.Status.RETIRED if n % 20 == 19 else Cadre.Status.WORKING
        cadres.append(
            Cadre(
                full_name=name,
                search_name=text.fold(name),
                name_key=text.name_key(name),
                position="Phó Giám đốc",
                agency=agencies[n % len(agencies)],
                date_of_birth=born,
                gender=Cadre.Gender.MALE if n % 3 else Cadre.Gender.FEMALE,
                status=status,
                status_changed_on=date(2026, 6, 30) if status == Cadre.Status.RETIRED else None,
            )
        )
    cadres = Cadre.objects.bulk_create(cadres)
    CadreStatusChange.objects.bulk_create(
        CadreStatusChange(
            cadre=c, status=c.status, effective_on=c.status_changed_on, recorded_by=staff
        )
        for c in cadres
        if c.status_changed_on
    )
    # Nine communes in ten are followed; the cadres who left followed theirs until they left.
    pairs = [(c, m) for i, (c, m) in enumerate(zip(cadres, communes, strict=True)) if i % 10 != 5]
    assignments = [
        Assignment(
            cadre=cadre,
            commune=commune,
            decision_number="1250-QĐ/TU",
            decision_date=date(2025, 6, 30),
            start_date=NEW_MAP_FIRST_DAY,
            end_date=cadre.status_changed_on,
            end_reason=Assignment.EndReason.RETIRED if cadre.status_changed_on else "",
            created_by=staff,
        )
        for cadre, commune in pairs
    ]
    bulk_create_with_history(assignments, Assignment, default_user=staff)
    _accounts(communes, cadres[::2])
    _forms(world, pairs, now)
    _activity(world, pairs, now)
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            user=staff,
            kind=PersonalDataAccess.Kind.FORM,
            action=PersonalDataAccess.Action.VIEW,
            object_id=cadre.pk,
            label=cadre.full_name,
            search_label=text.fold(cadre.full_name),
            ip_address="10.0.0.1",
            path="/evaluations/forms/1/",
        )
        for cadre in cadres
    )
    ReportJob.objects.bulk_create(
        ReportJob(
            kind=ReportJob.Kind.CADRE,
            year=2026,
            cadre=cadre,
            requested_by=world["users"]["leader"],
            status=ReportJob.Status.FAILED,
            error="thử",
        )
        for cadre in cadres[:: UNIT // 3]
    )
    ResultOverride.objects.bulk_create(
        ResultOverride(year=2025, cadre=cadre, level=Level.GOOD, reason="Thử", recorded_by=staff)
        for cadre, _commune in pairs[::10]
    )


def _old_map(start, count):
    """`count` communes of the map before 1/7/2025, in districts of ten: the registry keeps
    them, and their pages show the district."""
    province, _made = Province.objects.get_or_create(
        code="17", valid_to=OLD_MAP_LAST_DAY, defaults={"name": "Hòa Bình"}
    )
    districts = [
        District.objects.create(province=province, name=f"Huyện Thử Tải {start + n}")
        for n in range(0, count, 10)
    ]
    Commune.objects.bulk_create(
        Commune(
            province=province,
            district=districts[n // 10],
            code=f"{80000 + start + n:05d}",
            name=f"Xã Cũ {start + n}",
            search_name=text.fold(f"Xã Cũ {start + n}"),
            valid_to=OLD_MAP_LAST_DAY,
        )
        for n in range(count)
    )


def _accounts(communes, cadres):
    users = [
        User(username=f"xa{c.code}", password="!", full_name=c.committee_name, commune=c)
        for c in communes
    ] + [User(username=f"cb{c.pk}", password="!", full_name=c.full_name, cadre=c) for c in cadres]
    users = User.objects.bulk_create(users)
    groups = {g.name: g for g in Group.objects.filter(name__in=[Role.COMMUNE, Role.CADRE])}
    User.groups.through.objects.bulk_create(
        User.groups.through(
            user_id=u.pk, group_id=groups[Role.COMMUNE if u.commune_id else Role.CADRE].pk
        )
        for u in users
    )


def _rounds():
    """The world's open round of 2026, and a closed round of 2025 with the same criteria."""
    open_round = EvaluationRound.objects.get(year=2026)
    closed, made = EvaluationRound.objects.get_or_create(
        year=2025,
        defaults={
            "opens_on": date(2025, 11, 15),
            "deadline": date(2025, 12, 15),
            "opened_at": datetime(2025, 11, 15, 8, tzinfo=timezone.get_current_timezone()),
            "closed_at": datetime(2026, 1, 10, 8, tzinfo=timezone.get_current_timezone()),
        },
    )
    if made:
        for criterion in open_round.criteria.all():
            criterion.pk = None
            criterion.round = closed
            criterion.save()
    return open_round, closed


STATUSES = [
    EvaluationForm.Status.NEW,
    EvaluationForm.Status.DRAFT,
    EvaluationForm.Status.SUBMITTED,
    EvaluationForm.Status.RETURNED,
    EvaluationForm.Status.ACCEPTED,
    EvaluationForm.Status.ACCEPTED,
]


def _forms(world, pairs, now):
    open_round, closed = _rounds()
    levels = list(Level)
    forms = []
    for i, (cadre, commune) in enumerate(pairs):
        for evaluation_round in (closed, open_round):
            year = evaluation_round.year
            status = (
                EvaluationForm.Status.ACCEPTED
                if evaluation_round is closed
                else STATUSES[i % len(STATUSES)]
            )
            received = status in EvaluationForm.RECEIVED
            first = max(NEW_MAP_FIRST_DAY, date(year, 1, 1))
            last = min(cadre.status_changed_on or date(year, 12, 31), date(year, 12, 31))
            forms.append(
                EvaluationForm(
                    round=evaluation_round,
                    commune=commune,
                    cadre=cadre,
                    period_start=first,
                    period_end=last,
                    days_followed=(last - first).days + 1,
                    status=status,
                    visits=6 if received else None,
                    meetings=3 if received else None,
                    level=levels[i % len(levels)] if received else "",
                    propose_commendation=received and i % 3 == 0,
                    propose_replacement=False,
                    strengths="Sâu sát cơ sở." if received else "",
                    submitted_at=now if received else None,
                    submitted_late=received and i % 7 == 0,
                    dropped_at=now if evaluation_round is open_round and i % 50 == 7 else None,
                    dropped_reason="Thử" if evaluation_round is open_round and i % 50 == 7 else "",
                )
            )
    forms = EvaluationForm.objects.bulk_create(forms)
    staff = world["users"]["staff"]
    FormEvent.objects.bulk_create(
        FormEvent(form=f, kind=FormEvent.Kind.SUBMITTED, by=staff, message="")
        for f in forms
        if f.status in EvaluationForm.RECEIVED or f.status == EvaluationForm.Status.RETURNED
    )
    missing = [f for f in forms if f.round_id == open_round.pk and not f.submitted_at]
    Reminder.objects.bulk_create(
        Reminder(
            round=open_round,
            commune=f.commune,
            stage=Reminder.Stage.WEEK_BEFORE,
            recipients="xa@example.vn",
            missing_forms=1,
        )
        for f in missing
    )
    DeadlineExtension.objects.bulk_create(
        DeadlineExtension(
            round=open_round,
            commune=f.commune,
            deadline=date(2099, 12, 31),
            reason="Thử",
            granted_by=staff,
        )
        for f in missing[::10]
    )
    LeftOutPair.objects.bulk_create(
        LeftOutPair(
            round=open_round,
            commune=commune,
            cadre=world["cadre"] if i % 2 else cadre,
            period_start=date(2026, 11, 1),
            period_end=date(2026, 12, 31),
            days_followed=61,
            reason=LeftOutPair.Reason.TOO_SHORT,
        )
        for i, (cadre, commune) in enumerate(pairs[::15])
        if i % 2
    )


def _activity(world, pairs, now):
    ActivityYear.objects.get_or_create(
        year=2026,
        defaults={
            "plan_deadline": date(2026, 1, 31),
            "half_year_deadline": date(2026, 7, 10),
            "annual_deadline": date(2026, 12, 10),
        },
    )
    # Two cadres in three sent their plan (one of those late), one in two their 6-month report;
    # everyone logged a visit or two; one in five raised a proposal.
    Plan.objects.bulk_create(
        Plan(cadre=cadre, year=2026, text="Kế hoạch", submitted_at=now - timedelta(days=i % 400))
        for i, (cadre, _commune) in enumerate(pairs)
        if i % 3
    )
    Report.objects.bulk_create(
        Report(
            cadre=cadre,
            year=2026,
            period=Report.Period.HALF_YEAR,
            text="Báo cáo",
            submitted_at=now,
        )
        for i, (cadre, _commune) in enumerate(pairs)
        if i % 2
    )
    kinds = list(Visit.Kind)
    statuses = list(Visit.Status)
    Visit.objects.bulk_create(
        Visit(
            cadre=cadre,
            commune=commune,
            day=date(2026, 1 + (i + k) % 11, 1 + i % 28),
            kind=kinds[(i + k) % len(kinds)],
            content="Làm việc",
            status=statuses[(i + k) % len(statuses)],
        )
        for i, (cadre, commune) in enumerate(pairs)
        for k in range(1 + i % 2)
    )
    Proposal.objects.bulk_create(
        Proposal(cadre=cadre, commune=commune, subject="Kiến nghị", content="Nội dung")
        for cadre, commune in pairs[::5]
    )


# --- the test --------------------------------------------------------------------------------


def test_no_page_runs_more_queries_on_a_bigger_province(world, client):
    _grow(world, 1)
    pages = _pages(world)
    _measure(client, world, pages)  # caches filled: content types, permissions, templates
    small = _measure(client, world, pages)
    _grow(world, BIG - 1)
    big = _measure(client, world, pages)

    failed = sorted(f"{p.url} as {p.role}" for p in pages if None in (small[p], big[p]))
    assert failed == [], "pages that did not answer 200"
    grew = {p: (small[p], big[p]) for p in pages if big[p] > small[p] + SLACK.get(p.name, 0)}
    unexpected = {f"{p.url} as {p.role}": n for p, n in grew.items() if p.name not in KNOWN_TO_GROW}
    assert unexpected == {}, "queries on a world the size of the demo → on one ten times bigger"
    stopped = set(KNOWN_TO_GROW) - {p.name for p in grew}
    assert stopped == set(), "these pages no longer grow: take them out of KNOWN_TO_GROW"
    heavy = {f"{p.url} as {p.role}": big[p] for p in pages if max(small[p], big[p]) > MAX_QUERIES}
    assert heavy == {}, f"pages over {MAX_QUERIES} queries (a query per row of a page?)"
