"""Demo data: a real province (Phú Thọ, current map) with realistic agencies, cadres and one
account per role. Deterministic (fixed random seed), idempotent (safe to run twice)."""

import random
from datetime import date
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from assignments import services
from assignments.divisions import divisions_load, find_current_province
from assignments.imports import CommuneImport
from assignments.models import Agency, Assignment, Cadre, Commune, Province
from core.imports import run_import
from core.models import Organisation
from core.text import name_key

from .activity import seed_activity, seed_cell_meetings, seed_working_groups
from .breakthroughs import seed_breakthroughs
from .evaluations import seed_evaluations
from .hamlets import seed_hamlets
from .names import GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, SURNAMES

DEMO_PROVINCE = "Phú Thọ"
DEMO_PASSWORD = "thu-nghiem-2026"  # noqa: S105 - printed on purpose, demo only

# (name, kind, number of leaders). Names as the merged Phú Thọ writes them after 2025.
AGENCIES = [
    ("Văn phòng Tỉnh ủy", Agency.Kind.DEPARTMENT, 4),
    ("Ban Tổ chức Tỉnh ủy", Agency.Kind.DEPARTMENT, 4),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", Agency.Kind.DEPARTMENT, 4),
    ("Ủy ban Kiểm tra Tỉnh ủy", Agency.Kind.DEPARTMENT, 4),
    ("Ban Nội chính Tỉnh ủy", Agency.Kind.DEPARTMENT, 3),
    ("Ban Chính sách, chiến lược Tỉnh ủy", Agency.Kind.DEPARTMENT, 3),
    ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", Agency.Kind.DEPARTMENT, 3),
    ("Văn phòng UBND tỉnh", Agency.Kind.DEPARTMENT, 4),
    ("Sở Nội vụ", Agency.Kind.DEPARTMENT, 5),
    ("Sở Tài chính", Agency.Kind.DEPARTMENT, 5),
    ("Sở Xây dựng", Agency.Kind.DEPARTMENT, 5),
    ("Sở Nông nghiệp và Môi trường", Agency.Kind.DEPARTMENT, 6),
    ("Sở Công Thương", Agency.Kind.DEPARTMENT, 5),
    ("Sở Giáo dục và Đào tạo", Agency.Kind.DEPARTMENT, 5),
    ("Sở Y tế", Agency.Kind.DEPARTMENT, 5),
    ("Sở Khoa học và Công nghệ", Agency.Kind.DEPARTMENT, 4),
    ("Sở Văn hóa, Thể thao và Du lịch", Agency.Kind.DEPARTMENT, 5),
    ("Sở Tư pháp", Agency.Kind.DEPARTMENT, 3),
    ("Sở Dân tộc và Tôn giáo", Agency.Kind.DEPARTMENT, 3),
    ("Thanh tra tỉnh", Agency.Kind.DEPARTMENT, 4),
    ("Ủy ban MTTQ Việt Nam tỉnh", Agency.Kind.FRONT, 6),
    ("Tỉnh đoàn", Agency.Kind.FRONT, 3),
    ("Hội Nông dân tỉnh", Agency.Kind.FRONT, 3),
    ("Hội Liên hiệp Phụ nữ tỉnh", Agency.Kind.FRONT, 3),
    ("Hội Cựu chiến binh tỉnh", Agency.Kind.FRONT, 3),
    ("Liên đoàn Lao động tỉnh", Agency.Kind.FRONT, 3),
    ("Công an tỉnh", Agency.Kind.CENTRAL, 6),
    ("Bộ Chỉ huy Quân sự tỉnh", Agency.Kind.CENTRAL, 6),
    ("Viện Kiểm sát nhân dân tỉnh", Agency.Kind.CENTRAL, 4),
    ("Tòa án nhân dân tỉnh", Agency.Kind.CENTRAL, 4),
    ("Thuế tỉnh Phú Thọ", Agency.Kind.CENTRAL, 4),
    ("Kho bạc Nhà nước khu vực VIII", Agency.Kind.CENTRAL, 3),
    ("Bảo hiểm xã hội tỉnh", Agency.Kind.CENTRAL, 4),
    ("Ngân hàng Nhà nước chi nhánh khu vực 5", Agency.Kind.CENTRAL, 3),
    ("Chi cục Hải quan khu vực", Agency.Kind.CENTRAL, 2),
    ("Thống kê tỉnh", Agency.Kind.CENTRAL, 2),
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh", Agency.Kind.CENTRAL, 3),
]


