"""Reminders to communes still missing forms: automatically 7 days and 2 days before their
deadline and the day after it (Celery beat, daily), and whenever staff ask. Each reminder is
recorded once per commune, stage and day, so a retried or repeated run sends nothing twice;
the commune also sees it on its home page."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .figures import missing_communes
from .models import EvaluationRound, Reminder

log = logging.getLogger(__name__)

STAGE_BY_OFFSET = {
    timedelta(days=7): Reminder.Stage.WEEK_BEFORE,
    timedelta(days=2): Reminder.Stage.TWO_DAYS,
    timedelta(days=-1): Reminder.Stage.OVERDUE,
}


def _stage(deadline, today):
    return STAGE_BY_OFFSET.get(deadline - today)


def _message(evaluation_round, row):
    with override(settings.LANGUAGE_CODE):
        subject = _("Evaluation forms %(year)s: %(missing)d still to send") % {
            "year": evaluation_round.year,
            "missing": row.missing,
        }
        body = _(
            "To the Party Committee of %(commune)s,\n\n"
            "The Organization Department has not yet received %(missing)d of the %(expected)d "
            "evaluation forms expected from your commune for %(year)s. Your deadline is "
            "%(deadline)s.\n\nPlease log in to fill in and submit them.\n"
        ) % {
            "commune": row.commune.name,
            "missing": row.missing,
            "expected": row.expected,
            "year": evaluation_round.year,
            "deadline": row.deadline.strftime("%d/%m/%Y"),
        }
    return subject, body


@shared_task(
    name="evaluations.tasks.send_reminders",
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    time_limit=600,
    soft_time_limit=570,
)
def send_reminders(self, round_id, manual=False):
    """Remind the communes of one round that still owe forms. Returns how many were reminded."""
    evaluation_round = EvaluationRound.objects.filter(pk=round_id).first()
    if evaluation_round is None or not evaluation_round.is_open:
        return 0
    today = timezone.localdate()
    sent = 0
    for row in missing_communes(evaluation_round):
        stage = Reminder.Stage.MANUAL if manual else _stage(row.deadline, today)
        if stage is None:
            continue
        recipients = sorted({e for e in [row.commune.email, *row.accounts_email.split(", ")] if e})
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    round=evaluation_round,
                    commune=row.commune,
                    stage=stage,
                    sent_on=today,
                    recipients=", ".join(recipients),
                    missing_forms=row.missing,
                )
        except IntegrityError:
            continue  # already reminded at this stage today
        if recipients:
            subject, body = _message(evaluation_round, row)
            send_mail(subject, body, None, recipients, fail_silently=False)
        sent += 1
    log.info("round %s: %d commune(s) reminded", evaluation_round.year, sent)
    return sent


@shared_task(name="evaluations.tasks.daily_reminders", time_limit=900, soft_time_limit=870)
def daily_reminders():
    """Celery beat, every morning: the automatic reminders of every open round."""
    rounds = EvaluationRound.objects.filter(opened_at__isnull=False, closed_at__isnull=True)
    return {r.year: send_reminders(r.pk) for r in rounds}
