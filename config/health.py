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
    """Can the default database run a query now?"""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any backend's connection error
        logger.warning("Readiness: the database does not answer (%s: %s).", type(error).__name__, error)
        return False
    return True


def cache_answers() -> bool:
    """Can the cache store a value and give it back now?"""
    probe = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(probe, "1", timeout=10)
        answered = cache.get(probe) == "1"
        cache.delete(probe)
    except Exception as error:  # any backend's connection error
        logger.warning("Readiness: the cache does not answer (%s: %s).", type(error).__name__, error)
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
    return JsonResponse(body, status=503 if down else 200)


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
