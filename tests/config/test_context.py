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
