"""
Probes for a process manager, container runtime or load balancer.

- /healthz (liveness): the process answers. Touches neither the database nor the cache,
  so a database outage never gets a healthy process restarted.
- /readyz (readiness): the database and the cache answer; otherwise 503 naming what is
  down. The site keeps serving pages while the cache is down (publishing.caching treats it
  as a miss), but /readyz says so, so that someone mends it.

ProbeMiddleware answers both ahead of Django's host check and the session and
authentication middleware: a probe sends whatever Host it likes (often the container's
own address, which ALLOWED_HOSTS rightly refuses). SECURE_REDIRECT_EXEMPT keeps them off
the https redirect. Neither response is cached anywhere (Cache-Control: no-store).
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: this process answers requests."""
    return JsonResponse({"status": "ok"})


def database_answers() -> bool:
    """
    Can the default database run a query now? Bounded by the connection's connect timeout
    (settings: a refused connection fails at once). A kept connection the database has
    dropped (a restart: CONN_HEALTH_CHECKS is off) is closed and the query asked once more
    on a new one, as the next page would, so a database that is back is not reported down.
    """
    db = connections[DEFAULT_DB_ALIAS]
    kept = db.connection is not None
    try:
        _select_one(db)
    except Exception as error:  # any backend's connection error
        db.close()
        if kept:
            return database_answers()
        logger.warning("Readiness: the database does not answer (%s: %s).", type(error).__name__, _one_line(error))
        return False
    return True


def _select_one(db: BaseDatabaseWrapper) -> None:
    with db.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())  # libpq's messages run over several lines


def cache_answers() -> bool:
    """Can the cache store a value and give it back now?"""
    probe = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(probe, "1", timeout=10)
        answered = cache.get(probe) == "1"
        cache.delete(probe)
    except Exception as error:  # any backend's connection error
        logger.warning("Readiness: the cache does not answer (%s: %s).", type(error).__name__, _one_line(error))
        return False
    if not answered:
        logger.warning("Readiness: the cache did not give back a value it was just given.")
    return answered


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when the database and the cache answer, else 503 naming what is down."""
    checks = {"database": database_answers(), "cache": cache_answers()}
    down = [name for name, ok in checks.items() if not ok]
    body: dict[str, object] = {"status": "unavailable" if down else "ok"}
    body.update({name: "ok" if ok else "down" for name, ok in checks.items()})
    if down:
        body["down"] = down
    response = JsonResponse(body, status=503 if down else 200)
    # The probes' warnings say what is down: django.request adds no ERROR line (mailed to
    # ADMINS) for each probe while it is (django.utils.log.log_response).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


PROBES = {"/healthz": healthz, "/readyz": readyz}


class ProbeMiddleware:
    """Answer GET/HEAD /healthz and /readyz before the host check and the session (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
