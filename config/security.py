"""Request hygiene that belongs to no app: headers every response carries, and requests refused early."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest


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
