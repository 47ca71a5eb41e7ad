"""
Request checks shared by every part of the web layer: same-origin POSTs for the two
token-free forms on cacheable reader pages, and safe redirect targets.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


def safe_next_url(request, next_url: str, *, default: str = "/") -> str:
    """`next_url` if it is a path on this site, else `default`: never another host, never a view name."""
    if (
        next_url.startswith("/")
        and "\x00" not in next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return next_url
    return default


def is_same_origin_post(request) -> bool:
    """
    Did this POST come from one of the site's own pages? Browsers say so in
    Sec-Fetch-Site (all current ones) or Origin (all since about 2020), or at least in
    Referer; a POST that says nothing, or names another site, is refused.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    host = request.get_host()
    allowed = {f"{request.scheme}://{host}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.META.get("HTTP_ORIGIN")
    if origin and origin != "null":
        return origin in allowed
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    return bool(referer.netloc) and f"{referer.scheme}://{referer.netloc}" in allowed


def same_origin_post(view):
    """
    For the two forms on cacheable reader pages (personalize, ask a question), which carry
    no CSRF token so that the page is the same for everyone: POST only, and only from this
    site's pages (README, "Published pages", says why this is enough for these two).
    """

    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_same_origin_post(request):
            raise PermissionDenied(
                "This form can only be sent from MedReview's own pages. Go back to the article and try again."
            )
        return view(request, *args, **kwargs)

    return wrapped
