"""Request hygiene that belongs to no app: headers every response carries, and requests refused early."""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
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


# What a view or template can set to give one response its own policy (django-csp's
# @csp, @csp_update, @csp_replace and their report-only twins).
_PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(DjangoCSPMiddleware):
    """
    django-csp's middleware, with the site-wide policy built once instead of on every
    response. django-csp 4.0 builds the header (and the report-only one) from settings
    twice per response, about 100 µs of a reader page's CPU; a response with no policy of
    its own and no nonce gets the same string every time, so it is built once per value of
    the settings (override_settings in tests gives a new value, and a new build). Any
    other response goes through django-csp unchanged.
    """

    _built: tuple | None = None

    def _site_policy(self) -> tuple[str, tuple[str, ...], str, tuple[str, ...]]:
        """(header, excluded prefixes, report-only header, its excluded prefixes) for the current settings."""
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        config_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not config or built[1] is not config_ro:
            built = (
                config,
                config_ro,
                build_policy(),
                tuple((config or {}).get("EXCLUDE_URL_PREFIXES", None) or ()),
                build_policy(report_only=True),
                tuple((config_ro or {}).get("EXCLUDE_URL_PREFIXES", None) or ()),
            )
            self._built = built
        return built[2:]

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        policy, excluded, policy_ro, excluded_ro = self._site_policy()
        path = request.path_info
        if (
            policy
            and HEADER not in response
            and getattr(response, "_csp_exempt", False) is False
            and not path.startswith(excluded)
        ):
            response[HEADER] = policy
        if (
            policy_ro
            and HEADER_REPORT_ONLY not in response
            and getattr(response, "_csp_exempt_ro", False) is False
            and not path.startswith(excluded_ro)
        ):
            response[HEADER_REPORT_ONLY] = policy_ro
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
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
