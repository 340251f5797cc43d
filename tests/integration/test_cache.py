"""The cache on a real Redis (core.cache: Django's backend, one Redis client per connection pool).

Runs when REDIS_URL names a Redis that answers (CI sets it); without one it is skipped on a
developer's machine and fails under CI (tests/ci.py).
"""

import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError

from core.cache import RedisCache

pytestmark = pytest.mark.integration


@pytest.fixture
def prefix():
    """A key prefix of this test's own; its keys are removed afterwards."""
    value = f"test-cache-{uuid.uuid4().hex}"
    yield value
    with redis.Redis.from_url(settings.REDIS_URL) as client:
        keys = list(client.scan_iter(f"{value}*"))
        if keys:
            client.delete(*keys)


def _backend(url, prefix):
    return RedisCache(url, {"KEY_PREFIX": prefix})


def test_the_settings_put_the_cache_on_this_backend(live_redis_url):
    try:
        cache = caches.create_connection("default")
    except InvalidCacheBackendError as error:  # pragma: no cover - the assertion below says it
        pytest.fail(str(error))
    assert isinstance(cache, RedisCache)


def test_what_one_process_stores_another_reads_and_every_operation_answers(live_redis_url, prefix):
    """Two backends on the same Redis stand for two gunicorn workers."""
    one, other = _backend(live_redis_url, prefix), _backend(live_redis_url, prefix)
    one.set("session", {"role": "commune", "commune": 4792}, 60)
    assert other.get("session") == {"role": "commune", "commune": 4792}
    assert other.add("session", "else", 60) is False  # already there: add keeps it
    assert one.add("new", "first", 60) is True
    assert other.get_many(["session", "new", "missing"]) == {
        "session": {"role": "commune", "commune": 4792},
        "new": "first",
    }
    one.set("count", 1, 60)
    assert other.incr("count", 4) == 5
    assert one.has_key("count") and "count" in other
    assert other.touch("count", 120) is True
    assert one.delete("session") is True
    assert other.get("session", "gone") == "gone"
    one.set_many({"a": 1, "b": 2}, 60)
    other.delete_many(["a", "b"])
    assert one.get_many(["a", "b"]) == {}


def test_calls_share_one_client_and_one_connection(live_redis_url, prefix):
    """A call no longer builds a Redis client of its own (0.17 ms each); the one kept takes its
    connection from the pool, so a thousand calls in a row still hold one connection."""
    cache = _backend(live_redis_url, prefix)
    client = cache._cache.get_client()
    for n in range(1_000):
        cache.set(f"k{n % 10}", n, 60)
        cache.get(f"k{n % 10}")
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: reads and writes alike
    pool = client.connection_pool
    assert len(pool._available_connections) + len(pool._in_use_connections) == 1


def test_an_unreachable_redis_raises_on_every_call_as_djangos_backend_does():
    """core.sessions and accounts.access catch the error and let the database answer; a client
    kept across calls must not swallow the error or stay broken."""
    cache = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    for _ in range(2):
        with pytest.raises(redis.ConnectionError):
            cache.get("anything")
        with pytest.raises(redis.ConnectionError):
            cache.set("anything", 1, 60)
