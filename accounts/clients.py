"""
Who is asking: the client's network address, read one documented way.

Behind reverse proxies the connection comes from the nearest proxy, and each trusted
proxy appends the address it received from to X-Forwarded-For. With
TRUSTED_PROXY_COUNT = n (environment; 0 when the site faces the internet directly), the
client is the n-th address from the right of that header; anything further left was
written by the client and is not trusted. Sign-in lockout (django-axes) and the
follow-up question limit both use this function.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 — a value for "no address", never one to bind to


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the trusted proxies' record of it."""
    # An address is always returned, and always a valid one: django-axes stores it in an
    # address column (PostgreSQL's inet), which refuses anything else.
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < proxies:
        return remote  # fewer hops than configured: not from behind our proxies
    return _valid_ip(chain[-proxies]) or remote


def visitor_key(request) -> str:
    """A keyed hash of the client's address: enough to count its requests, not to find it."""
    address = client_ip(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _limit_key(group, request) -> str:
    # django-ratelimit's key: the trusted-proxy client address, hashed.
    return visitor_key(request)


def limit_reached(request, *, group: str, rate: str, what: str) -> bool:
    """
    Count one request of `group` from this client in the shared cache and say whether it
    is over `rate` (django-ratelimit's "5/3600s"). A cache that does not answer lets the
    request through: an outage slows the site, never breaks it.
    """
    try:
        return is_ratelimited(request, group=group, key=_limit_key, rate=rate, increment=True)
    except Exception as error:  # any cache backend's connection error
        logger.warning("%s limit not counted (cache unavailable: %s)", what, error)
        return False
