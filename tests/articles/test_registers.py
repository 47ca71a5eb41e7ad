"""Five audiences, five texts: every diagnosis of the demo articles reads differently for each register."""

import itertools
import re

import pytest
from django.test import Client

from accounts.audiences import Audience
from articles.canonical import parse
from articles.content import Register
from articles.presentation import presentation_for, tier_views
from articles.readability import MAX_GRADE, readability
from demo.loader import DEMO_DIR

DEMOS = sorted(DEMO_DIR.glob("*.md"))


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
def test_each_demo_diagnosis_has_a_text_in_every_register_and_both_urgency_levels_where_due(path):
    document = parse(path.read_text()).document
    for _tier, entry in document.all_entries():
        assert all(entry.text(register) for register in Register), entry.name
        assert entry.emergency_signs or entry.see_doctor_signs, entry.name


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
def test_the_five_audiences_get_five_different_texts_for_every_diagnosis(path):
    document = parse(path.read_text()).document
    views = {a: tier_views(document, presentation_for(a)) for a in [None, *Audience]}
    texts = {
        audience: {entry.entry.name: str(entry.html) for tier in tiers for entry in tier.entries}
        for audience, tiers in views.items()
    }
    for name in texts[None]:
        for one, two in itertools.combinations(list(Audience), 2):
            assert texts[one][name] != texts[two][name], (name, one, two)
        # No choice reads as the seed does: the physician's text (the page around it differs).
        assert texts[None][name] == texts[Audience.PHYSICIAN][name]


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
def test_every_patient_and_caregiver_text_of_the_demo_reads_at_grade_8_or_below(path):
    document = parse(path.read_text()).document
    grades = {
        (entry.name, register.value): readability(entry.text(register)).grade
        for _tier, entry in document.all_entries()
        for register in (Register.PATIENT, Register.CAREGIVER)
    }
    print("\n" + "\n".join(f"{name} [{register}]: grade {grade}" for (name, register), grade in grades.items()))
    assert {key: grade for key, grade in grades.items() if grade > MAX_GRADE} == {}


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
def test_caregiver_texts_speak_about_the_person_cared_for(path):
    document = parse(path.read_text()).document
    for _tier, entry in document.all_entries():
        assert re.search(r"the person you (care|look) for|they|their", entry.caregiver), entry.name


def test_the_six_pages_of_a_demo_article_differ(demo_pages):
    pages = demo_pages
    for one, two in itertools.combinations(pages, 2):
        assert pages[one] != pages[two], (one, two)


@pytest.fixture
def demo_pages(demo):
    client = Client()
    return {
        audience: client.get("/articles/leg-cramps/" + (f"?audience={audience}" if audience else "")).content
        for audience in ["", *(a.value for a in Audience)]
    }
