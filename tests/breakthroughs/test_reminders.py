"""Reminders of the breakthrough tasks' deadlines (issue 18), as the forms' and the plans':
7 and 2 days before registration, approval and the year-end assessment, by e-mail, once per
stage; not to the cadres who have already done what the deadline asks."""

from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time

from accounts.roles import Role
from breakthroughs import reminders, services
from breakthroughs.models import BreakthroughYear, TaskReminder
from breakthroughs.tasks import deadline_reminders
from tests.breakthroughs.builders import assigned, cadre_with_account, draft, registered
from tests.conftest import make_user
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return BreakthroughYear.objects.create(
        year=2026,
        registration_deadline=date(2026, 2, 15),
        approval_deadline=date(2026, 3, 15),
        assessment_deadline=date(2026, 12, 20),
    )


@pytest.fixture
def people(year, leader):
    def cadre(username, **fields):
        return cadre_with_account(
            username, standing_board=True, email=f"{username}@tinhuy.gov.vn", **fields
        )

    people = {
        "an": cadre("an", full_name="Trần Văn An"),  # nothing yet
        "binh": cadre("binh", full_name="Phạm Thị Bình"),  # registered a task
        "chi": cadre("chi", full_name="Lò Văn Chi"),  # only a draft, not sent
        "dung": cadre("dung", full_name="Hà Văn Dũng"),  # a task assigned
    }
    people["other"] = CadreFactory(email="other@tinhuy.gov.vn")  # not the Standing Board's
    CadreFactory(email="retired@tinhuy.gov.vn", standing_board=True, status="retired")
    registered(*people["binh"])
    draft(*people["chi"])
    people["task"] = assigned(*people["dung"], leader)
    people["staff"] = make_user("tochuc", Role.STAFF, email="tochuc@tinhuy.gov.vn")
    return people


def _run(*moments):
    for moment in moments:
        with freeze_time(moment):
            deadline_reminders()
    return sorted(address for message in mail.outbox for address in message.to)


def test_registration_reminds_the_cadres_who_sent_nothing_7_and_2_days_before_once_each(people):
    sent = _run("2026-02-08 07:10", "2026-02-08 07:40", "2026-02-13 07:10", "2026-02-13 08:00")
    assert sent == [
        "an@tinhuy.gov.vn",
        "an@tinhuy.gov.vn",
        "chi@tinhuy.gov.vn",
        "chi@tinhuy.gov.vn",
    ]
    assert all("15/02/2026" in message.subject for message in mail.outbox)
    stages = TaskReminder.objects.filter(what="registration").values_list("days_before", flat=True)
    assert sorted(stages) == [2, 2, 7, 7]


def test_approval_reminds_the_staff_of_the_tasks_awaiting_review_once_per_stage(people):
    sent = _run("2026-03-08 07:10", "2026-03-08 09:00")
    assert sent == ["tochuc@tinhuy.gov.vn"]
    assert "Phạm Thị Bình" in mail.outbox[0].body
    assert "Trần Văn An" not in mail.outbox[0].body  # nothing of his awaits review
    # A task registered after the first stage is named at the next one, alone.
    registered(*people["an"])
    _run("2026-03-13 07:10")
    assert len(mail.outbox) == 2
    assert "Trần Văn An" in mail.outbox[1].body and "Phạm Thị Bình" in mail.outbox[1].body


def test_assessment_reminds_the_cadres_with_assigned_tasks_not_yet_assessed(people, leader):
    sent = _run("2026-12-13 07:10")
    assert sent == ["dung@tinhuy.gov.vn"]
    cadre, user = people["dung"]
    task = people["task"]
    target = task.targets.get()
    services.self_assess(task=task, values={target.pk: "100"}, text="Đã hoàn thành", user=user)
    assert _run("2026-12-18 07:10") == ["dung@tinhuy.gov.vn"]  # nothing more sent


def test_it_reminds_nobody_on_other_days_or_without_deadlines(people):
    assert _run("2026-02-10 07:10", "2026-02-15 07:10", "2026-02-16 07:10") == []
    BreakthroughYear.objects.all().delete()
    assert _run("2026-02-08 07:10") == []
    assert TaskReminder.objects.count() == 0


def test_the_cadres_to_do_names_what_they_still_owe(people):
    an, _user = people["an"]
    binh, _user = people["binh"]
    items = reminders.cadre_todo(an, date(2026, 2, 10))
    assert [item.key for item in items] == ["breakthrough-registration-2026"]
    assert "15/02/2026" in items[0].note
    assert reminders.cadre_todo(binh, date(2026, 2, 10)) == []
