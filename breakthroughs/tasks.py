"""Reminders of the breakthrough tasks' deadlines: the daily run (Celery beat, settings.
CELERY_BEAT_SCHEDULE). Who is reminded, when and with what message is
breakthroughs.reminders; the task calls it."""

import logging

from celery import shared_task

from . import reminders

log = logging.getLogger(__name__)


@shared_task(
    name="breakthroughs.tasks.deadline_reminders",
    acks_late=True,
    # Idempotent (one reminder per stage, a constraint): a run failing on the mail server
    # runs again and sends only what is still unsent.
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    time_limit=600,
    soft_time_limit=570,
)
def deadline_reminders():
    """Every morning: returns how many cadres the reminders were about."""
    sent = reminders.reminders_send()
    log.info("breakthrough tasks: %d reminder(s)", sent)
    return sent