def _positions(agency_name, quota):
    if agency_name.startswith("Sở") or agency_name in {"Thanh tra tỉnh", "Thống kê tỉnh"}:
        head, deputy = "Giám đốc", "Phó Giám đốc"
        if agency_name == "Thanh tra tỉnh":
            head, deputy = "Chánh Thanh tra", "Phó Chánh Thanh tra"
    elif agency_name.startswith("Ban") or agency_name.startswith("Văn phòng"):
        head, deputy = ("Trưởng ban", "Phó Trưởng ban")
        if agency_name.startswith("Văn phòng"):
            head, deputy = "Chánh Văn phòng", "Phó Chánh Văn phòng"
    elif agency_name.startswith("Ủy ban Kiểm tra"):
        head, deputy = "Chủ nhiệm", "Phó Chủ nhiệm"
    elif agency_name.startswith(("Hội", "Ủy ban MTTQ", "Liên đoàn")):
        head, deputy = "Chủ tịch", "Phó Chủ tịch"
    elif agency_name == "Tỉnh đoàn":
        head, deputy = "Bí thư Tỉnh đoàn", "Phó Bí thư Tỉnh đoàn"
    elif agency_name in {"Viện Kiểm sát nhân dân tỉnh"}:
        head, deputy = "Viện trưởng", "Phó Viện trưởng"
    elif agency_name in {"Tòa án nhân dân tỉnh"}:
        head, deputy = "Chánh án", "Phó Chánh án"
    elif agency_name == "Bộ Chỉ huy Quân sự tỉnh":
        head, deputy = "Chỉ huy trưởng", "Phó Chỉ huy trưởng"
    else:
        head, deputy = "Giám đốc", "Phó Giám đốc"
    return [head] + [deputy] * (quota - 1)


def _person(rng):
    female = rng.random() < 0.3
    surname = rng.choice(SURNAMES)
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    # Leaders in office: men born from 1965 (retiring from 2027), women from 1971 (from 2029).
    born = date(rng.randint(1971 if female else 1965, 1986), rng.randint(1, 12), rng.randint(1, 28))
    return (
        f"{surname} {middle} {given}",
        (Cadre.Gender.FEMALE if female else Cadre.Gender.MALE),
        born,
    )


@transaction.atomic
def seed_registry(rng):
    province_vp = find_current_province(DEMO_PROVINCE)
    divisions_load(provinces=[province_vp])
    province = Province.objects.get(code=f"{int(province_vp.code):02d}", valid_from__isnull=False)
    for name, kind, quota in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            key=name_key(name), defaults={"name": name, "kind": kind, "leader_quota": quota}
        )
        for index, position in enumerate(_positions(name, quota)):
            full_name, gender, born = _person(rng)
            phone = f"09{rng.randint(10000000, 99999999)}"
            Cadre.objects.get_or_create(
                agency=agency,
                position=position,
                full_name=full_name,
                date_of_birth=born,
                defaults={
                    "gender": gender,
                    "phone": phone,
                    "email": f"lanhdao{agency.pk:02d}{index:02d}@phutho.gov.vn",
                },
            )
    return province


def _user(username, *, role, full_name, commune=None, superuser=False):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "commune": commune,
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@transaction.atomic
def seed_users(province):
    communes = list(Commune.objects.filter(province=province).order_by("code")[:2])
    accounts = [
        ("admin", None, "Quản trị hệ thống", None, True),
        ("chuyenvien", Role.STAFF, "Nguyễn Thị Thu Hà", None, False),
        ("lanhdao", Role.LEADER, "Trần Quang Minh", None, False),
    ]
    for commune in communes:
        accounts.append((f"xa{commune.code}", Role.COMMUNE, commune.committee_name, commune, False))
    return [
        _user(username, role=role, full_name=name, commune=commune, superuser=superuser)
        for username, role, name, commune, superuser in accounts
    ]


OLD_MAP_WORKBOOK = (
    Path(__file__).resolve().parent.parent / "assignments/data/old_map_phu_tho_2024.xlsx"
)


