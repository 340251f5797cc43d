"""Demo data for following at the second level (issue 17): every commune of the current map gets
about ten hamlets with their Party cells, 12-15 members of its committee and the committee's
decision assigning them to hamlets (a few gaps, exceptions, a member who left, a change in
2026); their Party cell meetings and the working groups are in demo/activity.py.

Deterministic (the seed's random generator) and idempotent (each part is skipped when its rows
exist). Rows are checked with full_clean and written in bulk; the database holds the overlap
rules of assignments (hamlets migration 0002) and the cadre-or-member rule of visits."""

from datetime import date, timedelta

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from assignments.models import Commune
from core import text
from hamlets.models import CommuneMember, Hamlet, HamletAssignment, PartyCell

from .names import GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, SURNAMES

YEAR = 2026  # the demo's current year (demo/activity.py)
NEW_MAP = date(2025, 7, 1)

# The communes whose accounts README lists (xa04792, xa04795): each shows what the commune's
# coverage page is for. The first has an exception, a member who left and a change of
# assignment in 2026; the second two hamlets without anyone.
SHOWCASE_EXCEPTION = "04792"
SHOWCASE_GAPS = "04795"

# The old Hòa Bình's communes (codes below 06000) are mountain communes: bản beside thôn.
MOUNTAIN_BELOW = 6000
BAN_NAMES = [
    "Bản Na",
    "Bản Lìn",
    "Bản Khánh",
    "Bản Sát",
    "Bản Mới",
    "Bản Dằm",
    "Bản Tày",
    "Bản Chiềng",
]
NAMED_THON = ["Thôn Đông", "Thôn Tân Lập", "Thôn Đồng Tâm", "Thôn Trung Hòa", "Thôn Hạ", "Thôn Gò"]

EXCEPTION_REASONS = [
    "Thôn mới sáp nhập, chưa bố trí đủ cấp ủy viên",
    "Cấp ủy viên phụ trách nghỉ điều trị dài ngày, phân công theo dõi thay",
    "Chờ kiện toàn cấp ủy sau đại hội chi bộ",
]

# (position, titles in the commune's decision; "{xa}" is "xã" or "phường")
STAFF_OF_COMMITTEE = [
    (CommuneMember.Position.SECRETARY, ["Bí thư Đảng ủy {xa}"]),
    (CommuneMember.Position.DEPUTY_SECRETARY, ["Phó Bí thư Thường trực Đảng ủy {xa}"]),
    (CommuneMember.Position.DEPUTY_SECRETARY, ["Phó Bí thư Đảng ủy, Chủ tịch UBND {xa}"]),
    (CommuneMember.Position.STANDING, ["Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {xa}"]),
    (CommuneMember.Position.STANDING, ["Phó Chủ tịch UBND {xa}"]),
    (CommuneMember.Position.STANDING, ["Chủ tịch Ủy ban MTTQ Việt Nam {xa}"]),
    (CommuneMember.Position.COMMITTEE, ["Trưởng Công an {xa}"]),
    (CommuneMember.Position.COMMITTEE, ["Chỉ huy trưởng Ban Chỉ huy Quân sự {xa}"]),
    (CommuneMember.Position.COMMITTEE, ["Chánh Văn phòng Đảng ủy {xa}"]),
    (
        CommuneMember.Position.COMMITTEE,
        ["Chủ tịch Hội Nông dân {xa}", "Chủ tịch Hội Cựu chiến binh {xa}"],
    ),
    (CommuneMember.Position.COMMITTEE, ["Chủ tịch Hội Liên hiệp Phụ nữ {xa}"]),
    (CommuneMember.Position.COMMITTEE, ["Bí thư Đoàn Thanh niên {xa}"]),
    (CommuneMember.Position.OFFICER, ["Công chức Văn hóa - Xã hội"]),
    (CommuneMember.Position.OFFICER, ["Công chức Tư pháp - Hộ tịch"]),
    (CommuneMember.Position.OFFICER, ["Công chức Địa chính - Xây dựng"]),
]


