"""Sessions on the cache (REDIS_URL set) keep working while the cache is unreachable: the
database answers, and nobody sees an error page or is logged out."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


class Unreachable:
    """A cache whose server is down: every call raises, as Redis' client does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail

    def __contains__(self, key):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@override_settings(SESSION_ENGINE="core.sessions")
def test_a_session_is_read_from_the_cache_and_written_through_to_the_database():
    store = SessionStore()
    store["role"] = "leader"
    store.save()
    assert caches["default"].get(store.cache_key) == {"role": "leader"}
    caches["default"].delete(store.cache_key)  # Redis restarted: the database still has it
    assert SessionStore(store.session_key).load() == {"role": "leader"}


@override_settings(SESSION_ENGINE="core.sessions")
def test_with_the_cache_down_the_database_answers(monkeypatch):
    store = SessionStore()
    store["role"] = "leader"
    store.save()
    key = store.session_key

    down = SessionStore(key)
    monkeypatch.setattr(down, "_cache", Unreachable())
    assert down.load() == {"role": "leader"}
    assert down.exists(key)
    down["seen"] = 1
    down.save()
    down.delete()  # logging out
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()
