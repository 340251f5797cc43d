"""A real task goes through Redis to a real Celery worker that this test starts and stops.

Runs when REDIS_URL names a Redis that answers (CI sets it, with PostgreSQL as the database);
without one it is skipped on a developer's machine and fails under CI (tests/ci.py).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import WorkerHeartbeat
from core.tasks import heartbeat
from tests.ci import skip_or_fail

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or "postgres"
        return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{db['NAME']}"
    return None


@pytest.fixture
def celery_worker_process(live_redis_url):
    url = _database_url()
    if url is None:
        skip_or_fail("the worker cannot share an in-memory SQLite database (set DATABASE_URL)")
    # The worker's files (a report job's PDF) go where this test's storage reads them: its
    # temporary MEDIA_ROOT, never the working tree's media/.
    env = dict(
        os.environ,
        DATABASE_URL=url,
        REDIS_URL=settings.REDIS_URL,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--hostname=itest@%h",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def test_a_task_goes_through_redis_to_a_real_worker(celery_worker_process):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    result = heartbeat.delay()
    outcome = result.get(timeout=60)
    assert outcome["hostname"].startswith("itest@")
    deadline = time.monotonic() + 10
    while not WorkerHeartbeat.objects.filter(hostname=outcome["hostname"]).exists():
        assert time.monotonic() < deadline, "the worker's write never reached the database"
        time.sleep(0.2)
