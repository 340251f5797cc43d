from datetime import date

import pytest

from assignments import services as assignment_services
from evaluations import services
from tests.factories import AgencyFactory, CadreFactory


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Sở Nội vụ", leader_quota=2)


@pytest.fixture
def hung(agency):
    return CadreFactory(full_name="Nguyễn Văn Hùng", agency=agency, position="Giám đốc")


@pytest.fixture
def lan(agency):
    return CadreFactory(full_name="Lê Thị Lan", agency=agency, gender="female")


@pytest.fixture
def assignments(hung, lan, commune_a, commune_b):
    """Hùng follows commune A, Lan commune B, both all of 2026."""
    for cadre, commune in ((hung, commune_a), (lan, commune_b)):
        assignment_services.assignment_create(
            cadre=cadre,
            commune=commune,
            start_date=date(2025, 7, 1),
            decision_number="1250-QĐ/TU",
            decision_date=date(2025, 6, 30),
        )


@pytest.fixture
def round_2026(assignments, staff):
    evaluation_round = services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2099, 12, 15), user=staff
    )
    return services.round_open(evaluation_round=evaluation_round, user=staff)


@pytest.fixture
def form_a(round_2026, commune_a):
    return round_2026.forms.get(commune=commune_a)


@pytest.fixture
def form_b(round_2026, commune_b):
    return round_2026.forms.get(commune=commune_b)


def complete_post(form, **overrides):
    """What a commune types into a complete form, as POST data."""
    data = {
        "version": form.version,
        "visits": "6",
        "meetings": "4",
        "level": "good",
        "propose_commendation": "yes",
        "propose_replacement": "no",
        "replacement_reason": "",
        "strengths": "Gần gũi, sâu sát cơ sở.",
        "shortcomings": "",
        "recommendations": "",
        "signer_name": "Đinh Văn Tuấn",
        "signer_title": "Bí thư Đảng ủy",
        "signed_on": "20/11/2026",
    }
    for criterion in form.round.criteria.all():
        data[f"c{criterion.pk}_comment"] = f"Nhận xét tiêu chí {criterion.position}."
    data.update(overrides)
    return data


def complete_data(form, **overrides):
    """The same, as the service takes it."""
    data = {
        "answers": {
            str(c.pk): {"comment": f"Nhận xét tiêu chí {c.position}."}
            for c in form.round.criteria.all()
        },
        "visits": 6,
        "meetings": 4,
        "level": "good",
        "propose_commendation": True,
        "propose_replacement": False,
        "replacement_reason": "",
        "strengths": "Tốt.",
        "shortcomings": "",
        "recommendations": "",
        "signer_name": "Đinh Văn Tuấn",
        "signer_title": "Bí thư Đảng ủy",
        "signed_on": date(2026, 11, 20),
    }
    data.update(overrides)
    return data
