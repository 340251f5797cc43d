"""Reminders to communes still missing forms: the daily run (Celery beat, settings.
CELERY_BEAT_SCHEDULE) and staff's "remind now". The rules (who, which stage, the message) are in
services.reminders; a task loads the round, calls the service and logs the outcome."""

import logging

from celery import shared_task

from . import services
from .models import EvaluationRound

log = logging.getLogger(__name__)

# Sending a reminder is idempotent (its record's constraints), so a task failing on the mail
# server can safely run again: the communes already reminded are skipped.
RETRY = {"autoretry_for": (OSError,), "retry_backoff": 60, "max_retries": 5}


@shared_task(
    name="evaluations.tasks.send_reminders",
    acks_late=True,
    time_limit=600,
    soft_time_limit=570,
    **RETRY,
)
def send_reminders(round_id, manual=False):
    """Remind the communes of one round that still owe forms. Returns how many were reminded."""
    evaluation_round = EvaluationRound.objects.filter(pk=round_id).first()
    if evaluation_round is None:
        return 0
    sent = services.reminders_send(evaluation_round=evaluation_round, manual=manual)
    log.info("round %s: %d commune(s) reminded", evaluation_round.year, sent)
    return sent


@shared_task(
    name="evaluations.tasks.daily_reminders",
    acks_late=True,
    time_limit=900,
    soft_time_limit=870,
    **RETRY,
)
def daily_reminders():
    """Every morning: the automatic reminders of every open round ({year: communes reminded})."""
    sent = {}
    for evaluation_round in EvaluationRound.objects.open():
        sent[evaluation_round.year] = services.reminders_send(evaluation_round=evaluation_round)
        log.info(
            "round %s: %d commune(s) reminded", evaluation_round.year, sent[evaluation_round.year]
        )
    return sent
