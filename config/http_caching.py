"""
HTTP caching of reader pages: who may get a shared copy, and the headers that say so.

An anonymous reader (a request with no session cookie) gets pages that are the same
for every anonymous reader of that audience: `Cache-Control: public` with a short
browser max-age and a long s-maxage for the edge cache, which the site bans at once
when a page changes (review.edge). Anyone with a session gets `private, no-cache`.
Responses say `Vary: Cookie` because the audience cookie changes them; the edge cache
keys on that one cookie only (deploy/varnish/default.vcl), so other cookies neither
split nor bypass it.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date


def is_anonymous(request) -> bool:
    """True when the request carries no session, so nobody can be signed in (the session is not even read)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def shared_cache_headers(response, *, vary_cookie: bool = True) -> None:
    """Mark a response as the same for every anonymous reader (of its audience)."""
    patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE, s_maxage=settings.EDGE_MAX_AGE)
    if vary_cookie:
        patch_vary_headers(response, ["Cookie"])


def private_headers(response) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])


def reader_page(view):
    """A reader page (home, index, board, policy, feed, sitemap): shared-cacheable for anonymous readers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        anonymous = is_anonymous(request)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            if anonymous:
                shared_cache_headers(response)
            else:
                private_headers(response)
        return response

    return wrapped


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def published_response(request, published) -> HttpResponse:
    """
    Send a stored page (review.published_pages.Published): gzipped when the client takes
    it, with a strong ETag per representation and Last-Modified, or 304 when the client
    already has it.
    """
    gzipped = _accepts_gzip(request)
    etag = published.etag[:-1] + '-gz"' if gzipped else published.etag
    last_modified = int(published.last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        body = published.gzipped if gzipped else published.html
        response = HttpResponse(body, content_type="text/html; charset=utf-8")
        if gzipped:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    max_age, s_maxage = settings.PAGE_MAX_AGE, settings.EDGE_MAX_AGE
    fresh = published.seconds_fresh()
    if fresh is not None:  # the page changes by itself when its review falls due
        max_age, s_maxage = min(max_age, fresh), min(s_maxage, fresh)
    # What shared_cache_headers and patch_vary_headers(["Accept-Encoding"]) write on a new
    # response, written out: parsing and patching them cost ~10 µs of every article read.
    response["Cache-Control"] = f"public, max-age={max_age}, s-maxage={s_maxage}"
    response["Vary"] = "Cookie, Accept-Encoding"
    if not published.is_approved:
        response["X-Robots-Tag"] = "noindex"
    return response
