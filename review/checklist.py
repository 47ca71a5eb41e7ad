"""What the board expects of every revision before approving it."""

from __future__ import annotations

from dataclasses import dataclass

from articles.content import Document, Register, Tier
from articles.readability import MAX_GRADE, TARGET_GRADE, readability


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str = ""


def _missing(entries, register: Register) -> list[str]:
    return [entry.name for entry in entries if not entry.text(register)]


def lay_grades(document: Document) -> list[tuple[str, Register, float]]:
    """The reading grade of every patient and caregiver text: (diagnosis, register, grade)."""
    grades = []
    for _tier, entry in document.all_entries():
        for register in (Register.PATIENT, Register.CAREGIVER):
            result = readability(entry.text(register))
            if result is not None:
                grades.append((entry.name, register, result.grade))
    return grades


def checklist_for(document: Document) -> list[Check]:
    """The board's checklist for one revision's document."""
    entries = [entry for _tier, entry in document.all_entries()]
    grades = lay_grades(document)
    too_hard = [
        f"{name} ({register.label.lower()}, grade {grade:.1f})" for name, register, grade in grades if grade > MAX_GRADE
    ]
    above_target = [
        f"{name} ({register.label.lower()}, grade {grade:.1f})"
        for name, register, grade in grades
        if TARGET_GRADE < grade <= MAX_GRADE
    ]
    no_emergency = [e.name for e in document.entries(Tier.DO_NOT_MISS) if not e.emergency_signs]
    unverifiable = [
        f"{number}. {ref.citation[:60]}"
        for number, ref in enumerate(document.references, start=1)
        if not (ref.url or ref.pmid or ref.doi)
    ]
    checks = [Check("The differential lists at least one diagnosis", bool(entries))]
    for register in Register:
        missing = _missing(entries, register)
        checks.append(
            Check(
                f"Every diagnosis has a text for: {register.label.lower()}",
                bool(entries) and not missing,
                "Missing for: " + ", ".join(missing) if missing else "",
            )
        )
    checks += [
        Check(
            f"Every patient and caregiver text reads at grade {MAX_GRADE:.0f} or below (Flesch–Kincaid)",
            not too_hard,
            "Above it: " + ", ".join(too_hard) if too_hard else "",
        ),
        Check(
            f"Patient and caregiver texts aim at grade {TARGET_GRADE:.0f}",
            not above_target,
            "Between 6 and 8: " + ", ".join(above_target) if above_target else "",
        ),
        Check(
            "Every Do Not Miss diagnosis says when to get emergency help",
            not no_emergency,
            "Missing for: " + ", ".join(no_emergency) if no_emergency else "",
        ),
        Check(
            "The article cites references",
            bool(document.references),
            "" if document.references else "No references yet.",
        ),
        Check(
            "Every reference has a link, a PMID or a DOI that a reader can check",
            bool(document.references) and not unverifiable,
            "Neither link nor identifier: " + "; ".join(unverifiable) if unverifiable else "",
        ),
    ]
    return checks
