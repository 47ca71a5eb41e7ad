"""publishing.redis_cache.RedisCache: Django's Redis backend, with one redis-py client kept per connection pool."""

import uuid

import pytest
import redis

from publishing.redis_cache import RedisCache

REDIS = "redis://127.0.0.1:6379/15"


def backend(location=REDIS):
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return RedisCache(location, {"KEY_PREFIX": f"cache-test-{uuid.uuid4().hex[:8]}", "OPTIONS": options})


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    cache = backend()
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_one_client_per_pool_serves_every_call(cache):
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b", write=True) is client


def test_it_stores_and_reads_as_djangos_backend_does(cache):
    page = {"html": b"<p>page</p>" * 1000, "etag": '"1-default"'}
    cache.set("a", page, 60)
    assert cache.get("a") == page
    assert cache.add("a", "other") is False and cache.add("b", "new") is True
    assert cache.get_many(["a", "b", "missing"]) == {"a": page, "b": "new"}
    cache.set("n", 1)
    assert cache.incr("n") == 2
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"


def test_an_unreachable_redis_still_raises_for_the_callers_to_treat_as_a_miss():
    with pytest.raises(redis.exceptions.ConnectionError):
        backend("redis://127.0.0.1:1/0").get("a")
