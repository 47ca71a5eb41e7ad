"""
One source for every length: each form field that is stored takes its limit from the
column or schema rule it is stored in. PostgreSQL enforces column lengths and SQLite does
not, so the saves at the limit run on both databases (CI runs this file on PostgreSQL).
"""

import pytest
from django import forms
from django.urls import reverse

from articles import content
from articles.models import REASON_MAX_LENGTH, Article, HistoricalArticle, Question
from articles.rendering import MAX_TEXT_LENGTH
from articles.services import article_update
from review.models import COMMENT_MAX_LENGTH, Approval, ReviewComment, ReviewEvent
from tests import factories
from tests.helpers import post_data
from web.board.forms import LIBRARY_OVERRIDE_MAX_LENGTH, CommentForm, DecisionForm
from web.editor.forms import ArticleForm, EntryForm, ReferenceForm
from web.reader.forms import QuestionForm


def column(model, name) -> int | None:
    return model._meta.get_field(name).max_length


# (form, field) → the limit of where it is stored.
STORED = {
    (ArticleForm, "title"): column(Article, "title"),
    (ArticleForm, "slug"): column(Article, "slug"),
    (ArticleForm, "condition"): column(Article, "condition"),
    (ArticleForm, "specialty"): column(Article, "specialty"),
    (ArticleForm, "summary"): content.MAX_SUMMARY_LENGTH,
    (ArticleForm, "reason"): column(HistoricalArticle, "history_change_reason"),
    (EntryForm, "name"): content.MAX_NAME_LENGTH,
    (EntryForm, "clinical"): MAX_TEXT_LENGTH,
    (EntryForm, "plain"): MAX_TEXT_LENGTH,
    (EntryForm, "nurse"): MAX_TEXT_LENGTH,
    (EntryForm, "student"): MAX_TEXT_LENGTH,
    (EntryForm, "caregiver"): MAX_TEXT_LENGTH,
    (EntryForm, "emergency_signs"): content.MAX_SIGNS * (content.MAX_SIGN_LENGTH + 1),
    (EntryForm, "see_doctor_signs"): content.MAX_SIGNS * (content.MAX_SIGN_LENGTH + 1),
    (EntryForm, "today_signs"): content.MAX_SIGNS * (content.MAX_SIGN_LENGTH + 1),
    (EntryForm, "reader_phrases"): content.MAX_READER_PHRASES * (content.MAX_PHRASE_LENGTH + 1),
    (ArticleForm, "must_not_miss"): content.MAX_MUST_NOT_MISS * (content.MAX_NAME_LENGTH + 1),
    (ReferenceForm, "citation"): content.MAX_CITATION_LENGTH,
    (ReferenceForm, "url"): content.MAX_URL_LENGTH,
    (ReferenceForm, "doi"): content.MAX_DOI_LENGTH,
    (QuestionForm, "question"): column(Question, "text"),
    (CommentForm, "body"): column(ReviewComment, "body"),
    (DecisionForm, "comment"): COMMENT_MAX_LENGTH,
    # Kept in the approval's comment with the comment itself; DecisionForm.clean holds the sum.
    (DecisionForm, "library_override"): LIBRARY_OVERRIDE_MAX_LENGTH,
}
# Fields that are not free text stored as typed (checked by pattern, choice or number).
NOT_FREE_TEXT = {(ReferenceForm, "pmid"), (ArticleForm, "base_revision"), (CommentForm, "entry_name")}
FORMS = {form for form, _ in STORED}


def test_every_text_field_of_every_storing_form_is_listed():
    for form in FORMS:
        for name, field in form.base_fields.items():
            if isinstance(field, forms.CharField) and (form, name) not in NOT_FREE_TEXT:
                assert (form, name) in STORED, f"{form.__name__}.{name}: where is it stored, and how long may it be?"


@pytest.mark.parametrize("key", list(STORED), ids=lambda key: f"{key[0].__name__}.{key[1]}")
def test_each_form_field_allows_exactly_what_its_column_or_schema_holds(key):
    form, name = key
    assert STORED[key] is not None, "a stored text needs a limit"
    assert form.base_fields[name].max_length == STORED[key]


def test_decision_comments_share_one_limit():
    assert column(ReviewEvent, "comment") == column(Approval, "comment") == COMMENT_MAX_LENGTH


def test_a_save_at_every_column_limit_is_stored(editor):
    article = factories.make_article(by=editor)
    fields = factories.fields(
        title="T" * column(Article, "title"),
        slug="s" * column(Article, "slug"),
        condition="C" * column(Article, "condition"),
        specialty="S" * column(Article, "specialty"),
        summary="Summary. " * (content.MAX_SUMMARY_LENGTH // 9),
    )
    revision = article_update(article=article, fields=fields, by=editor, reason="R" * REASON_MAX_LENGTH)
    assert revision.history_change_reason == "R" * REASON_MAX_LENGTH
    assert revision.title == "T" * column(Article, "title")


def test_a_reason_over_the_history_column_is_a_message_beside_the_field_not_a_500(client, editor):
    article = factories.make_article(by=editor)
    client.force_login(editor)
    data = post_data(factories.fields(summary="Changed."), reason="x" * 200)
    response = client.post(reverse("editor:edit", kwargs={"slug": article.slug}), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_article-reason_error"' in html and "x" * 200 in html
    assert article.history.count() == 1


@pytest.mark.parametrize("field", ["title", "condition", "reason", "specialty"])
def test_titles_and_reasons_are_one_line(client, editor, field):
    article = factories.make_article(by=editor)
    client.force_login(editor)
    data = post_data(factories.fields(summary="Changed."), reason="A reason")
    data[f"article-{field}"] = "First line\nBcc: someone@example.org"
    response = client.post(reverse("editor:edit", kwargs={"slug": article.slug}), data)
    assert response.status_code == 400
    assert f'id="id_article-{field}_error"' in response.content.decode()
    assert article.history.count() == 1


def test_the_service_refuses_a_multi_line_title_whatever_calls_it(editor):
    from django.core.exceptions import ValidationError

    article = factories.make_article(by=editor)
    with pytest.raises(ValidationError) as caught:
        article_update(article=article, fields=factories.fields(title="One\ntwo"), by=editor, reason="x")
    assert "title" in caught.value.error_dict


def test_a_comment_and_a_conflict_reason_that_together_overflow_the_comment_are_refused_beside_the_field():
    form = DecisionForm(
        {"decision-comment": "c" * COMMENT_MAX_LENGTH, "decision-library_override": "Because."}, prefix="decision"
    )
    assert not form.is_valid()
    assert "shorten one of them" in form.errors["library_override"][0]
    assert DecisionForm(
        {"decision-comment": "Fine.", "decision-library_override": "Because."}, prefix="decision"
    ).is_valid()
