from datetime import date

import pytest

from evaluations import services
from tests.evaluations.conftest import (  # noqa: F401 - fixtures shared with evaluations
    agency,
    assignments,
    complete_data,
    hung,
    lan,
)
from tests.factories import CadreFactory, CommuneFactory


@pytest.fixture
def year_2026(assignments, staff, commune_a_user, province, hung):  # noqa: F811
    """Round 2026: Hùng (commune A) excellent + commendation; Lan (commune B) good, no
    commendation, replacement proposed; Hùng also follows a third commune as an exception and
    that form says "completed" without commendation — so his result is "completed", not
    proposed (lowest level; commendation only if every form proposes it)."""
    from assignments import services as assignment_services

    third = CommuneFactory(province=province, name="Xã Thứ Ba", code="09001")
    assignment_services.assignment_create(
        cadre=hung,
        commune=third,
        start_date=date(2026, 1, 1),
        decision_number="5",
        decision_date=date(2026, 1, 1),
        exception_reason="Chờ bổ sung lãnh đạo",
    )
    CadreFactory(full_name="Không Được Giao")  # assigned to nothing: not counted
    evaluation_round = services.round_create(
        year=2026, opens_on=date(2026, 11, 15), deadline=date(2099, 12, 15), user=staff
    )
    evaluation_round = services.round_open(evaluation_round=evaluation_round, user=staff)
    answers = {
        "Phường Việt Trì": complete_data(
            evaluation_round.forms.get(commune__name="Phường Việt Trì"),
            level="excellent",
            propose_commendation=True,
            visits=8,
            meetings=5,
        ),
        "Xã Thứ Ba": complete_data(
            evaluation_round.forms.get(commune__name="Xã Thứ Ba"),
            level="completed",
            propose_commendation=False,
            visits=2,
            meetings=1,
        ),
        "Xã Tân Lạc": complete_data(
            evaluation_round.forms.get(commune__name="Xã Tân Lạc"),
            level="good",
            propose_commendation=False,
            propose_replacement=True,
            replacement_reason="Ít về cơ sở",
            visits=3,
            meetings=2,
        ),
    }
    for form in evaluation_round.forms.all():
        services.form_save(
            form=form,
            data=answers[form.commune.name],
            version=0,
            user=staff,
            submit=True,
            as_staff=True,
        )
    return evaluation_round


@pytest.fixture
def temporary_folder(tmp_path, monkeypatch):
    """The temporary folder, here for one test: this process's fonts made afresh in it, and
    made afresh again in the usual one after the test."""
    import tempfile

    from reports import pdf

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pdf.forget_fonts()
    yield tmp_path
    pdf.forget_fonts()
