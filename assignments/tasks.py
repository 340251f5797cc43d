from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.models import ImportUpload

from .imports import uploads

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="assignments.tasks.import_workbook",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    time_limit=uploads.IMPORT_TIME_LIMIT,
    soft_time_limit=uploads.IMPORT_TIME_LIMIT - 60,
)
def import_workbook(self, upload_id):
    """Check or write one large uploaded workbook. Takes an id, loads the row, calls the
    service; transient database errors are retried; any other error refuses the upload, with
    its reason in Vietnamese (stored, and shown to whoever opens the page)."""
    upload = ImportUpload.objects.filter(pk=upload_id).first()
    if upload is None:  # superseded by a newer upload meanwhile
        return None
    with override("vi"):
        try:
            uploads.import_background(upload=upload)
        except TRANSIENT as exc:
            if self.request.retries < self.max_retries:
                raise self.retry(exc=exc, countdown=10 * (self.request.retries + 1)) from exc
            uploads.import_fail(upload=upload, message=_("the database did not answer"))
        except SoftTimeLimitExceeded:
            uploads.import_fail(upload=upload, message=_("it took longer than the time limit"))
        except Exception as exc:  # any other failure: record it, the user reads it on the page
            uploads.import_fail(upload=upload, message=str(exc) or exc.__class__.__name__)
    return upload_id


@shared_task(name="assignments.tasks.requeue_imports", time_limit=60)
def requeue_imports():
    """Celery beat: send again the uploads waiting for nothing (import_requeue_waiting)."""
    return uploads.import_requeue_waiting()
