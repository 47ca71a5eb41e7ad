"""Site-wide values every template may use (the operator's settings, never literals in templates)."""

from django.conf import settings


def site(request):
    """The emergency number, the operator's details and the review cycle, for headers, footers and site pages."""
    return {
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "URGENT_ADVICE_NUMBER": settings.URGENT_ADVICE_NUMBER,
        "SITE_OPERATOR": settings.SITE_OPERATOR,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        # The review cycle, as the workflow applies it (review.rereview, review.selectors).
        "REVIEW_INTERVAL_MONTHS": settings.REVIEW_INTERVAL_MONTHS,
        "REVIEW_DUE_SOON_DAYS": settings.REVIEW_DUE_SOON_DAYS,
    }
