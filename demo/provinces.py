"""The provinces of the central demo (issue 19): three installations of different sizes, each
seeded on its own database in its own process, as a real province's would be. Phú Thọ is the
full demo, and also sends 2024 on the map before 1/7/2025 (its installation then covered the
old Hòa Bình, Phú Thọ and Vĩnh Phúc); Tuyên Quang and Cao Bằng are smaller, with fewer forms in.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from assignments import services as assignment_services
from assignments.divisions import divisions_load, find_current_province
from assignments.models import Agency, Assignment, Cadre, Commune, Province
from core.models import Organisation
from core.text import name_key
from evaluations import services as evaluation_services
from evaluations.models import EvaluationRound

from .evaluations import _submit
from .hamlets import seed_hamlets
from .seed import AGENCIES, _person, _positions, _user, seed_demo


@dataclass(frozen=True)
class DemoProvince:
    slug: str
    name: str  # as vietnam_provinces names it (the current map)
    party_committee: str
    years: tuple  # the years it sends
    agencies: int = 0  # how many of the demo's agencies (0: the full demo)
    sent: float = 1.0  # the share of 2025's forms the communes sent
    accepted: float = 1.0  # the share of those the staff accepted
    sent_this_year: float = 0.0  # 2026, the round still open


PROVINCES = (
    DemoProvince("phu-tho", "Phú Thọ", "TỈNH ỦY PHÚ THỌ", years=(2024, 2025, 2026)),
    DemoProvince(
        "tuyen-quang",
        "Tuyên Quang",
        "TỈNH ỦY TUYÊN QUANG",
        years=(2025, 2026),
        agencies=22,
        sent=0.97,
        accepted=0.93,
        sent_this_year=0.48,
    ),
    DemoProvince(
        "cao-bang",
        "Cao Bằng",
        "TỈNH ỦY CAO BẰNG",
        years=(2025,),
        agencies=9,
        sent=0.9,
        accepted=0.85,
    ),
)


def by_slug(slug):
    return next(p for p in PROVINCES if p.slug == slug)


def seed_province(spec):
    """Fill this (empty, province) database as `spec`'s installation."""
    rng = random.Random(f"central-demo-{spec.slug}")  # noqa: S311 - demo data, not security
    if spec.agencies == 0:
        seed_demo()
        _seed_old_year(rng)
        return
    _seed_small(spec, rng)


# The 2024 round on the old map: the cadres of the merged province then followed communes of
# the three old provinces (Quyết định of 2021, ended by the merger on 30/6/2025).
OLD_YEAR = 2024
OLD_DECISION = ("215-QĐ/TU", date(2021, 3, 15))


@transaction.atomic
def _seed_old_year(rng):
    if EvaluationRound.objects.filter(year=OLD_YEAR).exists():
        return
    staff = _user("chuyenvien", role=None, full_name="")
    old_communes = list(
        Commune.objects.filter(valid_to=date(2025, 6, 30))
        .select_related("province")
        .order_by("province__name", "code")
    )
    rng.shuffle(old_communes)
    cadres = list(
        Cadre.objects.filter(assignments__start_date=date(2025, 7, 1))
        .distinct()
        .order_by("agency__search_name", "pk")
    )
    # The old provinces' own leaders followed the rest; their agencies were merged on 1/7/2025
    # and they no longer follow a commune.
    cadres += _old_provinces_leaders(old_communes[len(cadres) :], rng)
    number, decided = OLD_DECISION
    for cadre, commune in zip(cadres, old_communes, strict=False):
        Assignment.objects.create(
            cadre=cadre,
            commune=commune,
            decision_number=number,
            decision_date=decided,
            start_date=date(2021, 4, 1),
            end_date=date(2025, 6, 30),
            end_reason=Assignment.EndReason.REASSIGNED,  # the merger's new map
        )
    _round(OLD_YEAR, staff, rng, sent=0.99, accepted=1.0, close=True)


OLD_AGENCIES = ("Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo")


def _old_provinces_leaders(communes, rng):
    """One leader for each of `communes`, from the agencies of the commune's old province."""
    leaders = []
    for n, commune in enumerate(communes):
        name = f"{OLD_AGENCIES[n % len(OLD_AGENCIES)]} tỉnh {commune.province.name}"
        agency, _ = Agency.objects.get_or_create(
            key=name_key(name),
            defaults={"name": name, "kind": Agency.Kind.DEPARTMENT, "leader_quota": 40},
        )
        full_name, gender, born = _person(rng)
        leaders.append(
            Cadre.objects.create(
                agency=agency,
                position="Phó Giám đốc",
                full_name=full_name,
                date_of_birth=born,
                gender=gender,
            )
        )
    return leaders


def _round(year, staff, rng, *, sent, accepted, close, today=None):
    """A round of `year` whose communes sent `sent` of the forms (by the deadline, a few late)
    and whose staff accepted `accepted` of those."""
    evaluation_round = evaluation_services.round_create(
        year=year, opens_on=date(year, 11, 15), deadline=date(year, 12, 15), user=staff
    )
    evaluation_services.round_open(evaluation_round=evaluation_round, user=staff)
    evaluation_round.refresh_from_db()
    criteria = list(evaluation_round.criteria.all())
    forms = list(evaluation_round.forms.select_related("commune", "cadre").order_by("pk"))
    last_day = today or date(year, 12, 20)
    for form in forms:
        if rng.random() >= sent:
            continue
        day = min(last_day, date(year, 11, 17) + timedelta(days=rng.randint(0, 32)))
        saved = _submit(form, criteria, rng, day, evaluation_round.deadline, None)
        if rng.random() < accepted:
            evaluation_services.form_accept(form=saved, user=staff)
    if close:
        evaluation_services.round_close(evaluation_round=evaluation_round, user=staff)
    return evaluation_round


@transaction.atomic
def _seed_small(spec, rng):
    if Assignment.objects.exists():
        return
    organisation = Organisation.current()
    organisation.party_committee = spec.party_committee
    organisation.place_name = spec.name
    organisation.signer_name = "Hoàng Văn Bình"
    organisation.mark_configured()
    province_vp = find_current_province(spec.name)
    divisions_load(provinces=[province_vp])
    province = Province.objects.get(code=f"{int(province_vp.code):02d}", valid_from__isnull=False)
    staff = _user("chuyenvien", role=None, full_name="Chuyên viên Ban Tổ chức")
    cadres = []
    for name, kind, quota in AGENCIES[: spec.agencies]:
        name = name.replace("Phú Thọ", spec.name)
        agency, _ = Agency.objects.update_or_create(
            key=name_key(name), defaults={"name": name, "kind": kind, "leader_quota": quota}
        )
        for position in _positions(name, quota):
            full_name, gender, born = _person(rng)
            cadres.append(
                Cadre.objects.create(
                    agency=agency,
                    position=position,
                    full_name=full_name,
                    date_of_birth=born,
                    gender=gender,
                )
            )
    communes = list(Commune.objects.filter(province=province).order_by("code"))
    rng.shuffle(communes)
    for cadre, commune in zip(cadres, communes, strict=False):
        assignment_services.assignment_create(
            cadre=cadre,
            commune=commune,
            decision_number="1105-QĐ/TU",
            decision_date=date(2025, 6, 28),
            start_date=date(2025, 7, 1),
            user=staff,
        )
    seed_hamlets(rng)
    _round(2025, staff, rng, sent=spec.sent, accepted=spec.accepted, close=False)
    if 2026 in spec.years:
        _round(
            2026,
            staff,
            rng,
            sent=spec.sent_this_year,
            accepted=0.5,
            close=False,
            today=date(2026, 12, 1),
        )
