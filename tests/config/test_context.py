"""Site-wide template values come from the operator's settings (config/context.py)."""

from django.test import RequestFactory, override_settings

from config.context import site


@override_settings(
    EMERGENCY_NUMBER="112",
    URGENT_ADVICE_NUMBER="116117",
    SITE_OPERATOR="Example Health Ltd",
    CONTACT_EMAIL="editors@example.org",
    REVIEW_INTERVAL_MONTHS=9,
    REVIEW_DUE_SOON_DAYS=21,
    SITE_URL="https://medreview.example.org/",
)
def test_templates_get_the_operators_settings_not_literals(client, db):
    assert site(RequestFactory().get("/")) == {
        "EMERGENCY_NUMBER": "112",
        "URGENT_ADVICE_NUMBER": "116117",
        "SITE_OPERATOR": "Example Health Ltd",
        "CONTACT_EMAIL": "editors@example.org",
        "REVIEW_INTERVAL_MONTHS": 9,
        "REVIEW_DUE_SOON_DAYS": 21,
        "SITE_URL": "https://medreview.example.org",
    }
    html = client.get("/contact/").content.decode()
    assert "editors@example.org" in html and "Example Health Ltd" in html


def test_the_language_switch_keeps_the_query_and_each_path_its_own(client, db):
    from config.context import languages

    first = languages(RequestFactory().get("/search/", {"q": "night cramps"}))["LANGUAGE_LINKS"]
    second = languages(RequestFactory().get("/search/", {"q": "chest pain"}))["LANGUAGE_LINKS"]
    assert {link["code"]: link["path"] for link in first} == {
        "en": "/search/?q=night+cramps",
        "es": "/es/search/?q=night+cramps",
    }
    assert {link["code"]: link["path"] for link in second}["es"] == "/es/search/?q=chest+pain"
    assert languages(RequestFactory().get("/articles/leg-cramps/"))["LANGUAGE_LINKS"][1]["path"] == (
        "/es/articles/leg-cramps/"
    )
    assert languages(RequestFactory().get("/editor/"))["LANGUAGE_LINKS"] == []  # staff pages are English only