def seed_old_map():
    """The three provinces merged into Phú Thọ on 1/7/2025 (Phú Thọ, Vĩnh Phúc, Hòa Bình), with
    their districts, for the years up to 2024 — through the same import as staff use."""
    with OLD_MAP_WORKBOOK.open("rb") as handle:
        return run_import(CommuneImport(), handle)


DECISION_2025 = ("1250-QĐ/TU", date(2025, 6, 30))


@transaction.atomic
def seed_assignments(province, rng, staff):
    """The Standing Board's decision after the 2025 merger: from 1/7/2025 every leader follows
    one commune of the new province; two leaders take a second commune as an exception. Then
    2026's changes: a retirement replaced by a newly appointed leader, and a transfer whose
    commune is still waiting for a successor."""
    if Assignment.objects.exists():
        return
    number, decided = DECISION_2025
    start = date(2025, 7, 1)
    communes = list(Commune.objects.filter(province=province).order_by("code"))
    rng.shuffle(communes)
    cadres = list(
        Cadre.objects.of_agencies().select_related("agency").order_by("agency__search_name", "pk")
    )
    for cadre, commune in zip(cadres, communes, strict=False):
        services.assignment_create(
            cadre=cadre,
            commune=commune,
            decision_number=number,
            decision_date=decided,
            start_date=start,
            user=staff,
        )
    spare = communes[len(cadres) :]
    helpers = [c for c in cadres if c.position.startswith("Phó")][: len(spare)]
    for cadre, commune in zip(helpers, spare, strict=False):
        services.assignment_create(
            cadre=cadre,
            commune=commune,
            decision_number=number,
            decision_date=decided,
            start_date=start,
            user=staff,
            exception_reason="Theo dõi thêm trong khi chờ bổ sung lãnh đạo cơ quan",
        )
    # 2026: a deputy director retires at the end of March; a new deputy takes the commune over.
    retiring = next(
        c for c in cadres if c.agency.name == "Sở Xây dựng" and c.position.startswith("Phó")
    )
    services.cadre_change_status(
        cadre=retiring,
        status=Cadre.Status.RETIRED,
        effective_on=date(2026, 3, 31),
        note="Nghỉ hưu theo chế độ",
        user=staff,
    )
    successor, _ = Cadre.objects.get_or_create(
        full_name="Phạm Minh Tuấn",
        agency=retiring.agency,
        date_of_birth=date(1979, 5, 14),
        defaults={"position": "Phó Giám đốc", "gender": Cadre.Gender.MALE, "phone": "0912408731"},
    )
    gap = retiring.assignments.get().commune
    services.assignment_create(
        cadre=successor,
        commune=gap,
        decision_number="1432-QĐ/TU",
        decision_date=date(2026, 4, 10),
        start_date=date(2026, 4, 15),
        user=staff,
    )
    # A transfer at the end of October: the commune has waited for a cadre since.
    moving = next(
        c for c in cadres if c.agency.name == "Sở Công Thương" and c.position.startswith("Phó")
    )
    services.cadre_change_status(
        cadre=moving,
        status=Cadre.Status.TRANSFERRED,
        effective_on=date(2026, 10, 31),
        note="Điều động về Bộ Công Thương",
        user=staff,
    )


def seed_organisation():
    """The demo province's names and signer, as its staff would set them up."""
    organisation = Organisation.current()
    if organisation.is_configured:
        return organisation
    organisation.party_committee = "TỈNH ỦY PHÚ THỌ"
    organisation.department = "BAN TỔ CHỨC"
    organisation.place_name = "Phú Thọ"
    organisation.signer_on_behalf = "K/T TRƯỞNG BAN"
    organisation.signer_title = "PHÓ TRƯỞNG BAN"
    organisation.signer_name = "Nguyễn Văn Khánh"
    organisation.mark_configured()
    return organisation


def seed_demo():
    """Everything a newcomer needs to see every screen. Returns the demo users."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    seed_organisation()
    seed_old_map()
    province = seed_registry(rng)
    users = seed_users(province)
    staff = next(u for u in users if u.username == "chuyenvien")
    seed_assignments(province, rng, staff)
    seed_evaluations(rng, staff)
    seed_hamlets(rng)
    cadre_user = seed_activity(rng, staff)
    seed_cell_meetings(rng)
    seed_working_groups(rng, staff)
    leader = next(u for u in users if u.username == "lanhdao")
    seed_breakthroughs(rng, staff, leader)
    return users + ([cadre_user] if cadre_user else [])
