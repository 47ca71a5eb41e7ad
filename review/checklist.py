"""What the board expects of every revision before approving it."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from articles.consistency import Conflict, conflicts_involving, diagnosis_keys, library_conflicts
from articles.content import Document, Register, Tier
from articles.models import Article, HistoricalArticle, Synonym
from articles.readability import GRADE_LIMITS, MAX_GRADE, TARGET_GRADE, readability
from review.publication import readable_articles


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str = ""


def _missing(entries, register: Register) -> list[str]:
    return [entry.name for entry in entries if not entry.text(register)]


def register_grades(
    document: Document, registers=(Register.PATIENT, Register.CAREGIVER)
) -> list[tuple[str, Register, float]]:
    """The reading grade of every text in `registers` (by default the lay ones): (diagnosis, register, grade)."""
    grades = []
    for _tier, entry in document.all_entries():
        for register in registers:
            result = readability(entry.text(register), register)
            if result is not None:
                grades.append((entry.name, register, result.grade))
    return grades


def lay_grades(document: Document) -> list[tuple[str, Register, float]]:
    """The reading grade of every patient and caregiver text: (diagnosis, register, grade)."""
    return register_grades(document)


def _grade_summary(grades: list[tuple[str, Register, float]], register: Register) -> str:
    values = sorted(grade for _name, graded, grade in grades if graded is register)
    if not values:
        return f"{register.label}: no texts yet"
    median = statistics.median(values)
    return f"{register.label}: grade {values[0]:.1f} to {values[-1]:.1f} (median {median:.1f}, {len(values)} texts)"


def readability_checks(document: Document) -> list[Check]:
    """Each register's texts against its reading-grade limit; the professional registers' grades reported."""
    grades = lay_grades(document)
    too_hard = [
        f"{name} ({register.label.lower()}, grade {grade:.1f})" for name, register, grade in grades if grade > MAX_GRADE
    ]
    above_target = [
        f"{name} ({register.label.lower()}, grade {grade:.1f})"
        for name, register, grade in grades
        if TARGET_GRADE < grade <= MAX_GRADE
    ]
    student_limit = GRADE_LIMITS[Register.STUDENT] or MAX_GRADE  # the student register always has a limit
    student_hard = [
        f"{name} (grade {grade:.1f})"
        for name, _register, grade in register_grades(document, (Register.STUDENT,))
        if grade > student_limit
    ]
    professional = register_grades(document, (Register.NURSE, Register.PHYSICIAN))
    return [
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
            f"Every student text reads at grade {student_limit:.0f} or below",
            not student_hard,
            "Above it: " + ", ".join(student_hard) if student_hard else "",
        ),
        Check(
            "Nurse and physician texts: reading grades reported (no limit for professional readers)",
            True,
            "; ".join(_grade_summary(professional, register) for register in (Register.NURSE, Register.PHYSICIAN))
            + ".",
        ),
    ]


def synonym_rows() -> list[tuple[str, str, bool]]:
    """The synonym table, as articles.identity reads it."""
    return list(Synonym.objects.values_list("term", "equivalents", "two_way"))


def library_documents(*, but: Article | None = None) -> dict[str, Document]:
    """slug → the document readers get, for every article readers may see (but one)."""
    shown = readable_articles()
    if but is not None:
        shown = shown.exclude(pk=but.pk)
    pairs = list(shown.values_list("slug", "reader_revision_id"))  # type: ignore[misc]  # annotated
    revisions = HistoricalArticle.objects.in_bulk([revision_id for _slug, revision_id in pairs])
    return {slug: revisions[revision_id].document for slug, revision_id in pairs}


def library_conflicts_for(article: Article, document: Document) -> list[Conflict]:
    """Where `document` (a revision of `article`) gives something another level of urgency than the library."""
    documents = {article.slug: document, **library_documents(but=article)}
    return conflicts_involving(article.slug, library_conflicts(documents, synonyms=synonym_rows()))


def must_not_miss_coverage(document: Document) -> list[tuple[str, list[str]]]:
    """Each condition the board agreed the article must cover, with the diagnoses that cover it."""
    synonyms = synonym_rows()
    entries = [(entry.name, diagnosis_keys(entry.name, synonyms=synonyms)) for _tier, entry in document.all_entries()]
    coverage = []
    for condition in document.must_not_miss:
        keys = diagnosis_keys(condition, synonyms=synonyms)
        coverage.append((condition, [name for name, entry_keys in entries if entry_keys & keys]))
    return coverage


def library_checks(document: Document, conflicts: list[Conflict]) -> list[Check]:
    """The checks that compare a revision with the rest of the library (`conflicts`) and its must-not-miss list."""
    coverage = must_not_miss_coverage(document)
    uncovered = [condition for condition, names in coverage if not names]
    return [
        Check(
            "Every diagnosis and warning sign has the urgency it has elsewhere in the library",
            not conflicts,
            " ".join(str(conflict) for conflict in conflicts),
        ),
        Check(
            "The board's must-not-miss list is agreed and every condition on it is covered",
            bool(coverage) and not uncovered,
            "; ".join(f"{c}: {', '.join(names) if names else 'NOT COVERED'}" for c, names in coverage)
            or "No must-not-miss list yet.",
        ),
    ]


def checklist_for(document: Document) -> list[Check]:
    """The board's checklist for one revision's document."""
    entries = [entry for _tier, entry in document.all_entries()]
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
    checks += readability_checks(document)
    checks += [
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
