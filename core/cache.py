"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django 5.2's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache call, and
building one copies redis-py's table of response callbacks: about 0.17 ms of CPU on this
machine, nearly as long as the GET itself takes over loopback (0.21 ms). Every request reads its
session from the cache (core.sessions), so every request paid it (issue 16). A `redis.Redis`
holds no connection of its own (it takes one from the pool for each command and gives it back)
and may be shared between threads, so one per pool does what a new one per call did.

Everything else, the pools, the serializer, the options and the errors raised, is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # connection pool: the client on it

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """CACHES' backend when REDIS_URL is set (config/settings.py)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
