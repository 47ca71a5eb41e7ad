"""
Version keys in the shared cache, read without a round trip on every request.

A stored page is served when this process's copy is of the version every process is told
of: the article's publication version (publishing.pages) or the site signal
(publishing.sitepages), both small keys in Redis. Reading such a key on every request
cost a GET — a send, a wait and a receive, about 0.2–0.3 ms of CPU in the worker — which
was most of what an article cost on PostgreSQL + Redis (`make bench`).

So each process remembers the values it read, and a thread of its own listens on a Redis
channel on which every change of such a key is announced (`set`, `delete`: the key is
written first, then announced). A remembered value is used only while

- the listener is subscribed and has answered a PING lately (a lost connection forgets
  everything and reads each key again until it is back);
- no announcement of its key has come since it was read (a generation count, taken
  before the read, keeps a value read just before a change from being remembered
  after it);
- it is younger than TRUST_SECONDS: whatever goes wrong unseen (an announcement lost
  with the cache down), no process serves an old page for longer than that.

An announcement reaches the listeners within the time Redis takes to pass it on (well
under a millisecond on one machine), before the edge caches are purged (publishing.pages
announces, then purges). The process that makes a change forgets its own copy at once.
Without Redis (SQLite's local-memory cache, or any other backend) this module only reads
the cache, as publishing.caching does.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.core.cache import cache

from publishing import caching

logger = logging.getLogger(__name__)

TRUST_SECONDS = 1.0  # the longest a remembered value is used without reading it again
PING_SECONDS = 2.0  # how often the listener asks Redis whether the channel still works
SILENT_SECONDS = 6.0  # no answer to a PING for this long: the listener is treated as lost
RETRY_SECONDS = 1.0  # wait before subscribing again after a failure
REMEMBERED = 4096  # bound on the keys kept (a key per article, and the site signal)


def _redis_client():
    """The redis-py client of the site's cache, or None when the cache is not Redis (publishing.redis_cache)."""
    backend = getattr(cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    if get_client is None:
        return None
    try:
        return get_client(write=True)
    except Exception:  # noqa: BLE001 — a cache that cannot make a client is a cache without a listener
        return None


def channel() -> str:
    """The channel of this site's announcements (Redis channels are shared by every database number)."""
    return f"{cache.key_prefix}:medreview:versions"


class _Listener:
    """The announcements this process has heard, and the values it may use meanwhile."""

    def __init__(self):
        self.lock = threading.Lock()
        self.values: dict[str, tuple[object, float]] = {}  # key -> (value, when read)
        self.generation = 0  # counts announcements heard (and losses of the channel)
        self.subscribed = False
        self.answered_at = 0.0  # when Redis last answered on the channel (monotonic)
        self.started = False  # in this process (a forked child starts its own: _after_fork)
        self.thread: threading.Thread | None = None
        self.failing = False
        self.stopping = threading.Event()

    # --- in the request's thread -------------------------------------------------------

    def healthy(self, now: float | None = None) -> bool:
        return self.subscribed and (time.monotonic() if now is None else now) - self.answered_at < SILENT_SECONDS

    def ensure_started(self, now: float) -> bool:
        """Start the listener in this process if need be; True when remembered values may be used now."""
        if not self.started:
            client = _redis_client()
            if client is None:
                return False
            with self.lock:
                if not self.started:
                    self.started = True
                    self.values.clear()
                    self.subscribed = False
                    self.thread = threading.Thread(
                        target=self._run, args=(client, channel()), name="medreview-versions", daemon=True
                    )
                    self.thread.start()
        return self.healthy(now)

    def get(self, key: str):
        now = time.monotonic()
        if not self.ensure_started(now):
            return caching.get(key)
        entry = self.values.get(key)
        if entry is not None and now - entry[1] < TRUST_SECONDS:
            return entry[0]
        generation = self.generation
        value = caching.get(key)
        if value is not None:
            with self.lock:
                if self.generation == generation and self.healthy():
                    while len(self.values) >= REMEMBERED:
                        del self.values[next(iter(self.values))]
                    self.values[key] = (value, now)
        return value

    def forget(self, key: str | None = None) -> None:
        with self.lock:
            self.generation += 1
            if key is None:
                self.values.clear()
            else:
                self.values.pop(key, None)

    def _after_fork(self) -> None:
        """In a forked child (a gunicorn worker): the parent's thread and lock are not its own."""
        self.lock = threading.Lock()
        self._unstarted()

    def _unstarted(self) -> None:
        """No listener in this process, and nothing remembered: the next read starts one."""
        with self.lock:
            self.values.clear()
            self.generation += 1
            self.subscribed = False
            self.started = False
            self.thread = None

    # --- in the listener's thread ---------------------------------------------------

    def stop(self) -> None:
        """End the listener and forget everything (tests that switch caches); the next read starts it again."""
        thread = self.thread
        self.stopping.set()
        if thread is not None:
            thread.join(timeout=5)
        self._unstarted()
        self.stopping = threading.Event()

    def _run(self, client, name: str) -> None:
        stopping = self.stopping
        while not stopping.is_set():
            try:
                self._listen(client, name, stopping)
            except Exception as error:  # noqa: BLE001 — any failure: forget, say so once, subscribe again
                if not self.failing:
                    self.failing = True
                    logger.warning("Version announcements unavailable (%s); reading the cache on every request.", error)
            self.subscribed = False
            self.forget()
            stopping.wait(RETRY_SECONDS)

    def _listen(self, client, name: str, stopping: threading.Event) -> None:
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(name)
            pinged = 0.0
            while not stopping.is_set():
                now = time.monotonic()
                if now - pinged >= PING_SECONDS:
                    pubsub.ping()
                    pinged = now
                if self.subscribed and now - self.answered_at >= SILENT_SECONDS:
                    raise ConnectionError("no answer on the channel")
                message = pubsub.get_message(timeout=PING_SECONDS / 2)
                if message is None:
                    continue
                kind = message["type"]
                if kind == "message":
                    data = message["data"]
                    self.forget(data.decode() if isinstance(data, bytes) else str(data))
                elif kind in ("subscribe", "pong"):
                    self.answered_at = time.monotonic()
                    if kind == "subscribe":
                        self.forget()  # anything remembered before may have missed an announcement
                        self.subscribed = True
                        if self.failing:
                            self.failing = False
                            logger.warning("Version announcements heard again.")
        finally:
            pubsub.close()


_listener = _Listener()
os.register_at_fork(after_in_child=_listener._after_fork)


def get(key: str):
    """The value of a version key (None if the cache has none): remembered, or read from the cache."""
    return _listener.get(key)


def set(key: str, value, timeout=None) -> None:  # noqa: A001 — mirrors cache.set
    """Write a version key and announce it to every process."""
    caching.set(key, value, timeout=timeout)
    _announce(key)


def delete(key: str) -> None:
    """Delete a version key and announce it to every process."""
    caching.delete(key)
    _announce(key)


def add(key: str, value, timeout=None) -> None:
    """Write a version key that is absent (no process remembers a value of it: nothing to announce)."""
    caching.add(key, value, timeout=timeout)


def forget() -> None:
    """Drop this process's remembered values (tests that empty the cache behind the site's back)."""
    _listener.forget()


def stop() -> None:
    """End this process's listener (tests that change the cache's settings); the next read starts one again."""
    _listener.stop()


def listening() -> bool:
    """True when this process's listener is subscribed and answering (remembered values are used)."""
    return _listener.healthy()


def _announce(key: str) -> None:
    _listener.forget(key)
    client = _redis_client()
    if client is None:
        return
    try:
        client.publish(channel(), key)
    except Exception as error:  # noqa: BLE001 — the listeners then read it again within TRUST_SECONDS
        logger.warning("Could not announce a change of %s: %s", key, error)
