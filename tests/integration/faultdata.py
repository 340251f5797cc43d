"""Data for the fault tests (test_faults.py), written into their private PostgreSQL by a
`manage.py shell` subprocess, so that the app server and the workers find it as they would in
production:

    manage.py shell -c "from tests.integration.faultdata import seed; seed(forms=40, extra=260)"

It prints one JSON line: the year, a leader's session and, for each commune account, its form
and session. Sessions are written directly: logging in costs a deliberately slow password hash,
and login is not what these tests are about.
"""

import json
import time
from datetime import date

LEVELS = ["excellent", "good", "good", "good", "completed", "not_completed"]


def _session_for(user):
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import SessionLifetimeMiddleware

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "accounts.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[SessionLifetimeMiddleware.KEY] = int(time.time())
    session.save()
    return session.session_key


def _user(username, role, **fields):
    from django.contrib.auth.models import Group

    from accounts.models import User

    user = User.objects.create_user(username=username, password=None, **fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def seed(*, forms, extra):
    """`forms` communes with an account and a form still to fill in; `extra` communes whose
    forms are already in (they make the annual report long enough to build for a few seconds)."""
    from django.utils import timezone

    from accounts.roles import Role
    from assignments.models import NEW_MAP_FIRST_DAY, Province
    from core.models import Organisation
    from evaluations import services
    from evaluations.models import EvaluationForm
    from tests.factories import AgencyFactory, AssignmentFactory, CadreFactory, CommuneFactory

    # An installation set up as its staff leave it: reports are headed and signed.
    organisation = Organisation.current()
    organisation.party_committee, organisation.place_name = "TỈNH ỦY PHÚ THỌ", "Phú Thọ"
    organisation.signer_name = "Nguyễn Văn Khánh"
    organisation.mark_configured()
    year = timezone.localdate().year
    province = Province.objects.create(code="25", name="Phú Thọ", valid_from=NEW_MAP_FIRST_DAY)
    agencies = [AgencyFactory(name=f"Sở Thử Nghiệm {n}", leader_quota=30) for n in range(10)]
    communes = []
    for n in range(forms + extra):
        commune = CommuneFactory(province=province, code=f"{n + 10000:05d}", name=f"Xã Lỗi {n}")
        cadre = CadreFactory(full_name=f"Nguyễn Văn Thử {n}", agency=agencies[n % 10])
        AssignmentFactory(cadre=cadre, commune=commune, start_date=NEW_MAP_FIRST_DAY)
        communes.append(commune)
    evaluation_round = services.round_create(
        year=year, opens_on=date(year, 1, 1), deadline=date(2099, 12, 15)
    )
    evaluation_round = services.round_open(evaluation_round=evaluation_round)
    criteria = list(evaluation_round.criteria.values_list("pk", flat=True))

    filled = EvaluationForm.objects.filter(commune__in=communes[forms:])
    for n, level in enumerate(LEVELS):
        filled.filter(pk__in=[f.pk for f in filled if f.pk % len(LEVELS) == n]).update(
            status=EvaluationForm.Status.SUBMITTED,
            submitted_at=timezone.now(),
            level=level,
            visits=4 + n,
            meetings=2 + n,
            propose_commendation=level == "excellent",
            propose_replacement=level == "not_completed",
            replacement_reason="Ít về cơ sở" if level == "not_completed" else "",
            strengths="Gần gũi, sâu sát cơ sở; nhiệt tình hướng dẫn cán bộ xã.",
            signer_name="Đinh Văn Tuấn",
            signer_title="Bí thư Đảng ủy",
            answers={str(pk): {"comment": "Hoàn thành tốt nhiệm vụ được giao."} for pk in criteria},
        )

    leader = _user("lanhdao", Role.LEADER, full_name="Trần Quang Minh")
    rows = []
    for commune in communes[:forms]:
        account = _user(
            f"xa{commune.code}", Role.COMMUNE, full_name=commune.committee_name, commune=commune
        )
        form = EvaluationForm.objects.get(round=evaluation_round, commune=commune)
        rows.append({"form": form.pk, "session": _session_for(account), "commune": commune.name})
    print(
        json.dumps(
            {
                "year": year,
                "leader_session": _session_for(leader),
                "criteria": criteria,
                "forms": rows,
            }
        )
    )
