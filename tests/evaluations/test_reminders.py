from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from assignments.models import Commune
from evaluations import services
from evaluations.models import EvaluationRound, Reminder
from evaluations.tasks import daily_reminders
from tests.evaluations.conftest import complete_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadline_15_dec(round_2026, form_a, commune_a_user):
    EvaluationRound.objects.filter(pk=round_2026.pk).update(deadline=date(2026, 12, 15))
    Commune.objects.filter(pk=form_a.commune_id).update(email="danguy.viettri@phutho.gov.vn")
    Commune.objects.exclude(pk=form_a.commune_id).update(email="danguy.tanlac@phutho.gov.vn")
    # Commune A has sent its form; commune B has not.
    services.form_save(
        form=form_a, data=complete_data(form_a), version=0, user=commune_a_user, submit=True
    )


@pytest.mark.parametrize(
    ("today", "stage"),
    [("2026-12-08", "week"), ("2026-12-13", "two_days"), ("2026-12-16", "overdue")],
)
def test_reminders_step_up_as_the_deadline_nears_and_go_only_to_the_missing(
    deadline_15_dec, today, stage
):
    with freeze_time(f"{today} 07:00"):
        daily_reminders()
        daily_reminders()  # a second run the same day sends nothing more
    assert [(r.commune.name, r.stage) for r in Reminder.objects.all()] == [("Xã Tân Lạc", stage)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["danguy.tanlac@phutho.gov.vn"]
    assert "1/1" not in mail.outbox[0].body and "15/12/2026" in mail.outbox[0].body


def test_no_reminder_on_other_days(deadline_15_dec):
    with freeze_time("2026-12-10 07:00"):
        daily_reminders()
    assert Reminder.objects.count() == 0 and mail.outbox == []


def test_staff_remind_on_demand_and_the_commune_sees_it_at_home(
    deadline_15_dec, client, staff, commune_b_user, django_capture_on_commit_callbacks
):
    with freeze_time("2026-12-01 10:00"), django_capture_on_commit_callbacks(execute=True):
        client.force_login(staff)
        client.post(reverse("evaluations:round_remind", args=[2026]))
    assert Reminder.objects.get().stage == "manual"
    client.force_login(commune_b_user)
    page = client.get(reverse("evaluations:home")).content.decode()
    assert "Nhắc nhở ngày 01/12/2026" in page


def test_with_the_broker_down_remind_now_says_so_instead_of_failing(
    deadline_15_dec, client, staff, monkeypatch
):
    from kombu.exceptions import OperationalError as BrokerError

    from evaluations import tasks

    def down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_reminders, "apply_async", down)
    client.force_login(staff)
    response = client.post(reverse("evaluations:round_remind", args=[2026]), follow=True)
    assert response.status_code == 200
    assert "không có lời nhắc nào được gửi" in response.content.decode()
    assert Reminder.objects.count() == 0


def test_it_sends_an_automatic_stage_once_even_when_a_later_deadline_brings_it_back(
    deadline_15_dec, staff
):
    """Commune B had its week-before reminder on 8/12; staff then extend its deadline to 20/12,
    so 13/12 is again "7 days before": the stage was sent, it is not sent twice."""
    evaluation_round = EvaluationRound.objects.get(year=2026)
    with freeze_time("2026-12-08 07:00"):
        daily_reminders()
    services.deadline_extend(
        evaluation_round=evaluation_round,
        commune=Commune.objects.get(name="Xã Tân Lạc"),
        deadline=date(2026, 12, 20),
        reason="Mưa lũ",
        user=staff,
    )
    with freeze_time("2026-12-13 07:00"):
        daily_reminders()
    assert [(r.stage, r.sent_on) for r in Reminder.objects.all()] == [("week", date(2026, 12, 8))]
    assert len(mail.outbox) == 1


def test_the_database_keeps_one_automatic_reminder_per_commune_and_stage(deadline_15_dec):
    from django.db import IntegrityError, transaction

    evaluation_round = EvaluationRound.objects.get(year=2026)
    commune = Commune.objects.get(name="Xã Tân Lạc")
    Reminder.objects.create(
        round=evaluation_round, commune=commune, stage="week", sent_on=date(2026, 12, 8)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            round=evaluation_round, commune=commune, stage="week", sent_on=date(2026, 12, 13)
        )


def test_it_sends_a_manual_reminder_again_the_next_day_but_not_twice_the_same_day(
    deadline_15_dec, client, staff, django_capture_on_commit_callbacks
):
    for moment in ("2026-12-01 09:00", "2026-12-01 15:00", "2026-12-02 09:00"):
        with freeze_time(moment), django_capture_on_commit_callbacks(execute=True):
            client.force_login(staff)  # a session lasts a working day, not two
            client.post(reverse("evaluations:round_remind", args=[2026]))
    sent = [(r.stage, r.sent_on) for r in Reminder.objects.order_by("sent_at")]
    assert sent == [("manual", date(2026, 12, 1)), ("manual", date(2026, 12, 2))]
    assert len(mail.outbox) == 2


def test_it_writes_the_reminder_in_vietnamese_with_dd_mm_yyyy_whatever_the_workers_language(
    deadline_15_dec,
):
    from django.utils import translation

    with freeze_time("2026-12-08 07:00"), translation.override("en"):
        daily_reminders()
    assert mail.outbox[0].body.startswith("Kính gửi Đảng ủy xã Tân Lạc,")  # its kind in lower case
    assert "Hạn nộp của đơn vị là ngày 15/12/2026." in mail.outbox[0].body
