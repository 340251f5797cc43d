"""Cadres are reminded of their own plan and report deadlines 7 and 2 days before, by e-mail,
once per stage, and only those who have not sent them yet."""

import pytest
from django.core import mail
from django.utils import translation
from freezegun import freeze_time

from activity import services
from activity.models import DeadlineReminder
from activity.tasks import deadline_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(hung, lan):
    hung.email, lan.email = "hung@sonoivu.phutho.gov.vn", "lan@sonoivu.phutho.gov.vn"
    hung.save(update_fields=["email"])
    lan.save(update_fields=["email"])


def test_it_reminds_the_cadres_whose_plan_is_due_in_7_and_in_2_days_once_each(
    assignments, year_2026, emails, hung, lan
):
    services.plan_submit(cadre=hung, year=2026, text="Kế hoạch theo dõi năm 2026")
    for moment in ("2026-01-24 07:00", "2026-01-24 07:30", "2026-01-29 07:00"):
        with freeze_time(moment):
            deadline_reminders()
    assert [m.to for m in mail.outbox] == [[lan.email], [lan.email]]
    assert sorted(DeadlineReminder.objects.values_list("days_before", flat=True)) == [2, 7]


def test_it_writes_the_reminder_in_vietnamese_with_the_date_as_dd_mm_yyyy(
    assignments, year_2026, emails, lan
):
    with freeze_time("2026-07-03 07:00"), translation.override("en"):
        deadline_reminders()
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {"Nhắc nhở: hạn nộp báo cáo 6 tháng ngày 10/07/2026"}


def test_it_reminds_nobody_on_other_days(assignments, year_2026, emails):
    with freeze_time("2026-01-26 07:00"):
        deadline_reminders()
    assert mail.outbox == [] and DeadlineReminder.objects.count() == 0


def test_it_sends_nothing_without_a_year_set_by_staff(assignments, emails):
    with freeze_time("2026-01-24 07:00"):
        assert deadline_reminders() == 0
    assert mail.outbox == []
