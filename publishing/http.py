"""
HTTP caching of reader pages: who may get a shared copy, and the headers that say so.

An anonymous reader (a request with no session cookie) gets pages that are the same
for every anonymous reader of that audience: `Cache-Control: public` with a short
browser max-age and a long s-maxage for the edge cache, which the site bans at once
when a page changes (publishing.edge). Anyone with a session gets `private, no-cache`.
Responses say `Vary: Cookie` because the audience cookie changes them; the edge cache
keys on that one cookie only (deploy/varnish/default.vcl), so other cookies neither
split nor bypass it.
"""

from __future__ import annotations

from functools import lru_cache, wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# Query parameters that change nothing the site sends: link trackers (utm_* and these).
# The fast path serves pages with them, stored pages leave them out of their key, and
# deploy/varnish/default.vcl strips them from its own.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ref"})


def is_tracking(name: str) -> bool:
    """A link tracker's query parameter (TRACKING_PARAMETERS, or utm_*)."""
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


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


@lru_cache(maxsize=256)
def _encoding_for(accept_encoding: str) -> str:
    """The encoding a stored page is sent in for this Accept-Encoding: "br", "gzip" or "" (identity).
    Brotli first (smaller); an encoding given q=0 is refused."""
    accepted = set()
    for part in accept_encoding.lower().split(",")[:16]:
        name, _, params = part.partition(";")
        quality = params.strip().removeprefix("q=").strip()
        if quality in ("0", "0.0", "0.00", "0.000"):
            continue
        accepted.add(name.strip())
    if "br" in accepted:
        return "br"
    return "gzip" if "gzip" in accepted or "x-gzip" in accepted else ""


def _encoding(meta, published) -> str:
    encoding = _encoding_for(meta.get("HTTP_ACCEPT_ENCODING", "")[:200])
    if encoding == "br" and not published.brotli and not published.when_asked:  # stored before brotli copies were kept
        encoding = _encoding_for(meta.get("HTTP_ACCEPT_ENCODING", "").replace("br", "")[:200])
    return encoding


def _body(published, encoding: str) -> bytes:
    return published.body(encoding)


# A request with any of these may get a 304 or 412: Django's get_conditional_response decides.
_CONDITIONAL = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


_ETAG_SUFFIX = {"gzip": "-gz", "br": "-br"}


def _etag(published, encoding: str) -> str:
    """A strong ETag per representation: the page's, marked with the encoding."""
    suffix = _ETAG_SUFFIX.get(encoding)
    return published.etag[:-1] + suffix + '"' if suffix else published.etag


@lru_cache(maxsize=1024)
def _fixed_headers(
    etag: str, encoding: str, length: int, last_modified: int, is_approved: bool, content_type: str, language: str
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """A stored page's headers that never change, before and after Cache-Control (worked out once per page)."""
    before = [("Content-Type", content_type), ("Content-Language", language)]
    if encoding:
        before.append(("Content-Encoding", encoding))
    before += [("Content-Length", str(length)), ("ETag", etag), ("Last-Modified", http_date(last_modified))]
    # What patch_vary_headers(["Cookie"]) and (["Accept-Encoding"]) write on a new response.
    after = [("Vary", "Cookie, Accept-Encoding")]
    if not is_approved:
        after.append(("X-Robots-Tag", "noindex"))
    return tuple(before), tuple(after)


def _cache_control(published) -> str:
    """What shared_cache_headers writes, shortened to the moment the page changes by itself (its review falls due)."""
    max_age, s_maxage = settings.PAGE_MAX_AGE, settings.EDGE_MAX_AGE
    fresh = published.seconds_fresh()
    if fresh is not None:
        max_age, s_maxage = min(max_age, fresh), min(s_maxage, fresh)
    return f"public, max-age={max_age}, s-maxage={s_maxage}"


def _headers(published, encoding: str) -> list[tuple[str, str]]:
    """Every header of the 200 that sends `published` (in `encoding`), in the order they are sent."""
    before, after = _fixed_headers(
        _etag(published, encoding),
        encoding,
        len(_body(published, encoding)),
        int(published.last_modified.timestamp()),
        published.is_approved,
        published.content_type,
        published.language,
    )
    return [*before, ("Cache-Control", _cache_control(published)), *after]


def published_answer(meta, published) -> tuple[bytes, list[tuple[str, str]]] | None:
    """
    The body and headers of the 200 that sends a stored page (publishing.pages.Published)
    to a request with these META: brotli or gzip when the client takes it, with a strong ETag per
    representation and Last-Modified. None when the request is conditional: published_response
    answers that. Written as a list, not an HttpResponse, because publishing.fastpath sends it as is:
    building and patching a response cost ~15 µs of every article read (`python -m bench.profile`).
    """
    if any(name in meta for name in _CONDITIONAL):
        return None
    encoding = _encoding(meta, published)
    return _body(published, encoding), _headers(published, encoding)


def published_response(request, published) -> HttpResponse:
    """
    Send a stored page (publishing.pages.Published): published_answer's 200, or the
    304 / 412 that Django's get_conditional_response gives a conditional request, with the
    same validators and caching headers (and no Content-* headers: it has no body).
    """
    answer = published_answer(request.META, published)
    if answer is None:
        encoding = _encoding(request.META, published)
        headers = _headers(published, encoding)
        refused = get_conditional_response(
            request, etag=_etag(published, encoding), last_modified=int(published.last_modified.timestamp())
        )
        if refused is not None:
            for name, value in headers:
                if not name.startswith("Content-") or name == "Content-Language":  # it has no body, but a language
                    refused[name] = value
            return refused
        answer = _body(published, encoding), headers
    body, headers = answer
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    return response
