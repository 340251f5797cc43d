"""What the integration tests share."""

import pytest
import redis
from django.conf import settings

from tests.ci import skip_or_fail


@pytest.fixture
def live_redis_url():
    """settings.REDIS_URL when it names a Redis that answers (CI sets it); otherwise the test is
    skipped on a developer's machine and fails under CI (tests/ci.py)."""
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: the integration suite needs a running Redis")
    try:
        with redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=3, socket_timeout=3
        ) as client:
            client.ping()
    except redis.RedisError:
        skip_or_fail(f"Redis does not answer at {settings.REDIS_URL}")
    return settings.REDIS_URL