def _hamlet_names(commune, rng):
    """[(name, kind)]: about ten, as the commune's kind and region name them."""
    count = rng.randint(8, 12)
    if commune.kind == Commune.Kind.WARD:
        names = [(f"Tổ dân phố {n}", Hamlet.Kind.TO_DAN_PHO) for n in range(1, count - 1)]
        return names + [("Khu phố 1", Hamlet.Kind.KHU_PHO), ("Khu phố 2", Hamlet.Kind.KHU_PHO)]
    if int(commune.code) < MOUNTAIN_BELOW:
        bans = rng.sample(BAN_NAMES, rng.randint(3, 5))
        thons = [f"Thôn {n}" for n in range(1, count - len(bans) + 1)]
        return [(n, Hamlet.Kind.THON) for n in thons] + [(b, Hamlet.Kind.BAN) for b in bans]
    named = rng.sample(NAMED_THON, rng.randint(0, 2))
    thons = [f"Thôn {n}" for n in range(1, count - len(named) + 1)] + named
    return [(n, Hamlet.Kind.THON) for n in thons]


def _cell_name(*hamlets):
    return "Chi bộ " + ", ".join(h.name[0].lower() + h.name[1:] for h in hamlets)


def _commune_hamlets(commune, rng):
    """The commune's hamlets and cells (unsaved): one cell a hamlet, and sometimes one cell for
    two small neighbouring hamlets."""
    ward = commune.kind == Commune.Kind.WARD
    hamlets = []
    for n, (name, kind) in enumerate(_hamlet_names(commune, rng), start=1):
        households = rng.randint(150, 450) if ward else rng.randint(80, 400)
        hamlets.append(
            Hamlet(
                commune=commune,
                code=f"{n:02d}",
                name=name,
                kind=kind,
                households=households,
                self_managed_groups=max(2, min(12, households // 40 + rng.randint(-1, 1))),
                valid_from=NEW_MAP,
            )
        )
    shared = None
    if rng.random() < 0.3:
        shared = rng.randrange(len(hamlets) - 1)
        for hamlet in hamlets[shared : shared + 2]:
            hamlet.households = rng.randint(60, 110)
            hamlet.self_managed_groups = rng.randint(2, 3)
    cells = []
    for n, hamlet in enumerate(hamlets):
        if shared is not None and n == shared + 1:
            hamlet.cell = cells[-1]
            continue
        pair = hamlets[n : n + 2] if n == shared else [hamlet]
        cells.append(PartyCell(commune=commune, name=_cell_name(*pair)))
        hamlet.cell = cells[-1]
    return hamlets, cells


def _members(commune, hamlet_count, rng):
    """12-15 members, the secretary first (unsaved): enough for one hamlet each and a spare."""
    xa = "phường" if commune.kind == Commune.Kind.WARD else "xã"
    count = max(rng.randint(12, len(STAFF_OF_COMMITTEE)), hamlet_count + 2)
    # Always the secretary, deputies and standing members; then a draw of the others.
    rows = STAFF_OF_COMMITTEE[:6] + sorted(
        rng.sample(STAFF_OF_COMMITTEE[6:], count - 6), key=STAFF_OF_COMMITTEE.index
    )
    members, seen = [], set()
    for n, (position, titles) in enumerate(rows):
        while True:
            female = rng.random() < 0.3
            full_name = " ".join(
                (
                    rng.choice(SURNAMES),
                    rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
                    rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
                )
            )
            if full_name not in seen:
                seen.add(full_name)
                break
        if n == 0 and commune.secretary_name:
            full_name = commune.secretary_name
        born = None
        if rng.random() < 0.7:
            born = date(rng.randint(1968, 1996), rng.randint(1, 12), rng.randint(1, 28))
        members.append(
            CommuneMember(
                commune=commune,
                full_name=full_name,
                date_of_birth=born,
                position=position,
                title=rng.choice(titles).format(xa=xa),
            )
        )
    return members


def _checked(rows):
    """What save() would do before writing (bulk_create does not call it), then the model's
    checks of its fields and clean(). The foreign keys are the rows just made and the
    constraints are the database's: checking them row by row would cost queries by the
    thousand."""
    for row in rows:
        name_field = "full_name" if isinstance(row, CommuneMember) else "name"
        setattr(row, name_field, text.clean(getattr(row, name_field)))
        row.search_name = text.fold(getattr(row, name_field))
        row.full_clean(exclude=_foreign_keys(row), validate_constraints=False)
    return rows


def _foreign_keys(row):
    return [f.name for f in row._meta.concrete_fields if f.is_relation]


@transaction.atomic
def seed_hamlets(rng):
    """Hamlets, cells, members and the commune committees' assignments, every commune of the
    current map. Returns nothing; skipped when hamlets exist."""
    if Hamlet.objects.exists():
        return
    communes = list(Commune.objects.valid_on(NEW_MAP).filter(valid_from=NEW_MAP).order_by("code"))
    accounts = {u.commune_id: u for u in User.objects.filter(commune__in=communes)}
    plans = []
    for commune in communes:
        hamlets, cells = _commune_hamlets(commune, rng)
        plans.append((commune, hamlets, cells, _members(commune, len(hamlets), rng)))
    PartyCell.objects.bulk_create(_checked([c for _, _, cells, _ in plans for c in cells]))
    for _, hamlets, _, _ in plans:
        for hamlet in hamlets:
            hamlet.cell = hamlet.cell  # now saved: sets cell_id, keeps the row cached
    Hamlet.objects.bulk_create(_checked([h for _, hamlets, _, _ in plans for h in hamlets]))
    CommuneMember.objects.bulk_create(_checked([m for _, _, _, members in plans for m in members]))
    ordinary, later = [], []
    for n, (commune, hamlets, _, members) in enumerate(plans):
        first, second = _assign(n, commune, hamlets, members, rng, accounts.get(commune.pk))
        ordinary += first
        later += second
    # The ordinary rows keep clean()'s rules by construction (same commune, after the decision,
    # the hamlet in force, one hamlet each) and the database refuses any overlap; their fields
    # are checked here. Exceptions and successors go through full_clean after the rows they
    # depend on, as a commune's own would.
    for row in ordinary:
        row.clean_fields(exclude=_foreign_keys(row))
    bulk_create_with_history(ordinary, HamletAssignment, batch_size=500)
    for row in later:
        row.full_clean()
        row.save()


def _assign(n, commune, hamlets, members, rng, account):
    """The commune committee's decision after 1/7/2025: each member but the secretary follows one
    hamlet. Some communes leave one or two hamlets without anyone; a few give a member a second
    hamlet as an exception; the showcase commune also has a member who left and a change in
    2026. Returns (ordinary assignments, assignments to write after them)."""
    decided = NEW_MAP + timedelta(days=rng.randint(7, 45))
    decision = (f"{rng.randint(12, 98)}-QĐ/ĐU", decided)
    followers = members[1:]  # the secretary leads the whole committee

    def assignment(member, hamlet, start, decision=decision, **extra):
        return HamletAssignment(
            member=member,
            hamlet=hamlet,
            decision_number=decision[0],
            decision_date=decision[1],
            start_date=start,
            created_by=account,
            **extra,
        )

    showcase = commune.code == SHOWCASE_EXCEPTION
    gaps = 2 if commune.code == SHOWCASE_GAPS else (rng.randint(1, 2) if n % 8 == 5 else 0)
    exception = showcase or n % 19 == 7
    covered = hamlets[: len(hamlets) - gaps - (1 if exception else 0)]
    ordinary = [assignment(m, h, decided) for m, h in zip(followers, covered, strict=False)]
    later = []
    if exception:
        reason = EXCEPTION_REASONS[0] if showcase else rng.choice(EXCEPTION_REASONS)
        later.append(
            assignment(followers[0], hamlets[len(covered)], decided, exception_reason=reason)
        )
    spare = followers[len(covered) :]
    if showcase or (n % 11 == 4 and spare):
        # 2026: a member hands a hamlet over to one who followed none.
        handed = ordinary[1]
        handed.end_date = date(YEAR, 3, 31)
        handed.end_reason = HamletAssignment.EndReason.REASSIGNED
        decision_2026 = (f"{rng.randint(101, 160)}-QĐ/ĐU", date(YEAR, 3, 25))
        later.append(assignment(spare[-1], handed.hamlet, date(YEAR, 4, 1), decision_2026))
    if showcase:
        # Transferred in October; the committee has not yet handed their hamlet to anyone.
        leaving = ordinary[-1].member
        leaving.left_on = date(YEAR, 10, 15)
        leaving.save(update_fields=["left_on"])
    return ordinary, later
