"""Reminders of the cadres' own deadlines (monitoring plan, 6-month and annual reports): the
daily run (Celery beat, settings.CELERY_BEAT_SCHEDULE). Who is reminded, when and with what
message is services.deadline_reminders_send; the task calls it."""

from celery import shared_task

from . import services


@shared_task(
    name="activity.tasks.deadline_reminders",
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
    """Every morning: returns how many cadres were reminded."""
    return services.deadline_reminders_send()
