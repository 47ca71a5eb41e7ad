import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audiences import Audience
from articles.content import Entry, Tier
from articles.services import article_update
from publishing import caching, pages
from review import workflow
from tests import factories
from tests.helpers import (
    SEED_TIERS,
    text_of,  # noqa: E402
)

LEG_CRAMPS = "/articles/leg-cramps/"


def test_every_seed_tier_heading_and_diagnosis_name_is_on_the_page(client, demo):
    html = client.get(LEG_CRAMPS).content.decode()
    for tier, names in SEED_TIERS.items():
        assert f">{tier.heading}</h2>" in html
        for name in names:
            assert f">{name}</h3>" in html


def test_the_page_has_every_seed_element_in_the_seed_order(client, demo):
    text = text_of(client.get(LEG_CRAMPS))
    # The seed's elements, with two moves for a phone's first screen (README, "Departures"): the
    # title first, and a first-time reader's Personalize panel after the differential (one
    # link to it stays above the differential).
    in_order = [
        "Differential Diagnosis for Leg Cramps",
        "Medical Advisory Board",
        "Educational purpose only • Exercise caution as content is pending human review",
        "Article Review Status",
        "Submitted",
        "Under Review",
        "Approved",
        "Last updated:",
        "View editorial policy",
        "Choose the version for you",
        "Single Most Likely Diagnosis",
        "Other Likely Diagnoses",
        "Do Not Miss Diagnoses",
        "Rare Diagnoses",
        "Personalize",
        "Help us tailor your experience",
        "Which best describes you? Your choice helps us use language that's most understandable for you.",
        "Professional Medical Disclaimer",
        "Have a follow-up question?",
        "References",
    ]
    position = text.index("MedReview Articles")  # start after the site header
    for marker in in_order:
        found = text.find(marker, position)
        assert found != -1, f"{marker!r} missing or out of order"
        position = found + len(marker)


def test_pending_article_shows_the_caution_banner_noindex_and_the_tracker_at_submitted(client, demo):
    response = client.get(LEG_CRAMPS)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    assert "Educational purpose only" in html
    assert "Reviewed by" not in html
    # The current step is said in words, not only by colour.
    assert re.search(r'aria-current="step">.*?Submitted <span class="tracker__state">\(current step\)', html, re.S)
    assert 'Approved <span class="tracker__state">(not yet reached)' in html


def test_the_board_badge_never_claims_a_pending_article_was_reviewed(client, demo):
    text = text_of(client.get(LEG_CRAMPS))
    assert "All articles are reviewed" not in text
    assert "Not yet approved. Every article is reviewed for accuracy before approval." in text


def test_each_reference_is_named_by_its_citation_with_its_identifiers(client, demo):
    html = client.get(LEG_CRAMPS).content.decode()
    references = html[html.index('<section class="references"') :]
    references = references[: references.index("</section>")]
    # The citation is the link's text, so a screen reader's list of links names every source.
    assert (
        '<li><a href="https://pubmed.ncbi.nlm.nih.gov/22963024/" rel="nofollow">'
        "Allen RE, Kirby KA. Nocturnal leg cramps. Am Fam Physician. 2012;86(4):350-355.</a>"
        ' <span class="ref-id">PMID: 22963024</span></li>'
    ) in references
    assert '<span class="ref-id">DOI: 10.1212/WNL.0b013e3181d0ccca</span>' in references
    # A reference with no address is its citation, unlinked.
    assert "<li>Medicines and Healthcare products Regulatory Agency. Quinine:" in references
    assert "Read the source" not in references and "visually-hidden" not in references


def test_approved_article_shows_who_reviewed_it_and_when(client, demo):
    response = client.get("/articles/low-back-pain/")
    html = response.content.decode()
    text = text_of(response)
    assert "noindex" not in html
    assert "Educational purpose only" not in html
    assert re.search(r"Reviewed by Amara Okafor, MD, FACP on \w+ \d{1,2}, \d{4}", text)
    assert re.search(r'aria-current="step">.*?Approved <span class="tracker__state">\(current step\)', html, re.S)


