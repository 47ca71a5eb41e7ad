"""Site-wide values every template may use (the operator's settings, never literals in templates)."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """The emergency number, the operator's details and the review cycle, for headers, footers and site pages."""
    return {
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "URGENT_ADVICE_NUMBER": settings.URGENT_ADVICE_NUMBER,
        "SITE_OPERATOR": settings.SITE_OPERATOR,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        # The site's own address, for absolute links that must not take a request's Host (hreflang alternates).
        "SITE_URL": settings.SITE_URL.rstrip("/"),
        # The review cycle, as the workflow applies it (review.rereview, review.selectors).
        "REVIEW_INTERVAL_MONTHS": settings.REVIEW_INTERVAL_MONTHS,
        "REVIEW_DUE_SOON_DAYS": settings.REVIEW_DUE_SOON_DAYS,
    }


def languages(request):
    """
    The same page in each of the site's languages (the switch in the header, and the
    hreflang alternates): LANGUAGE_LINKS, each {code, name, path, current}. Empty for a page
    that has no address in another language (staff pages, which are English only).
    """
    current = get_language()
    path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        translated = translate_url(path, code)
        if translated == path and code != current:
            return {"LANGUAGE_LINKS": []}
        links.append({"code": code, "name": name, "path": translated, "current": code == current})
    return {"LANGUAGE_LINKS": links}
