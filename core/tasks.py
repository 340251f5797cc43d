from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="core.tasks.heartbeat", ignore_result=False, time_limit=30, soft_time_limit=20)
def heartbeat():
    """Record that a worker is alive. Idempotent: one row per worker host, updated in place."""
    host = heartbeat.request.hostname or "in-process"
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(hostname=host, defaults={"seen_at": now})
    return {"hostname": host, "seen_at": now.isoformat()}
