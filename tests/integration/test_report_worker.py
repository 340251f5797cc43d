"""A real Celery worker, on Redis, builds the summary PDF; the job ends done with its file."""

import time

import pytest

from reports import services
from tests.integration.test_celery_worker import celery_worker_process  # noqa: F401
from tests.reports.conftest import agency, assignments, hung, lan, year_2026  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_builds_the_summary_pdf(celery_worker_process, year_2026, staff):  # noqa: F811
    job, enqueued = services.report_request(kind="summary", year=2026, user=staff)
    assert enqueued
    deadline = time.monotonic() + 120
    while True:
        job.refresh_from_db()
        if job.finished:
            break
        assert time.monotonic() < deadline, f"job still {job.status} at {job.progress} %"
        time.sleep(0.5)
    assert job.status == "done", job.error
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
