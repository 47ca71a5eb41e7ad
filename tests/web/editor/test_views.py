import re

import pytest
from django.urls import reverse

from articles.content import Tier
from articles.models import Article
from review import workflow
from review.models import Review, ReviewState
from tests import factories
from tests.helpers import post_data, text_of

NEW = "/editor/articles/new/"


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def edit_url(slug="leg-cramps"):
    return reverse("editor:edit", kwargs={"slug": slug})


# --- create ------------------------------------------------------------------------


def test_the_new_article_form_shows_every_part(signed_in):
    html = signed_in.get(NEW).content.decode()
    for label in (
        "Title",
        "Web address (slug)",
        "Condition",
        "Summary",
        "Diagnosis name",
        "Clinical text, for physicians (Markdown)",
        "For nurses and allied health (Markdown)",
        "For students (Markdown)",
        "For patients, in plain language (Markdown)",
        "For caregivers and family (Markdown)",
        "Get emergency help now",
        "See a doctor soon if",
        "Citation",
        "PMID",
        "DOI",
        "Order",
        "Remove this row",
    ):
        assert f">{label}" in html, label
    for tier in Tier:
        assert f"<summary>{tier.heading} " in html  # each tier is a section that folds without JavaScript
        assert f'<legend class="visually-hidden">{tier.heading}</legend>' in html
    assert ">Save draft</button>" in html and ">Submit for review</button>" in html and ">Preview</button>" in html


def test_an_editor_creates_an_article_and_saves_a_draft(signed_in, editor):
    response = signed_in.post(NEW, post_data(factories.fields()))
    assert response.status_code == 302
    article = Article.objects.get(slug="leg-cramps")
    assert response.headers["Location"] == edit_url()
    revision = article.latest_revision()
    assert (revision.revision_number, revision.history_user) == (1, editor)
    assert article.document == factories.document()
    assert not Review.objects.exists()  # a draft: not submitted


def test_submit_for_review_saves_and_submits_through_the_workflow(signed_in, editor):
    signed_in.post(NEW, post_data(factories.fields(), action="submit"))
    review = Review.objects.get()
    assert (review.state, review.submitted_by, review.revision.revision_number) == (ReviewState.SUBMITTED, editor, 1)
    assert review.events.get().to_state == ReviewState.SUBMITTED


def test_a_blank_slug_is_made_from_the_condition(signed_in):
    signed_in.post(NEW, post_data(factories.fields(slug="", condition="Night Sweats")))
    assert Article.objects.filter(slug="night-sweats").exists()


def test_errors_are_shown_beside_their_fields_and_everything_typed_is_kept(signed_in):
    data = post_data(factories.fields(title=""))
    data["tier-rare-0-clinical"] = ""  # a named diagnosis with no clinical text
    data["tier-rare-2-plain"] = "Only a plain text, typed in a blank row <kept>"
    response = signed_in.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert re.search(r'field--error">\s*<label for="id_article-title">', html)
    assert "Write the clinical text for this diagnosis." in html
    assert "Give the diagnosis a name, or clear this row to leave it out." in html
    # What was typed is still there, escaped.
    assert "Only a plain text, typed in a blank row &lt;kept&gt;" in html
    assert "Most common cause, often at night in the calf." in html
    assert not Article.objects.exists()


def test_a_second_article_for_the_same_condition_is_refused_with_a_link(signed_in, editor):
    factories.make_article(by=editor)
    response = signed_in.post(NEW, post_data(factories.fields(slug="leg-cramps-2", condition="LEG CRAMPS")))
    assert response.status_code == 400
    assert f'<a href="{edit_url()}">Differential Diagnosis for Leg Cramps</a>' in response.content.decode()
    assert Article.objects.count() == 1


def test_a_near_duplicate_condition_asks_and_needs_an_explicit_confirmation(signed_in, editor):
    factories.make_article(by=editor)  # condition "Leg cramps"
    data = post_data(factories.fields(slug="leg-cramp", title="Leg cramp", condition="Leg cramp"), reason="New")
    response = signed_in.post(NEW, data)
    text = text_of(response)
    assert response.status_code == 400
    assert "Is this the same as “Differential Diagnosis for Leg Cramps” (Leg cramps)?" in text
    assert "It is a different condition: save this article anyway" in text
    assert 'value="Leg cramp"' in response.content.decode()  # everything typed is kept
    assert Article.objects.count() == 1
    data["article-different_condition"] = "on"
    assert signed_in.post(NEW, data).status_code == 302
    assert Article.objects.filter(condition="Leg cramp").exists()


