"""
The fast path: a stored page for an anonymous reader, answered in front of Django.

Article pages (publishing.pages) and the other stored reader pages (home, index, board,
policy pages, feed, sitemap, search results: publishing.sitepages) alike.

An anonymous GET or HEAD of `/articles/<slug>/` is by far the most frequent request, and
its answer is already decided: the stored bytes of publishing.pages. Django's
middleware stack and URL resolver cost more than the rest of that request together
(`python -m bench.profile`), so this WSGI callable answers it itself, the way WhiteNoise
answers a static file, and hands every other request to Django unchanged.

It decides nothing about what readers get: it asks pages.stored_page (the same
lookup the view makes, renders nothing) and sends the result with
publishing.http.published_response (the view's own headers, gzip and 304). The
headers Django's outer middleware put on every response (security headers, CSP,
X-Frame-Options, Permissions-Policy) are learned once per process by running that
middleware itself over an empty response. The request is parsed by Django's own
WSGIRequest, the host checked by its get_host() (once per host seen), and request_started/request_finished
are sent as Django's handler sends them (they close stale database connections).

A query string that changes nothing for an anonymous reader is served too: `?audience=`
(a shared link: the stored page of that audience, and no cookie set) and tracking
parameters (utm_*, fbclid, gclid…). A HEAD request is answered without a body on both
paths (the headers, Content-Length included, are the GET's).

It never serves, and leaves to Django: any method but GET and HEAD, any other query string, any
other path (a NUL or anything but a slug fails the pattern), a session or CSRF cookie
(anyone who may be signed in), a host not in ALLOWED_HOSTS, a plain-http request when
SECURE_SSL_REDIRECT is on, PREPEND_WWW or DISALLOWED_USER_AGENTS in force, a page not
stored for the current version (Django renders and stores it), an article readers may
not see (404/410), and any error. tests/publishing/test_fastpath.py compares both paths byte for
byte, headers included.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl

from django.conf import settings
from django.core import signals
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.module_loading import import_string

from accounts.audiences import audience_for_request
from articles.content import ORIGINAL_LANGUAGE
from publishing import pages, sitepages
from publishing.http import is_tracking, published_answer, published_response

logger = logging.getLogger(__name__)

Answer = tuple[str, list[tuple[str, str]], bytes]  # status line, headers, body
# What HttpRequest.get_host() reads of the request (with get_port()).
_HOST_META = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "HTTP_X_FORWARDED_PORT")

# web/reader/urls.py: path("<slug:slug>/", ...) under "articles/" (under /<language>/ but English's,
# config/urls.py); the slug converter's pattern.
_PREFIXES = "|".join(re.escape(code) for code, _name in settings.LANGUAGES if code != ORIGINAL_LANGUAGE)
ARTICLE_PATH = re.compile(rf"(?:/(?P<language>{_PREFIXES}))?/articles/(?P<slug>[-a-zA-Z0-9_]+)/")

# The site's middleware above this one put the same headers on every response (and refuse
# a NUL, which the pattern above already excludes). Below it, nothing acts on an anonymous
# article GET but CommonMiddleware (host check, PREPEND_WWW, DISALLOWED_USER_AGENTS,
# Content-Length), which the fast path does itself or leaves to Django.
HEADER_MIDDLEWARE_END = "whitenoise.middleware.WhiteNoiseMiddleware"

MAX_QUERY_LENGTH = 512


def harmless_query(query: str) -> bool:
    """True when a query string holds only the audience (accounts.audiences reads it) and link trackers."""
    if not query:
        return True
    if len(query) > MAX_QUERY_LENGTH:
        return False
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True, max_num_fields=16)
    except ValueError:
        return False
    return all(name == "audience" or is_tracking(name) for name, _ in pairs)


class FastPath:
    """WSGI application: stored article pages for anonymous readers; everything else goes to `django`."""

    def __init__(self, django, *, request_id_middleware):
        self.django = django
        # The site's RequestIdMiddleware (config.middleware), handed in by config.wsgi, so
        # that the log lines of the lookup carry the request id as Django's own do.
        self.with_request_id = request_id_middleware(self._respond)
        self._site_headers: dict[bool, list[tuple[str, str]]] = {}
        self._allowed_hosts: set[tuple] = set()
        self._besides: dict[tuple, list[tuple[str, str]]] = {}

    def __call__(self, environ, start_response):
        answer = None
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if method in ("GET", "HEAD") and (
            (ARTICLE_PATH.fullmatch(path) and harmless_query(environ.get("QUERY_STRING", "")))
            or sitepages.is_stored_path(path)
        ):
            answer = self._answer(environ)
        if answer is None:
            result = self.django(environ, start_response)
            return _Headless(result) if method == "HEAD" else result
        status, headers, body = answer
        start_response(status, headers)
        # The server's close() sends request_finished, as with Django's own responses.
        return _Body(b"" if method == "HEAD" else body)

    def _answer(self, environ) -> Answer | None:
        try:
            request = WSGIRequest(environ)
            if not self._may_answer(request):
                return None
        except Exception:  # noqa: BLE001 — a host Django refuses (400), a setting it rejects: Django says so
            return None
        signals.request_started.send(sender=self.__class__, environ=environ)
        response = None
        try:
            response = self.with_request_id(request)
        except (OperationalError, InterfaceError):
            response = None  # the database is out of reach: Django answers (503) and logs it once
        except Exception:
            logger.exception("The fast path failed on %s; Django answers instead.", request.path)
            response = None
        finally:
            if response is None:
                signals.request_finished.send(sender=self.__class__)
        return response

    def _may_answer(self, request) -> bool:
        """No one who may be signed in, nothing Django's middleware would redirect or refuse."""
        cookies = request.COOKIES
        if (
            settings.SESSION_COOKIE_NAME in cookies
            or settings.CSRF_COOKIE_NAME in cookies
            or settings.PREPEND_WWW
            or settings.DISALLOWED_USER_AGENTS
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        ):
            return False
        self._check_host(request)
        return True

    def _check_host(self, request) -> None:
        """Django's get_host() (DisallowedHost for a host not in ALLOWED_HOSTS), once per host this process sees."""
        meta = request.META
        seen = (  # everything get_host() reads: the request's host headers and the settings that judge them
            *(meta.get(name) for name in _HOST_META),
            tuple(settings.ALLOWED_HOSTS),
            settings.DEBUG,
            settings.USE_X_FORWARDED_HOST,
            settings.USE_X_FORWARDED_PORT,
        )
        if seen in self._allowed_hosts:
            return
        request.get_host()
        if len(self._allowed_hosts) < 64:  # a bounded set: hosts are few, and a refused one is never added
            self._allowed_hosts.add(seen)

    def _respond(self, request) -> Answer | None:
        published = _stored(request)
        if published is None:
            return None
        answer = published_answer(request.META, published)
        if answer is not None:
            body, headers = answer
            status = "200 OK"
        else:  # a conditional request: a 304 or 412, or a 200, as the view answers it
            response = published_response(request, published)
            if "Content-Length" not in response:  # as CommonMiddleware does (a 304 says 0)
                response["Content-Length"] = str(len(response.content))
            status, headers = f"{response.status_code} {response.reason_phrase}", [*response.items()]
            body = response.content
        # The outer middleware's headers, after the response's own, as the middleware add them.
        return status, headers + self._site_headers_besides(request, tuple(name for name, _ in headers)), body

    def _site_headers_besides(self, request, names: tuple[str, ...]) -> list[tuple[str, str]]:
        """site_headers() but those the response sets itself (`names`), worked out once per set of names."""
        key = (request.is_secure(), names)
        extra = self._besides.get(key)
        if extra is None:
            own = {name.lower() for name in names}
            extra = [header for header in self.site_headers(request) if header[0].lower() not in own]
            if len(self._besides) < 64:  # responses come in a handful of header sets
                self._besides[key] = extra
        return extra

    def site_headers(self, request) -> list[tuple[str, str]]:
        """What the site's outer middleware add to a plain 200 for this kind of request (https or not)."""
        secure = request.is_secure()
        if secure not in self._site_headers:
            paths = list(settings.MIDDLEWARE)
            if HEADER_MIDDLEWARE_END not in paths:
                raise ImproperlyConfigured(f"publishing.fastpath expects {HEADER_MIDDLEWARE_END} in MIDDLEWARE.")
            plain = HttpResponse()
            handler = lambda request: plain  # noqa: E731
            for path in reversed(paths[: paths.index(HEADER_MIDDLEWARE_END)]):
                handler = import_string(path)(handler)
            answered = handler(request)
            if answered is not plain:
                raise ImproperlyConfigured("The site's outer middleware answered an article request themselves.")
            self._site_headers[secure] = [(name, value) for name, value in plain.items() if name != "Content-Type"]
        return self._site_headers[secure]


def _stored(request) -> pages.Published | None:
    """The stored page of an article or of a site page (publishing.sitepages) for this request, if there is one."""
    match = ARTICLE_PATH.fullmatch(request.path_info)
    if match is not None:
        return pages.stored_page(
            slug=match["slug"], audience=audience_for_request(request), language=match["language"] or ORIGINAL_LANGUAGE
        )
    key = sitepages.page_key(request)
    return sitepages.stored_site_page(key) if key is not None else None


class _Body:
    """The body of a fast-path answer; closing it ends the request, as an HttpResponse's close() does."""

    def __init__(self, body: bytes):
        self.body = body

    def __iter__(self):
        yield self.body

    def close(self) -> None:
        signals.request_finished.send(sender=FastPath)


class _Headless:
    """Django's answer to a HEAD, without its body (Django sends the GET's; gunicorn warns of each)."""

    def __init__(self, result):
        self.result = result

    def __iter__(self):
        return iter(())

    def close(self) -> None:
        close = getattr(self.result, "close", None)
        if close is not None:
            close()
