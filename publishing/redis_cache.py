"""
The Redis cache backend (REDIS_URL), keeping its redis-py client rather than making one per call.

Django 5.2's RedisCacheClient.get_client builds a new redis.Redis for every cache call,
and redis-py fills about 170 response callbacks into each new client: a few hundred µs
of CPU per call, and a warm anonymous article makes two calls (`python -m bench.profile`
with REDIS_URL set). A redis.Redis holds nothing but its connection pool and is safe to
share between threads, so one is kept per pool. Everything else is Django's backend.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
