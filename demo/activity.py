"""Demo cadre activity for 2026: deadlines and minimums, plans (a few late or missing), visits
and meetings (mostly confirmed by the communes), 6-month reports, a few proposals, and one
cadre account."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from activity.models import ActivityYear, Plan, Proposal, Report, Visit
from assignments.models import Assignment

CONTENTS = {
    Visit.Kind.COMMITTEE: "Dự hội nghị Ban Chấp hành Đảng bộ xã",
    Visit.Kind.CELL: "Dự sinh hoạt chi bộ thôn",
    Visit.Kind.CONFERENCE: "Dự hội nghị sơ kết công tác xây dựng Đảng",
    Visit.Kind.WORKING: "Làm việc với Thường trực Đảng ủy về tiến độ xây dựng nông thôn mới",
    Visit.Kind.SURVEY: "Khảo sát tình hình sản xuất nông nghiệp",
}


def _at(day, rng):
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), 0)))


@transaction.atomic
def seed_activity(rng, staff):
    if ActivityYear.objects.exists():
        return User.objects.filter(username="canbo").first()
    ActivityYear.objects.create(
        year=2026,
        plan_deadline=date(2026, 1, 31),
        half_year_deadline=date(2026, 7, 10),
        annual_deadline=date(2026, 12, 10),
        min_visits=4,
        min_meetings=2,
    )
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.in_year(2026)
        .filter(exception_reason="")
        .select_related("cadre", "commune")
    )
    for n, a in enumerate(assignments):
        cadre = a.cadre
        if n % 17 != 3:  # a few plans missing
            day = date(2026, 1, 5) + timedelta(days=rng.randint(0, 24))
            if n % 11 == 4:
                day = date(2026, 2, rng.randint(3, 20))  # late
            Plan.objects.create(
                cadre=cadre,
                year=2026,
                submitted_at=_at(day, rng),
                text=f"Chương trình theo dõi {a.commune.name} năm 2026.",
                entered_by=staff if n % 9 == 0 else None,
                on_behalf=n % 9 == 0,
            )
        if n % 13 != 5:
            day = date(2026, 7, 1) + timedelta(days=rng.randint(0, 12))
            Report.objects.create(
                cadre=cadre,
                year=2026,
                period=Report.Period.HALF_YEAR,
                submitted_at=_at(day, rng),
                text=f"Báo cáo 6 tháng theo dõi {a.commune.name}.",
            )
        start = max(a.start_date, date(2026, 1, 1))
        end = min(a.end_date or today, today)
        visits = rng.randint(1, 9) if n % 10 else rng.randint(0, 2)
        for _ in range(visits):
            if end <= start:
                break
            day = start + timedelta(days=rng.randint(0, (end - start).days))
            kind = rng.choice(list(CONTENTS))
            status = (
                Visit.Status.CONFIRMED
                if rng.random() < 0.8
                else Visit.Status.PENDING
                if rng.random() < 0.9
                else Visit.Status.DISPUTED
            )
            Visit.objects.create(
                cadre=cadre,
                commune=a.commune,
                day=day,
                kind=kind,
                content=CONTENTS[kind],
                status=status,
                commune_note="Đồng chí không dự buổi này."
                if status == Visit.Status.DISPUTED
                else "",
            )
        if n % 25 == 7:
            Proposal.objects.create(
                cadre=cadre,
                commune=a.commune,
                subject="Hỗ trợ kinh phí sửa chữa nhà văn hóa thôn",
                content="Đề nghị tỉnh xem xét hỗ trợ kinh phí sửa chữa nhà văn hóa bị xuống cấp.",
                status=rng.choice(list(Proposal.Status.values)),
            )
    first = assignments[0].cadre
    user, created = User.objects.get_or_create(
        username="canbo", defaults={"full_name": first.full_name, "cadre": first}
    )
    if created:
        from .seed import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=Role.CADRE))
    return user
