"""Demo cadre activity for 2026: deadlines and minimums, plans (a few late or missing), visits
and meetings (mostly confirmed by the communes), 6-month reports, a few proposals, and one
cadre account; then the Party cell meetings of commune members and provincial cadres, and the
Standing Board's working groups with their visits."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from activity.models import ActivityYear, GroupVisit, Plan, Proposal, Report, Visit, WorkingGroup
from assignments.models import Agency, Assignment, Cadre, Commune
from hamlets.models import CommuneMember, HamletAssignment, PartyCell

from .hamlets import SHOWCASE_EXCEPTION, SHOWCASE_GAPS

YEAR = 2026

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
        min_cell_meetings_province=1,
        min_cell_meetings_commune=4,
    )
    today = timezone.localdate()
    cells = _cells_by_commune()
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
                cell=rng.choice(cells[a.commune_id]) if kind == Visit.Kind.CELL else None,
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


def _cells_by_commune():
    cells = {}
    for cell in PartyCell.objects.order_by("commune_id", "pk"):
        cells.setdefault(cell.commune_id, []).append(cell)
    return cells


def _meeting(day, rng):
    if day.month % 3 == 0 and rng.random() < 0.3:
        return f"Dự sinh hoạt chuyên đề chi bộ quý {day.month // 3}"
    return f"Dự sinh hoạt chi bộ thường kỳ tháng {day.month}"


def _meeting_days(start, end, rng):
    """One day a month (cells meet monthly, early in the month) within [start, end]."""
    days = []
    for month in range(start.month if start.year == YEAR else 1, 13):
        day = date(YEAR, month, rng.randint(3, 12))
        if start <= day <= end:
            days.append(day)
    return days


@transaction.atomic
def seed_cell_meetings(rng):
    """The Party cell meetings of 2026 (Quy định 1764: at least 4 a year for a commune member,
    1 for a provincial one). Commune members: logged by the commune account, confirmed, at the
    cell of the hamlet they follow (members who follow none at a cell of the commune); most
    attend 4 or more, some fewer. Provincial cadres: at their commune's cells, most confirmed,
    some awaiting the commune. Skipped when members' meetings exist."""
    if Visit.objects.filter(member__isnull=False).exists():
        return
    today = min(timezone.localdate(), date(YEAR, 12, 31))
    first = date(YEAR, 1, 1)
    cells = _cells_by_commune()
    accounts = {u.commune_id: u for u in User.objects.filter(commune__in=cells.keys())}
    followed = {}  # member id → [(start, end, cell)]
    for a in HamletAssignment.objects.overlapping(first, today).select_related("hamlet__cell"):
        if a.hamlet.cell:
            followed.setdefault(a.member_id, []).append((a.start_date, a.end_date, a.hamlet.cell))
    meetings = []
    members = CommuneMember.objects.filter(commune__in=cells.keys()).serving_on(first)
    for member in members.order_by("commune_id", "pk"):
        spans = followed.get(member.pk) or [(first, None, rng.choice(cells[member.commune_id]))]
        last = min(today, member.left_on or today)
        days = []
        for start, end, cell in spans:
            span_days = _meeting_days(max(start, first), min(end or last, last), rng)
            days += [(day, cell) for day in span_days]
        keep = rng.randint(4, 8) if rng.random() < 0.85 else rng.randint(0, 3)
        for day, cell in sorted(rng.sample(days, min(keep, len(days))), key=lambda d: d[0]):
            meetings.append(
                Visit(
                    member=member,
                    commune_id=member.commune_id,
                    cell=cell,
                    day=day,
                    kind=Visit.Kind.CELL,
                    content=_meeting(day, rng),
                    status=Visit.Status.CONFIRMED,
                    entered_by=accounts.get(member.commune_id),
                    reviewed_at=_at(day, rng),
                )
            )
    showcase = {SHOWCASE_EXCEPTION, SHOWCASE_GAPS}
    assignments = Assignment.objects.in_year(YEAR).select_related("cadre", "commune")
    for a in assignments.order_by("pk"):
        start, end = max(a.start_date, first), min(a.end_date or today, today)
        in_readme = a.commune.code in showcase and a.end_date is None
        if a.commune_id not in cells or end < start or (rng.random() < 0.1 and not in_readme):
            continue  # a few provincial cadres attend none: under the minimum
        days = _meeting_days(start, end, rng)
        days = sorted(rng.sample(days, min(len(days), rng.randint(1, 3))))
        for day in days:
            # The latest awaits the commune when recent, and always at the README's communes.
            recent = (today - day).days < 45 or (in_readme and day == days[-1])
            meetings.append(
                Visit(
                    cadre=a.cadre,
                    commune_id=a.commune_id,
                    cell=rng.choice(cells[a.commune_id]),
                    day=day,
                    kind=Visit.Kind.CELL,
                    content=_meeting(day, rng),
                    status=Visit.Status.PENDING if recent else Visit.Status.CONFIRMED,
                    reviewed_at=None if recent else _at(day + timedelta(days=3), rng),
                )
            )
    Visit.objects.bulk_create(meetings, batch_size=1000)


