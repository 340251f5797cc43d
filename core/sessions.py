"""Sessions read from the cache and written through to the database (Django's cached_db), that
keep working on the database alone while the cache is unreachable.

With Redis down, Django's cached_db falls back to the database to read a session but then fails
writing it back to the cache, and on `exists` and `delete`: every page would answer 500, and
the fault test "Redis down" wants the leader told at once that the report will wait. Here a
cache error is logged and the database answers; the sessions stay the database's rows, so
nobody is logged out when Redis comes back (SESSION_ENGINE in config/settings.py).

A session ended (logout) while Redis is down is deleted from the database but may stay in a
Redis that kept its data, until its cache entry expires: at most the session's remaining age.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def _cache_set(self, data, age):
        try:
            self._cache.set(self.cache_key, data, age)
        except Exception:
            logger.warning("Sessions: the cache is unreachable; the database answers.")

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_set(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("Sessions: the cache is unreachable; the database answers.")
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._cache_set(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.warning("Sessions: the cache is unreachable; the database answers.")
