"""Site-wide values every template may use (the operator's settings, never literals in templates)."""

from django.conf import settings


def site(request):
    """The emergency number and the operator's details, for headers, footers and site pages."""
    return {
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "SITE_OPERATOR": settings.SITE_OPERATOR,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }
