"""
The language of a page is its address: /es/… is Spanish, every other address English.

Django's LocaleMiddleware does this for i18n_patterns with prefix_default_language=False,
but also marks every unprefixed page `Vary: Accept-Language` — which would make Varnish and
browsers keep a copy per Accept-Language header for pages that never depend on it, and
would differ from the stored pages the fast path sends. The language never comes from the
browser's Accept-Language or a cookie here: a reader chooses it with the switch in the header.
"""

from __future__ import annotations

from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re


class PathLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [field for field in cc_delim_re.split(response["Vary"]) if field.lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