# (name, leader's agency, members' agencies, purpose)
WORKING_GROUPS = [
    (
        "Tổ công tác số 1 của Ban Thường vụ Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ", "Sở Nông nghiệp và Môi trường"],
        "Giúp các xã kiện toàn tổ chức bộ máy sau sắp xếp, bố trí cấp ủy viên theo dõi thôn, bản",
    ),
    (
        "Tổ công tác số 2 của Ban Thường vụ Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        ["Ban Nội chính Tỉnh ủy", "Công an tỉnh"],
        "Nắm tình hình, giải quyết đơn thư, khiếu nại về đất đai kéo dài",
    ),
]
GROUP_VISITS = [
    "Làm việc với Ban Thường vụ Đảng ủy xã về tiến độ kiện toàn cấp ủy các chi bộ thôn, bản",
    "Khảo sát tình hình đời sống nhân dân và công tác giảm nghèo ở các bản vùng cao",
    "Đối thoại với nhân dân về giải phóng mặt bằng dự án đường liên xã",
    "Dự hội nghị Ban Chấp hành Đảng bộ xã sơ kết 6 tháng",
]


@transaction.atomic
def seed_working_groups(rng, staff):
    """Two working groups (tổ công tác) of the Standing Board, each led by a standing member
    (a head of the Party's own boards) with 2-3 members, following two mountain communes from
    early 2026, with a few visits each. Skipped when groups exist."""
    if WorkingGroup.objects.exists():
        return
    today = min(timezone.localdate(), date(YEAR, 12, 31))
    mountain = list(
        Commune.objects.filter(valid_from=date(2025, 7, 1), kind=Commune.Kind.COMMUNE)
        .filter(code__lt="06000")
        .order_by("code")
    )
    communes = rng.sample(mountain, 4)
    active = Cadre.objects.filter(status__in=Cadre.IN_OFFICE).order_by("pk")
    for n, (name, leads, members_from, purpose) in enumerate(WORKING_GROUPS):
        agency = Agency.objects.get(name=leads)
        leader = active.filter(agency=agency).exclude(position__startswith="Phó").first()
        pool = list(
            active.filter(agency__name__in=members_from, position__startswith="Phó").exclude(
                pk=leader.pk
            )
        )
        decided = date(YEAR, 2 + n, 10)
        group = WorkingGroup(
            name=name,
            leader=leader,
            decision_number=f"{215 + 16 * n}-QĐ/TU",
            decision_date=decided,
            start_date=decided + timedelta(days=5),
            end_date=date(YEAR, 12, 31) if n == 0 else None,
            purpose=purpose,
        )
        group.full_clean()
        group.save()
        group.members.set(rng.sample(pool, 3 - n))
        followed = communes[2 * n : 2 * n + 2]
        group.communes.set(followed)
        span = max(0, (today - group.start_date).days)
        GroupVisit.objects.bulk_create(
            GroupVisit(
                group=group,
                commune=commune,
                day=group.start_date + timedelta(days=rng.randint(0, span)),
                content=content,
                entered_by=staff,
            )
            for commune, content in zip(followed * 2, rng.sample(GROUP_VISITS, 4 - n), strict=False)
        )
