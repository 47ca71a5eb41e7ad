"""Who is reading: the five audiences of the Personalize panel."""

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
