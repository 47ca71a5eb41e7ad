"""Who is reading: the five audiences of the Personalize panel."""

from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    """The reader's answer to "Which best describes you?" (labels exactly as DESIGN.md)."""

    PATIENT = "patient", "Patient"
    CAREGIVER = "caregiver", "Caregiver or family member"
    STUDENT = "student", "Medical or nursing student"
    NURSE = "nurse", "Nurse or allied health professional"
    PHYSICIAN = "physician", "Physician or advanced practice clinician"


LAY_AUDIENCES = frozenset({Audience.PATIENT, Audience.CAREGIVER})


def parse_audience(value: str | None) -> Audience | None:
    """Return the audience named by `value`, or None for anything unknown or empty."""
    try:
        return Audience(value) if value else None
    except ValueError:
        return None


def is_lay(audience: Audience | None) -> bool:
    """True when the reader should get plain-language text."""
    return audience in LAY_AUDIENCES


# --- where the choice lives ---------------------------------------------------------

COOKIE_NAME = "medreview_audience"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # one year


def audience_for_request(request) -> Audience | None:
    """
    The audience a page is written for: `?audience=` in the link (what shared links
    carry) wins for that page; then a signed-in reader's profile; then the cookie.
    Unknown values are ignored.
    """
    # Without "audience" in the query string there is no link to read (and no QueryDict to build: the fast
    # path asks too, for every shared link and every address with only trackers in it).
    linked = "audience" in request.META.get("QUERY_STRING", "")
    from_link = parse_audience(request.GET.get("audience")) if linked else None
    if from_link is not None:
        return from_link
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.audience:
        chosen = parse_audience(user.audience)
        if chosen is not None:
            return chosen
    return parse_audience(request.COOKIES.get(COOKIE_NAME))


def set_audience_cookie(response, audience: Audience | None) -> None:
    """Remember (or forget) the choice in the browser: one year, SameSite=Lax."""
    if audience is None:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(
        COOKIE_NAME,
        audience.value,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )


def audience_remember(*, response, audience: Audience | None, user=None) -> None:
    """Keep a reader's choice: in the cookie, and on the profile of a signed-in reader."""
    set_audience_cookie(response, audience)
    if user is not None and user.is_authenticated:
        value = audience.value if audience else ""
        if user.audience != value:
            user.audience = value
            user.save(update_fields=["audience"])
