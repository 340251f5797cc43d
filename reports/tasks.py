import sys

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_shutdown
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import services
from .models import ReportJob

TRANSIENT = (OperationalError, InterfaceError)
BUILD_TIME_LIMIT = services.BUILD_TIME_LIMIT


@worker_process_shutdown.connect
def release_fonts(**kwargs):
    """A pool process leaving (it does by os._exit, running no destructor) removes the folder
    WeasyPrint copied the fonts into, if it rendered a document (reports.pdf.release_fonts)."""
    pdf = sys.modules.get("reports.pdf")  # not imported for nothing on the way out
    if pdf is not None:
        pdf.release_fonts()


@shared_task(
    name="reports.tasks.build_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    time_limit=BUILD_TIME_LIMIT,
    soft_time_limit=BUILD_TIME_LIMIT - 60,
)
def build_report(self, job_id):
    """Build one report job. Takes an id, loads the row, calls the service; transient database
    errors are retried; any other error ends the job as failed, with its reason in Vietnamese."""
    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        return None
    try:
        services.report_build(job=job)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=10 * (self.request.retries + 1)) from exc
        with override("vi"):
            services.report_fail(job=job, message=_("the database did not answer"))
    except SoftTimeLimitExceeded:
        with override("vi"):
            services.report_fail(job=job, message=_("it took longer than the time limit"))
    except Exception as exc:  # any other failure: record it, the user reads it on the page
        with override("vi"):
            services.report_fail(job=job, message=str(exc) or exc.__class__.__name__)
    return job_id


@shared_task(name="reports.tasks.requeue_waiting", time_limit=60)
def requeue_waiting():
    """Celery beat: send again the jobs that wait for nothing (services.requeue_waiting)."""
    return services.requeue_waiting()
