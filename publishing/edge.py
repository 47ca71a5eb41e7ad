"""
The edge cache (Varnish, deploy/varnish/default.vcl): told at once when pages change.

When EDGE_CACHE_URLS lists the edge caches (e.g. http://127.0.0.1:6081), each change of
what readers get sends every one of them a BAN for the article's page (all audiences)
and for the lists that show it (home, index, feed, sitemap, board). The VCL accepts BAN
only from the addresses in its `purgers` ACL. An edge that does not answer is logged;
its copies then live at most EDGE_MAX_AGE seconds (the s-maxage the site sends).
"""

from __future__ import annotations

import logging
import re
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

# Every language's address of a page: English unprefixed, the others under /<language>/.
_LANGUAGE = "(/[a-z]{2})?"
# The lists that show an article: banned whenever any article changes.
LIST_PATTERNS = tuple(
    f"^{_LANGUAGE}{path}" for path in ("/$", "/articles/(\\?.*)?$", "/feed/", "/sitemap\\.xml", "/board/", "/search/")
)


def _ban(base_url: str, pattern: str) -> None:
    url = base_url.rstrip("/") + "/"
    if not url.startswith(("http://", "https://")):
        raise OSError(f"not an http(s) address: {url}")
    request = urllib.request.Request(url, method="BAN", headers={"X-Ban-Url": pattern})  # noqa: S310 — checked above
    with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 — an operator-configured http URL
        response.read()


def ban(patterns: list[str]) -> None:
    """Ask every edge cache to drop the pages whose path matches any of `patterns` (regular expressions)."""
    for base_url in settings.EDGE_CACHE_URLS:
        for pattern in patterns:
            try:
                _ban(base_url, pattern)
            except OSError as error:
                logger.warning("Edge cache %s did not take the ban of %s: %s", base_url, pattern, error)


def purge_articles(slugs: list[str]) -> None:
    """Drop the pages of these articles (every audience, every query) and the lists, at every edge."""
    if not settings.EDGE_CACHE_URLS:
        return
    ban([f"^{_LANGUAGE}/articles/{re.escape(slug)}/" for slug in slugs] + list(LIST_PATTERNS))
