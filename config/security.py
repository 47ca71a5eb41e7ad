"""Request hygiene that belongs to no app: headers every response carries, and requests refused early."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


class PermissionsPolicyMiddleware:
    """Send Permissions-Policy: the browser features this site never uses are switched off."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


class RejectNulMiddleware:
    """
    A NUL character in the path or the query string is never meaningful here, and
    PostgreSQL cannot compare text with one: answer 400 before any view or admin filter
    sees it. (Forms refuse NUL in posted fields themselves, beside the field.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)


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