def test_a_draft_is_not_found(client, editor):
    factories.make_article(by=editor, slug="draft-only")
    response = client.get("/articles/draft-only/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unknown_article_gets_the_friendly_404(client, db):
    response = client.get("/articles/no-such-thing/")
    assert response.status_code == 404
    assert "Browse all articles" in response.content.decode()


def test_the_500_page_needs_nothing_from_the_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


# A phrase only the deep vein thrombosis text of each register has, in the demo article.
DVT_BY_REGISTER = {
    "physician": "Although less common, DVT can present with leg cramps",
    "nurse": "calf circumference 10 cm below the tibial tuberosity",
    "student": "Virchow's triad",
    "patient": "A deep vein thrombosis is a blood clot in a deep vein",
    "caregiver": "the person you care for",
}


@pytest.mark.parametrize(
    ("audience", "heading", "disclaimer", "register"),
    [
        (None, "Do Not Miss Diagnoses", "Professional Medical Disclaimer", "physician"),
        ("physician", "Do Not Miss Diagnoses", "Professional Medical Disclaimer", "physician"),
        ("nurse", "Do Not Miss Diagnoses", "Disclaimer for nurses and allied health professionals", "nurse"),
        ("student", "Do Not Miss Diagnoses", "Disclaimer for learners", "student"),
        ("patient", "Serious causes that need a doctor", "Important: this is not a diagnosis", "patient"),
        ("caregiver", "Serious causes that need a doctor", "Important: this is not a diagnosis", "caregiver"),
        ("nonsense", "Do Not Miss Diagnoses", "Professional Medical Disclaimer", "physician"),
    ],
)
def test_the_audience_in_a_link_changes_the_wording(client, demo, audience, heading, disclaimer, register):
    url = LEG_CRAMPS + (f"?audience={audience}" if audience else "")
    text = text_of(client.get(url))
    assert heading in text
    assert disclaimer in text
    assert DVT_BY_REGISTER[register] in text
    # (The caregiver text also explains what a DVT is, in the patient text's words.)
    for other, phrase in DVT_BY_REGISTER.items():
        if other not in (register, "caregiver") and not (register == "caregiver" and other == "patient"):
            assert phrase not in text, other


def test_caregivers_are_spoken_to_about_the_person_they_care_for(client, demo):
    assert "the person you care for" in text_of(client.get(LEG_CRAMPS + "?audience=caregiver"))


def test_lay_readers_get_clinical_text_with_a_note_where_no_plain_text_exists(client, editor, reviewer):
    article = factories.make_article(by=editor)  # "Amyloidosis" has no plain text
    workflow.submit(article=article, by=editor)
    text = text_of(client.get(LEG_CRAMPS + "?audience=patient"))
    assert "Deposition of amyloid proteins." in text
    assert "A version of this section written for you is on its way" in text
    assert "here is the text written for: clinical text (physician)" in text


def test_author_text_cannot_inject_markup_into_the_page(client, editor):
    hostile = '<script>alert("x")</script>[x](javascript:alert(1)) <img src=x onerror=alert(1)>'
    doc = factories.document(tiers={Tier.RARE: (Entry(name='<b>Bad</b> "name"', clinical=hostile, plain=hostile),)})
    article = factories.make_article(by=editor, title="<script>alert(1)</script> title", document=doc)
    workflow.submit(article=article, by=editor)
    for audience in ("", "?audience=patient"):
        html = client.get(LEG_CRAMPS + audience).content.decode()
        assert "<script>alert" not in html
        assert "<img" not in html
        assert "javascript:" not in html
        assert "<b>Bad</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; title" in html


def _queries_for_article_page(client, url) -> tuple[int, int]:
    """SQL queries of the first read after a change (it publishes the page) and of the next read."""
    caching.database_identity()  # made once per process and database, not per read: out of the count
    pages.forget_recent()  # as in a fresh process (a copy kept from before costs one more query)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as next_read:
        assert client.get(url).status_code == 200
    return len(first.captured_queries), len(next_read.captured_queries)


@pytest.mark.parametrize("approved", [False, True])
def test_article_page_query_count_does_not_grow_with_history(client, editor, reviewer, approved):
    article = factories.make_article(by=editor)

    def publish():
        review = workflow.submit(article=article, by=editor)
        if approved:
            workflow.start_review(review=review, by=reviewer)
            workflow.approve(review=review, by=reviewer)

    publish()
    few = _queries_for_article_page(client, LEG_CRAMPS)
    for n in range(40):
        article_update(article=article, fields=factories.fields(summary=f"Edit {n}"), by=editor, reason="Edit")
        if n % 10 == 0:
            publish()
    publish()
    assert article.history.count() == 41
    many = _queries_for_article_page(client, LEG_CRAMPS)
    assert many == few  # flat in the length of the history, cold and warm
    publishing, reading = few
    assert reading <= (0 if settings.PUBLISHED_PAGES_IN_CACHE else 1)  # the stored bytes, in one query at most
    assert publishing <= 13  # once per version and audience: the page, its approvals, its "Readers asked"


def test_rendered_body_is_cached_per_revision_and_audience(client, demo):
    from articles.presentation import content_digest, presentation_for
    from publishing import caching
    from publishing.caching import article_body_html
    from review.publication import reader_page

    client.get(LEG_CRAMPS + "?audience=patient")
    client.get(LEG_CRAMPS)
    revision = reader_page(slug="leg-cramps").revision
    digest = content_digest(revision)
    patient = cache.get(caching.key("body", revision.history_id, "patient", "en", digest))
    default = cache.get(caching.key("body", revision.history_id, "default", "en", digest))
    assert patient and default and patient != default
    assert "A deep vein thrombosis is a blood clot" in patient
    assert "A deep vein thrombosis is a blood clot" not in default
    assert str(article_body_html(revision, presentation_for(None))) == default


def test_a_question_asked_from_a_shared_patient_link_is_answered_for_a_patient(client, editor, reviewer):
    from articles.models import Question
    from articles.presentation import presentation_for

    factories.approved_article(editor, reviewer)
    html = client.get("/articles/leg-cramps/?audience=patient").content.decode()
    assert '<input type="hidden" name="audience" value="patient">' in html
    asked = {"question": "Why do I get cramps at night?", "audience": "patient"}
    response = client.post("/articles/leg-cramps/questions/", asked)
    question = Question.objects.get()
    assert question.audience == "patient"
    answer_page = client.get(response["Location"]).content.decode()
    assert presentation_for(Audience.PATIENT).disclaimer_title in answer_page
    assert presentation_for(None).disclaimer_title not in answer_page
