"""publishing.versions: version keys remembered per process while a Redis channel says they have not changed."""

import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from publishing import versions

REDIS = "redis://127.0.0.1:6379/15"


def _eventually(condition, seconds=3.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture
def raw():
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


@pytest.fixture
def on_redis(raw):
    """The site's cache on Redis, with a prefix of its own (its channel is this test's alone)."""
    caches = {
        "default": {
            "BACKEND": "publishing.redis_cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"versions-test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    versions.stop()
    with override_settings(CACHES=caches):
        yield raw
        versions.stop()  # before the cache goes back to the test settings' own
        cache.delete_many(["pubver", "other"])


def test_a_key_is_remembered_while_no_change_is_announced(on_redis):
    cache.set("pubver", 1)
    assert versions.get("pubver") == 1
    assert _eventually(versions.listening)
    assert versions.get("pubver") == 1  # read again now that the listener is subscribed: remembered
    cache.set("pubver", 2)  # behind the site's back: no announcement
    assert versions.get("pubver") == 1, "the remembered value is used: no round trip"


def test_an_announcement_from_another_process_is_heard_at_once(on_redis):
    cache.set("pubver", 1)
    versions.get("pubver")
    assert _eventually(versions.listening)
    versions.get("pubver")
    cache.set("pubver", 2)
    on_redis.publish(versions.channel(), "pubver")  # as another process's versions.set does
    assert _eventually(lambda: versions.get("pubver") == 2, seconds=1.0)


def test_a_change_made_here_is_read_at_once_and_announced(on_redis):
    cache.set("pubver", 1)
    versions.get("pubver")
    assert _eventually(versions.listening)
    subscriber = on_redis.pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(versions.channel())
    try:
        versions.set("pubver", 2)
        assert versions.get("pubver") == 2
        message = None
        deadline = time.monotonic() + 2
        while message is None and time.monotonic() < deadline:
            message = subscriber.get_message(timeout=0.1)
        assert message is not None and message["data"] == b"pubver"
        versions.delete("pubver")
        assert versions.get("pubver") is None
    finally:
        subscriber.close()


def test_a_remembered_value_is_read_again_after_trust_seconds(on_redis, monkeypatch):
    monkeypatch.setattr(versions, "TRUST_SECONDS", 0.2)
    cache.set("pubver", 1)
    versions.get("pubver")
    assert _eventually(versions.listening)
    versions.get("pubver")
    cache.set("pubver", 2)  # an announcement lost
    assert versions.get("pubver") == 1
    time.sleep(0.25)
    assert versions.get("pubver") == 2


def test_losing_the_channel_forgets_everything_until_subscribed_again(on_redis, caplog):
    cache.set("pubver", 1)
    versions.get("pubver")
    assert _eventually(versions.listening)
    versions.get("pubver")
    cache.set("pubver", 2)
    for client in on_redis.client_list():
        if int(client.get("sub", 0)) > 0 and client.get("db") == "15":
            on_redis.client_kill_filter(_id=client["id"])
    assert _eventually(lambda: not versions.listening())
    assert versions.get("pubver") == 2, "without the channel every read goes to the cache"
    assert "Version announcements unavailable" in caplog.text
    assert _eventually(versions.listening), "subscribed again"


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_without_redis_every_read_goes_to_the_cache():
    versions.stop()
    try:
        cache.set("pubver", 1)
        assert versions.get("pubver") == 1
        time.sleep(0.1)
        cache.set("pubver", 2)
        assert versions.get("pubver") == 2
        assert not versions.listening()
    finally:
        versions.stop()
