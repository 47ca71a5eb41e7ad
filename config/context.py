"""Site-wide values every template may use (the operator's settings, never literals in templates)."""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse, translate_url
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
    path, _mark, query = request.get_full_path().partition("?")
    links = _language_links(path, get_language(), get_script_prefix())
    if not query:
        return {"LANGUAGE_LINKS": links}
    return {"LANGUAGE_LINKS": [{**link, "path": f"{link['path']}?{query}"} for link in links]}


@lru_cache(maxsize=2048)
def _language_links(path: str, current: str | None, prefix: str) -> list[dict]:
    """
    LANGUAGE_LINKS for a path without its query (translate_url keeps a query as it is, so
    languages() adds it after), worked out once per path in each process: translate_url
    resolves and reverses the path for every language, ~0.15 ms a page. Callers copy, never change, it.
    """
    links = []
    for code, name in settings.LANGUAGES:
        translated = translate_url(path, code)
        if translated == path and code != current:
            return []
        links.append({"code": code, "name": name, "path": translated, "current": code == current})
    return links


# The pages every reader page links to (header and footer), by the name base.html reads them by.
_SITE_PAGES = {
    "home": "home",
    "feed": "feed",
    "search": "search",
    "articles": "articles:index",
    "board": "board",
    "editorial_policy": "editorial-policy",
    "about": "about",
    "contact": "contact",
    "privacy": "privacy",
    "login": "login",
}


def site_urls(request):
    """
    SITE_URLS: the addresses of the pages every page's header and footer link to, worked out
    once per language and script prefix in each process, not once per link per page ({% url %}
    costs tens of microseconds each, a millisecond a page that is rendered for every request,
    such as a new search).
    """
    return {"SITE_URLS": _site_urls(get_language(), get_script_prefix())}


@lru_cache(maxsize=32)
def _site_urls(language: str | None, prefix: str) -> dict[str, str]:
    """The site pages' addresses in the active language under `prefix` (both are what reverse() reads)."""
    return {key: reverse(name) for key, name in _SITE_PAGES.items()}


@receiver(setting_changed)
def _forget_site_urls(*, setting, **kwargs):
    """A test that changes the URLconf, languages or script prefix gets addresses worked out again."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _site_urls.cache_clear()
        _language_links.cache_clear()
