"""What each audience reads (articles/presentation.py): register, headings, disclaimer, warning titles."""

import pytest
from django.test import override_settings

from accounts.audiences import Audience
from articles.content import Entry, Register, Tier
from articles.presentation import entry_anchor, presentation_for, tier_views
from tests import factories


@pytest.mark.parametrize(
    ("audience", "register"),
    [
        (None, Register.PHYSICIAN),
        (Audience.PHYSICIAN, Register.PHYSICIAN),
        (Audience.NURSE, Register.NURSE),
        (Audience.STUDENT, Register.STUDENT),
        (Audience.PATIENT, Register.PATIENT),
        (Audience.CAREGIVER, Register.CAREGIVER),
    ],
)
def test_each_audience_reads_its_own_register(audience, register):
    assert presentation_for(audience).register == register


def test_the_five_audiences_get_five_disclaimers_and_no_choice_gets_the_physicians():
    disclaimers = {a: (p.disclaimer_title, p.disclaimer_paragraphs) for a in Audience if (p := presentation_for(a))}
    assert len(set(disclaimers.values())) == 5
    assert (presentation_for(None).disclaimer_title, presentation_for(None).disclaimer_paragraphs) == disclaimers[
        Audience.PHYSICIAN
    ]
    assert "the person you care for" in " ".join(disclaimers[Audience.CAREGIVER][1])


def test_lay_readers_get_plain_tier_headings_professionals_the_seed_headings():
    assert presentation_for(Audience.PATIENT).tier_heading(Tier.DO_NOT_MISS) == "Serious causes that need a doctor"
    assert presentation_for(Audience.NURSE).tier_heading(Tier.DO_NOT_MISS) == Tier.DO_NOT_MISS.heading


@override_settings(EMERGENCY_NUMBER="112")
def test_emergency_titles_name_the_configured_number_for_lay_readers():
    assert presentation_for(Audience.PATIENT).emergency_title == "Get emergency help now: call 112 if you have"
    assert "112 if the person you care for has" in presentation_for(Audience.CAREGIVER).emergency_title
    assert presentation_for(Audience.NURSE).emergency_title == "Escalate immediately (emergency)"
    assert "112" not in presentation_for(None).emergency_title


def test_a_missing_register_stands_in_from_the_fallback_and_says_which():
    entry = Entry(name="Gout", clinical="Clinical.", plain="Plain.")
    assert presentation_for(Audience.CAREGIVER).text_of(entry) == ("Plain.", Register.PATIENT)
    assert presentation_for(Audience.NURSE).text_of(entry) == ("Clinical.", Register.PHYSICIAN)
    assert presentation_for(Audience.PATIENT).text_of(entry) == ("Plain.", None)


def test_anchors_are_unique_on_a_page_even_for_names_that_slugify_alike():
    twins = (Entry(name="B12 deficiency", clinical="a"), Entry(name="B12 Deficiency!", clinical="b"))
    document = factories.document(tiers={Tier.RARE: twins})
    anchors = [view.anchor for tier in tier_views(document, presentation_for(None)) for view in tier.entries]
    assert len(anchors) == len(set(anchors))
    assert entry_anchor("B12 deficiency") in anchors and entry_anchor("???") == "dx-entry"


def test_entry_text_is_rendered_safely():
    entry = Entry(name="X", clinical="<script>alert(1)</script> **bold**")
    document = factories.document(tiers={Tier.RARE: (entry,)})
    html = [v.html for t in tier_views(document, presentation_for(None)) for v in t.entries if v.entry.name == "X"][0]
    assert "<script" not in html and "<strong>bold</strong>" in html


@override_settings(EMERGENCY_NUMBER="112", URGENT_ADVICE_NUMBER="116117")
def test_each_level_of_urgency_has_its_own_words_for_each_reader():
    from articles.content import Urgency
    from articles.presentation import presentation_for

    patient = presentation_for(Audience.PATIENT)
    assert "112" in patient.sign_title(Urgency.EMERGENCY)
    assert patient.sign_title(Urgency.TODAY) == "Get help today: contact your GP or call 116117 if you have"
    assert patient.sign_title(Urgency.SOON) == "See a doctor soon if you have"
    for audience in (None, *Audience):
        titles = {presentation_for(audience).sign_title(urgency) for urgency in Urgency}
        assert len(titles) == 3, audience  # three levels, three different headings