def test_the_confirmation_box_is_not_shown_before_it_is_needed(signed_in):
    assert "It is a different condition" not in signed_in.get(NEW).content.decode()


def test_a_taken_slug_is_refused(signed_in, editor):
    factories.make_article(by=editor)
    response = signed_in.post(NEW, post_data(factories.fields(condition="Other")))
    assert "Another article already uses this web address" in response.content.decode()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("refs-0-url", "javascript:alert(1)", "Enter a valid URL."),
        ("refs-0-pmid", "12ab", "A PMID is digits only"),
        ("refs-0-doi", "doi:10/x", "A DOI looks like"),
        ("refs-2-url", "https://example.org", "Write the citation"),
        ("tier-rare-0-name", "Dehydration", "listed twice"),
    ],
)
def test_bad_input_gets_a_clear_message_not_a_crash(signed_in, key, value, message):
    response = signed_in.post(NEW, post_data(factories.fields(), **{key: value}))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_tampered_management_form_is_an_error_not_a_crash(signed_in):
    response = signed_in.post(NEW, post_data(factories.fields(), **{"tier-rare-TOTAL_FORMS": "x"}))
    assert response.status_code == 400


# --- edit --------------------------------------------------------------------------


@pytest.fixture
def article(editor):
    return factories.make_article(by=editor)


def test_editing_needs_a_reason(signed_in, article):
    latest = article.latest_revision().history_id
    response = signed_in.post(edit_url(), post_data(factories.fields(summary="New."), base_revision=latest))
    assert response.status_code == 400
    assert "Give a reason for this change." in response.content.decode()
    assert article.history.count() == 1


def test_editing_saves_a_new_revision_with_the_reason(signed_in, article):
    latest = article.latest_revision().history_id
    signed_in.post(edit_url(), post_data(factories.fields(summary="New."), reason="Clarify", base_revision=latest))
    revision = article.latest_revision()
    assert (revision.revision_number, revision.history_change_reason, revision.summary) == (2, "Clarify", "New.")


def test_saving_an_unchanged_form_makes_no_revision(signed_in, article):
    latest = article.latest_revision().history_id
    response = signed_in.post(edit_url(), post_data(factories.fields(), reason="x", base_revision=latest), follow=True)
    assert "Nothing had changed" in response.content.decode()
    assert article.history.count() == 1


def test_the_edit_form_round_trips_the_article_unchanged(signed_in, article):
    """Loading the form and posting it back as the browser would changes nothing."""
    response = signed_in.get(edit_url())
    html = response.content.decode()
    assert "Most common cause, often at night in the calf." in html
    assert "Swelling in one leg\nSudden shortness of breath" in html


def test_entries_can_be_added_removed_and_reordered_without_javascript(signed_in, article):
    fields = factories.fields()
    latest = article.latest_revision().history_id
    data = post_data(fields, reason="Rework", base_revision=latest)
    # Add two "other likely" entries in the blank rows, in reverse order by number.
    data.update(
        {
            "tier-other_likely-1-name": "Muscle strain",
            "tier-other_likely-1-clinical": "Overuse.",
            "tier-other_likely-1-ORDER": "3",
            "tier-other_likely-2-name": "Medication side effects",
            "tier-other_likely-2-clinical": "Diuretics, statins.",
            "tier-other_likely-2-ORDER": "2",
            "tier-rare-0-DELETE": "on",
        }
    )
    signed_in.post(edit_url(), data)
    article.refresh_from_db()
    doc = Article.objects.get(pk=article.pk).document
    assert [e.name for e in doc.entries(Tier.OTHER_LIKELY)] == [
        "Dehydration",
        "Medication side effects",
        "Muscle strain",
    ]
    assert doc.entries(Tier.RARE) == ()


def test_preview_shows_the_unsaved_article_as_a_reader_would_and_saves_nothing(signed_in, article):
    latest = article.latest_revision().history_id
    fields = factories.fields(summary="A summary not yet saved.")
    for audience, expected, absent in [
        ("patient", "A blood clot in a deep vein of the leg.", "risk of pulmonary embolism"),
        ("", "risk of pulmonary embolism", "A blood clot in a deep vein of the leg."),
    ]:
        response = signed_in.post(
            edit_url(), post_data(fields, reason="x", base_revision=latest, action="preview", audience=audience)
        )
        text = text_of(response)
        preview = text.split("Keep editing")[0]  # the form below holds every text, of course
        assert response.status_code == 200
        assert "Preview — not saved yet" in text
        assert "A summary not yet saved." in text
        assert expected in preview and absent not in preview
    assert article.history.count() == 1


