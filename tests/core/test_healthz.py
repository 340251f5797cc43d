import pytest

from core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_it_reports_the_database_and_no_worker_yet(client):
    body = client.get("/healthz").json()
    assert body == {"database": "ok", "worker_seen_at": None}


def test_it_reports_when_the_heartbeat_task_last_ran(client):
    heartbeat.delay()  # in-process: no REDIS_URL in the test settings
    body = client.get("/healthz").json()
    assert body["worker_seen_at"] is not None
