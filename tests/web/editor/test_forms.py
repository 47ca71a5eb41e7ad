"""The editor's article form (web/editor/forms.py): every error in one round, beside what it concerns."""

import pytest
from django.http import QueryDict

from articles.content import Tier
from tests import factories
from tests.helpers import post_data
from web.editor.article_editor import ArticleEditor
from web.editor.forms import ENTRY_REQUIREMENT, EntryForm, SizedTextarea

pytestmark = pytest.mark.django_db


def bound(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(data)
    return query


def row_errors(editor, tier, index):
    form = editor.tiers[tier].forms[index]
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def test_a_textarea_is_as_tall_as_its_text():
    widget = SizedTextarea()
    assert widget.rows_for("") == 3
    assert widget.rows_for("One line.") == 3
    assert widget.rows_for("x" * 70 * 10) == 11  # ten wrapped lines and one to type into
    assert widget.rows_for("a\n" * 100) == 25  # bounded
    html = widget.render("t", "line\n" * 7)
    assert 'rows="9"' in html


def test_labels_say_when_a_row_field_is_required():
    form = EntryForm()
    assert form.fields["name"].requirement == ENTRY_REQUIREMENT
    assert form.fields["clinical"].requirement == ENTRY_REQUIREMENT
    assert not hasattr(form.fields["plain"], "requirement")


def test_field_and_document_errors_come_in_one_round_beside_their_entry():
    data = post_data(factories.fields(title=""))
    data["tier-rare-0-name"] = "Dehydration"  # already listed under Other Likely Diagnoses
    data["tier-do_not_miss-0-clinical"] = "# A heading\n\nText."
    editor = ArticleEditor(bound(data))
    assert not editor.is_valid()
    assert "title" in editor.form.errors  # a field error ...
    # ... and, in the same round, the document's rules, each beside the row it concerns.
    assert row_errors(editor, Tier.RARE, 0) == {"__all__": ["This diagnosis is listed twice."]}
    assert row_errors(editor, Tier.OTHER_LIKELY, 0) == {}  # the first listing is not the one at fault
    assert row_errors(editor, Tier.DO_NOT_MISS, 0) == {
        "__all__": ["The clinical text (physician) may not contain headings (lines starting with #)."]
    }
    assert editor.document_errors == []  # nothing left over for the top alone


def test_a_name_listed_twice_in_one_tier_is_flagged_on_the_later_row():
    data = post_data(factories.fields())
    data.update({"tier-rare-1-name": "amyloidosis", "tier-rare-1-clinical": "Again.", "tier-rare-1-ORDER": "2"})
    editor = ArticleEditor(bound(data))
    assert not editor.is_valid()
    assert row_errors(editor, Tier.RARE, 0) == {}
    assert row_errors(editor, Tier.RARE, 1) == {"__all__": ["This diagnosis is listed twice."]}


def test_a_row_with_a_field_error_still_gets_its_document_errors():
    data = post_data(factories.fields())
    data["tier-rare-0-name"] = ""  # field error: a row with text needs a name
    data["tier-rare-0-plain"] = "## Heading"
    editor = ArticleEditor(bound(data))
    assert not editor.is_valid()
    errors = row_errors(editor, Tier.RARE, 0)
    assert errors["name"] == ["Give the diagnosis a name, or clear this row to leave it out."]
    assert errors["__all__"] == ["The plain language (patient) may not contain headings (lines starting with #)."]


def test_a_valid_form_has_no_errors():
    editor = ArticleEditor(bound(post_data(factories.fields())))
    assert editor.is_valid(), editor.document_errors
    assert editor.document() == factories.document()


def test_preview_needs_no_change_reason_but_saving_does(editor):
    article = factories.make_article(by=editor)
    base = article.latest_revision().history_id
    preview = ArticleEditor(bound(post_data(factories.fields(), base_revision=base, action="preview")), article=article)
    assert preview.is_valid()
    save = ArticleEditor(bound(post_data(factories.fields(), base_revision=base, action="save")), article=article)
    assert not save.is_valid()
    assert save.form.errors["reason"] == ["Give a reason for this change."]


def test_add_another_returns_the_form_unbound_with_one_more_row_and_everything_typed():
    data = post_data(factories.fields(title=""), action="add-tier-rare")
    data["tier-rare-1-name"] = "Typed but not saved"
    editor = ArticleEditor(bound(data))
    assert editor.added_to == "tier-rare"
    assert not editor.is_valid() and not editor.has_errors  # nothing to save, and no error shown
    rare = editor.tiers[Tier.RARE]
    assert len(rare.forms) == 4  # one entry and two blank rows were sent; one more comes back
    assert [f["name"].value() or "" for f in rare.forms] == ["Amyloidosis", "Typed but not saved", "", ""]
    assert len(editor.tiers[Tier.DO_NOT_MISS].forms) == 3  # other tiers keep the rows they had
    assert editor.form["condition"].value() == "Leg cramps"


def test_an_unknown_add_action_is_an_ordinary_save():
    editor = ArticleEditor(bound(post_data(factories.fields(), action="add-nothing")))
    assert editor.added_to is None
    assert editor.is_valid()