def test_a_saved_revision_can_be_viewed_as_any_audience(client, article, reviewer):
    client.force_login(reviewer)  # board members can read
    url = reverse("editor:revision", kwargs={"slug": article.slug, "number": 1})
    assert "A blood clot in a deep vein of the leg." in text_of(client.get(url + "?audience=patient"))
    assert "risk of pulmonary embolism" in text_of(client.get(url))


# --- paste import --------------------------------------------------------------------


def test_pasting_seed_text_makes_a_structured_draft(signed_in):
    from tests.helpers import SEED

    response = signed_in.post("/editor/import/", {"text": SEED.read_text()})
    assert response.status_code == 302
    article = Article.objects.get(slug="leg-cramps")
    assert len(article.document.all_entries()) == 11
    assert not Review.objects.exists()


def test_malformed_pasted_text_names_the_line_and_keeps_the_text(signed_in):
    text = "Differential Diagnosis for Gout\nRare Diagnoses\n  • Gout without colon\n"
    response = signed_in.post("/editor/import/", {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "line 3: expected “Name: explanation”" in html
    assert "Gout without colon" in html
    assert not Article.objects.exists()


# --- history, compare, restore ---------------------------------------------------------


def test_history_lists_every_revision_with_author_date_reason_and_state(signed_in, article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    factories.edit_article(article, editor, "Two.", reason="Second thoughts")
    workflow.submit(article=article, by=editor)
    factories.edit_article(article, editor, "Three.", reason="Third")
    text = text_of(signed_in.get(reverse("editor:history", kwargs={"slug": article.slug})))
    assert re.search(r"3 .* Editor Writer Third Draft \(not submitted\)", text)
    assert re.search(r"2 .* Editor Writer Second thoughts Superseded", text)
    assert re.search(r"1 .* Editor Writer First draft Approved \(shown to readers\)", text)


def test_history_is_paginated_for_long_histories(signed_in, article, editor):
    for n in range(120):
        factories.edit_article(article, editor, f"Edit {n}", reason="Edit")
    url = reverse("editor:history", kwargs={"slug": article.slug})
    first = text_of(signed_in.get(url))
    pages = int(re.search(r"page 1 of (\d+)", first).group(1))  # the page size is review.selectors' choice
    assert pages > 1 and "Edit 119" not in first  # reasons are "Edit"; summaries are not listed
    assert not re.search(r"<th scope=\"row\">1</th>", signed_in.get(url).content.decode())
    last = signed_in.get(url + f"?page={pages}")
    assert last.status_code == 200
    assert re.search(r"<th scope=\"row\">1</th>", last.content.decode())


def test_compare_with_approved_marks_insertions_and_deletions_in_words(signed_in, article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    factories.edit_article(article, editor, "Sudden painful calf contractions.")
    html = signed_in.get(reverse("editor:compare", kwargs={"slug": article.slug})).content.decode()
    # The one changed sentence, with the word marked in words as well as by underline and strike-through.
    assert re.search(
        r'<p class="diff-sentence">Sudden painful <del class="diff-del"><span class="visually-hidden">removed: '
        r'</span>muscle</del><ins class="diff-ins"><span class="visually-hidden">added: </span>calf</ins> '
        r"contractions.</p>",
        html,
    )
    assert re.search(
        r"Changes from <strong>revision 1</strong> \(approved\), saved by .+? on .+?, to <strong>revision 2</strong>, "
        r"saved by .+? on ",
        html,
    )
    # Every tier is unchanged, so each is one folded line that opens without JavaScript.
    assert html.count('<details class="diff-unchanged">') == 4
    assert "<summary>1 unchanged diagnosis</summary>" in html
    assert "## Single Most Likely Diagnosis" not in html  # no canonical Markdown unless asked for
    raw = signed_in.get(reverse("editor:compare", kwargs={"slug": article.slug}) + "?from=1&to=2&raw=1")
    assert "## Single Most Likely Diagnosis" in raw.content.decode()
    assert 'href="/editor/articles/leg-cramps/compare/?from=1&amp;to=2&amp;raw=1#raw-diff"' in html


def test_compare_escapes_author_text(signed_in, article, editor):
    factories.edit_article(article, editor, "<script>alert(1)</script>")
    url = reverse("editor:compare", kwargs={"slug": article.slug}) + "?from=1&to=2"
    html = signed_in.get(url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_compare_with_bad_numbers_is_not_found(signed_in, article):
    url = reverse("editor:compare", kwargs={"slug": article.slug})
    assert signed_in.get(url + "?from=1&to=99").status_code == 404
    assert signed_in.get(url + "?from=x&to=1").status_code == 404


def test_restoring_makes_a_new_revision_that_goes_through_review(signed_in, article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    factories.edit_article(article, editor, "A change to undo.")
    url = reverse("editor:restore", kwargs={"slug": article.slug, "number": 1})
    confirm = signed_in.get(url)
    assert "Restore revision 1?" in text_of(confirm)
    signed_in.post(url)
    revisions = list(article.history.order_by("revision_number"))
    assert [r.revision_number for r in revisions] == [1, 2, 3]  # nothing rewritten or deleted
    assert revisions[2].history_change_reason == "Restored revision 1"
    assert revisions[2].summary == revisions[0].summary
    assert revisions[1].summary == "A change to undo."
    # Readers still see revision 1 through its approval; revision 3 needs review of its own.
    assert not Review.objects.filter(revision=revisions[2]).exists()


def test_restoring_an_identical_revision_changes_nothing(signed_in, article):
    response = signed_in.post(reverse("editor:restore", kwargs={"slug": article.slug, "number": 1}), follow=True)
    assert "already reads exactly like revision 1" in response.content.decode()
    assert article.history.count() == 1


# --- no lost updates ---------------------------------------------------------------------


def test_a_second_editor_gets_a_conflict_page_instead_of_overwriting(client, article, editor, editor2):
    base = article.latest_revision().history_id
    # Editor 1 saves first.
    client.force_login(editor)
    client.post(
        edit_url(), post_data(factories.fields(summary="Editor one's summary."), reason="One", base_revision=base)
    )
    # Editor 2 started from the same revision.
    client.force_login(editor2)
    mine = factories.fields(title="Editor two's title")
    response = client.post(edit_url(), post_data(mine, reason="Two", base_revision=base))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this article while you were editing" in html
    assert '<ins class="diff-ins"><span class="visually-hidden">added: </span>Editor one&#x27;s summary.</ins>' in html
    # Only what they changed is shown, not how my text differs from theirs.
    assert "Editor two&#x27;s title</ins>" not in html and "How your text differs" not in html
    assert 'value="Editor two&#x27;s title"' in html  # my text is kept
    assert article.history.count() == 2
    assert Article.objects.get(pk=article.pk).summary == "Editor one's summary."
    # Saving the kept form again is a deliberate choice on top of their revision.
    newest = article.latest_revision().history_id
    assert f'name="article-base_revision" value="{newest}"' in html


def test_each_diagnosis_row_says_which_registers_are_still_to_write(signed_in, article):
    text = re.sub(r"\s+", " ", signed_in.get(edit_url()).content.decode())
    # The factory's entries have clinical and patient texts only.
    assert "Registers written: Clinical text (physician), Plain language (patient)." in text
    assert "Still to write: Nurse and allied health, Student, Caregiver or family" in text


# --- the long form: one round of errors, preview without a reason, add a row ---------------


def test_document_errors_are_shown_beside_their_entry_and_linked_from_the_summary(signed_in):
    data = post_data(factories.fields(title=""))
    data["tier-rare-0-name"] = "Dehydration"
    data["tier-rare-0-clinical"] = "Text.\n# Heading"
    response = signed_in.post(NEW, data)
    assert response.status_code == 400
    html = re.sub(r"\s+", " ", response.content.decode())
    # All in one round: the field error and both document errors.
    assert '<a href="#id_article-title">Title: Enter the article&#x27;s title.</a>' in html
    assert '<a href="#tier-rare-0-errors">Rare Diagnoses, Dehydration: This diagnosis is listed twice.</a>' in html
    assert re.search(r'<div class="row-errors" id="tier-rare-0-errors">.*?This diagnosis is listed twice\.', html)
    assert "may not contain headings" in html.split('id="tier-rare-0-errors"')[1].split("</div>")[0]


def test_preview_works_without_a_change_reason(signed_in, article):
    latest = article.latest_revision().history_id
    data = post_data(factories.fields(summary="Unsaved summary."), base_revision=latest, action="preview")
    response = signed_in.post(edit_url(), data)
    assert response.status_code == 200
    assert "Preview — not saved yet" in text_of(response)
    assert "Give a reason for this change." not in response.content.decode()
    assert article.history.count() == 1


def test_add_another_diagnosis_returns_the_form_with_one_more_row_and_nothing_lost(signed_in, article):
    latest = article.latest_revision().history_id
    data = post_data(factories.fields(), base_revision=latest, action="add-tier-rare")
    data["tier-rare-1-name"] = "Typed, not saved <b>"
    response = signed_in.post(edit_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A blank row was added. Nothing has been saved yet." in html
    assert 'id="tier-rare-3-row"' in html and 'id="tier-rare-4-row"' not in html  # 3 rows sent, 4 back
    assert 'id="tier-other_likely-3-row"' not in html  # only the tier asked for grows
    assert 'value="Typed, not saved &lt;b&gt;"' in html
    assert "There is a problem" not in html and "field-error" not in html  # not validated: nothing to fix yet
    # The next "Add another" goes to the row after that one, and the kept form still starts from my revision.
    assert 'formaction="/editor/articles/leg-cramps/edit/#tier-rare-4-row"' in html
    assert f'name="article-base_revision" value="{latest}"' in html
    assert article.history.count() == 1


def test_the_form_opens_with_its_actions_and_folds_each_diagnosis_and_sizes_textareas(signed_in, editor):
    long_text = "A sentence of clinical text that goes on for a while. " * 20
    factories.make_article(by=editor, document=factories.document(**{"tiers": {Tier.RARE: ()}}))
    html = signed_in.get(edit_url()).content.decode()
    assert 'id="save-bar"' in html and 'class="action-bar button-row"' in html
    assert html.index('value="submit">Submit for review') < html.index('name="article-title"')
    # Folded (no "open"), and one of a group: opening one diagnosis closes the other (no JavaScript needed).
    assert '<details class="row-fold" id="tier-most_likely-0-row" name="diagnosis-rows">' in html
    # A long text gets a tall box; an empty one a small one.
    data = post_data(factories.fields(), action="add-tier-rare")
    data["tier-rare-0-clinical"] = long_text
    html = signed_in.post(NEW, data).content.decode()
    assert re.search(r'<textarea name="tier-rare-0-clinical"[^>]*rows="(\d+)"', html).group(1) == "17"
    assert re.search(r'<textarea name="tier-rare-1-clinical"[^>]*rows="(\d+)"', html).group(1) == "3"


def test_labels_say_what_is_required_when(signed_in):
    html = signed_in.get(NEW).content.decode()
    assert 'Diagnosis name <span class="hint">(required if you fill in any field of this diagnosis)</span>' in html
    assert 'Citation <span class="hint">(required if you fill in any field of this reference)</span>' in html
    assert 'For students (Markdown) <span class="hint">(optional)</span>' in html


def test_the_conflict_page_costs_no_more_queries_than_a_normal_save(client, article, editor, editor2):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    base = article.latest_revision().history_id
    client.force_login(editor)
    with CaptureQueriesContext(connection) as save:  # a normal save: lock, check, write, redirect
        client.post(edit_url(), post_data(factories.fields(summary="One."), reason="One", base_revision=base))
    with CaptureQueriesContext(connection) as shown:  # the edit page it redirects to
        assert client.get(edit_url()).status_code == 200
    client.force_login(editor2)
    with CaptureQueriesContext(connection) as conflict:
        response = client.post(edit_url(), post_data(factories.fields(title="Two"), reason="Two", base_revision=base))
    assert response.status_code == 409
    assert len(conflict) <= len(save) + len(shown), [q["sql"][:120] for q in conflict]


@pytest.mark.parametrize("total", ["x", "-1", "99999999"])
def test_add_another_with_a_tampered_row_count_is_not_a_crash(signed_in, total):
    """And costs bounded work: at most a few rows above what a document may hold are built."""
    data = post_data(factories.fields(), action="add-refs", **{"refs-TOTAL_FORMS": total})
    response = signed_in.post(NEW, data)
    assert response.status_code == 200
    assert 'id="refs-0-row"' in response.content.decode()  # at least the new row
    assert not Article.objects.exists()


def test_a_huge_row_count_is_refused_beside_the_list_not_built(signed_in):
    response = signed_in.post(NEW, post_data(factories.fields(), **{"tier-rare-TOTAL_FORMS": "99999999"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please submit at most 50 forms." in html
    assert 'id="tier-rare-50-row"' not in html


def test_delete_draft_is_offered_only_for_a_draft_never_submitted(signed_in, editor):
    article = factories.make_article(by=editor)
    assert "Delete draft" in signed_in.get(edit_url()).content.decode()
    workflow.submit(article=article, by=editor)
    assert "Delete draft" not in signed_in.get(edit_url()).content.decode()


def test_the_conflict_page_says_when_the_newer_save_was_your_own(signed_in, editor):
    article = factories.make_article(by=editor)
    base = article.latest_revision().history_id
    factories.edit_article(article, editor, "Saved in my other tab.")
    response = signed_in.post(
        edit_url(), post_data(factories.fields(summary="This tab."), reason="Mine", base_revision=base)
    )
    assert response.status_code == 409
    text = text_of(response)
    assert "You saved a newer version of this article elsewhere" in text and "Someone else" not in text
