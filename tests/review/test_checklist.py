"""What the board expects of every revision before approving it (review/checklist.py)."""

from articles.content import Document, Entry, Reference, Register, Tier
from review.checklist import checklist_for, lay_grades
from tests import factories

HARD = "Comprehensive pharmacological interventions necessitate individualized consideration of comorbidities."


def complete_entry(name, **overrides):
    texts = {
        "clinical": "Clinical text.",
        "nurse": "Nurse text.",
        "student": "Student text.",
        "plain": "It is a short text.",
        "caregiver": "They may need help.",
        "emergency_signs": ("Chest pain",),
    }
    texts.update(overrides)
    return Entry(name=name, **texts)


def results(document):
    return {check.label: (check.passed, check.detail) for check in checklist_for(document)}


def complete_document(**overrides):
    tiers = {tier: (complete_entry(f"Diagnosis {tier.value}"),) for tier in Tier}
    references = (Reference(citation="NICE CKS: Leg cramps.", url="https://cks.nice.org.uk/topics/leg-cramps/"),)
    values = {"tiers": tiers, "references": references}
    values.update(overrides)
    return Document(**values)


def test_a_complete_revision_passes_every_check():
    assert {label: detail for label, (passed, detail) in results(complete_document()).items() if not passed} == {}


def test_each_missing_register_is_named_with_the_diagnoses_that_lack_it():
    document = complete_document(tiers={Tier.MOST_LIKELY: (complete_entry("Night cramps", nurse="", student=""),)})
    checks = results(document)
    for register in (Register.NURSE, Register.STUDENT):
        assert checks[f"Every diagnosis has a text for: {register.label.lower()}"] == (
            False,
            "Missing for: Night cramps",
        )
    assert checks[f"Every diagnosis has a text for: {Register.CAREGIVER.label.lower()}"] == (True, "")


def test_a_do_not_miss_diagnosis_without_emergency_signs_fails():
    document = complete_document(tiers={Tier.DO_NOT_MISS: (complete_entry("DVT", emergency_signs=()),)})
    assert results(document)["Every Do Not Miss diagnosis says when to get emergency help"] == (
        False,
        "Missing for: DVT",
    )


def test_references_need_a_link_or_an_identifier_a_reader_can_check():
    document = complete_document(
        references=(Reference(citation="A textbook without a link."), Reference(citation="x", pmid="12345678"))
    )
    passed, detail = results(document)["Every reference has a link, a PMID or a DOI that a reader can check"]
    assert not passed and detail == "Neither link nor identifier: 1. A textbook without a link."
    assert results(complete_document(references=()))["The article cites references"] == (False, "No references yet.")


def test_grades_above_the_limit_fail_and_the_text_is_named_with_its_register():
    document = complete_document(tiers={Tier.RARE: (complete_entry("Amyloidosis", plain=HARD),)})
    passed, detail = results(document)["Every patient and caregiver text reads at grade 8 or below (Flesch–Kincaid)"]
    assert not passed and detail.startswith("Above it: Amyloidosis (plain language")
    assert [(name, register) for name, register, grade in lay_grades(document) if grade > 8] == [
        ("Amyloidosis", Register.PATIENT)
    ]


def test_an_empty_differential_fails_the_first_check_and_every_register_check():
    checks = results(Document(tiers={}, references=factories.document().references))
    assert checks["The differential lists at least one diagnosis"] == (False, "")
    assert not any(passed for label, (passed, _) in checks.items() if label.startswith("Every diagnosis has"))


def test_the_checklist_lists_an_urgency_conflict_with_the_library_and_the_must_not_miss_coverage(editor, reviewer):
    import dataclasses

    from articles.content import Document, Entry, Tier
    from review.checklist import library_checks, library_conflicts_for, must_not_miss_coverage

    live = factories.approved_article(editor, reviewer)  # its DVT entry: emergency signs
    other = factories.make_article(by=editor, slug="leg-swelling", condition="Leg swelling", title="Leg swelling")
    dvt_today = Entry(name="DVT", clinical="A clot.", today_signs=("A swollen, painful calf",))
    document = Document(tiers={Tier.DO_NOT_MISS: (dvt_today,)}, must_not_miss=("Deep vein thrombosis", "Cellulitis"))
    conflicts = library_conflicts_for(other, document)
    assert len(conflicts) == 1 and conflicts[0].slugs == {live.slug, "leg-swelling"}
    assert must_not_miss_coverage(document) == [("Deep vein thrombosis", ["DVT"]), ("Cellulitis", [])]
    conflict_check, coverage_check = library_checks(document, conflicts)
    assert not conflict_check.passed and "leg-swelling" in conflict_check.detail
    assert not coverage_check.passed and "Cellulitis: NOT COVERED" in coverage_check.detail
    agreed = dataclasses.replace(document, must_not_miss=("Deep vein thrombosis",))
    assert library_checks(agreed, [])[1].passed and library_checks(agreed, [])[0].passed


def test_student_texts_have_their_own_limit_and_professional_grades_are_reported():
    document = complete_document(tiers={Tier.RARE: (complete_entry("Amyloidosis", student=HARD, clinical=HARD),)})
    checks = results(document)
    passed, detail = checks["Every student text reads at grade 12 or below"]
    assert not passed and detail.startswith("Above it: Amyloidosis (grade ")
    passed, detail = checks["Nurse and physician texts: reading grades reported (no limit for professional readers)"]
    assert passed and "Nurse and allied health: grade" in detail and "Clinical text (physician): grade" in detail
    assert results(complete_document())["Every student text reads at grade 12 or below"] == (True, "")
