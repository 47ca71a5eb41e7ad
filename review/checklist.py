"""What the board expects of every revision before approving it."""

from __future__ import annotations

from dataclasses import dataclass

from articles.content import Document, Tier
from articles.readability import MAX_GRADE, readability_report


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str = ""


def checklist_for(document: Document) -> list[Check]:
    """The board's checklist for one revision's document."""
    entries = document.all_entries()
    no_plain = [e.name for _t, e in entries if not e.plain]
    no_signs = [e.name for e in document.entries(Tier.DO_NOT_MISS) if not e.emergency_signs]
    too_hard = [f"{r.name} ({r.readability})" for r in readability_report(document) if r.readability.too_hard]
    return [
        Check("The differential lists at least one diagnosis", bool(entries)),
        Check(
            "Every diagnosis has a plain-language text",
            bool(entries) and not no_plain,
            "Missing for: " + ", ".join(no_plain) if no_plain else "",
        ),
        Check(
            f"Every plain-language text reads at grade {MAX_GRADE:.0f} or below (Flesch–Kincaid)",
            not too_hard,
            "Above it: " + ", ".join(too_hard) if too_hard else "",
        ),
        Check(
            "Every Do Not Miss diagnosis has warning signs",
            not no_signs,
            "Missing for: " + ", ".join(no_signs) if no_signs else "",
        ),
        Check(
            "The article cites references",
            bool(document.references),
            "" if document.references else "No references yet.",
        ),
    ]
