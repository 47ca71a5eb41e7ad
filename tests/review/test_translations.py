"""
Translations (articles.translations): articles of their own in another language, reviewed
like the original by board members who review in that language, shown to readers only
once approved, and marked when the original has moved on.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from articles.translations import translation_create
from review import workflow
from review.exceptions import FourEyesViolation, NotPermitted
from review.models import BoardMember
from review.publication import readable_articles, reader_page
from tests import factories
from tests.helpers import text_of

SPANISH = dict(
    title="Diagnóstico diferencial de los calambres en las piernas",
    condition="Calambres en las piernas",
    summary="Contracciones musculares súbitas y dolorosas.",
)


@pytest.fixture
def spanish_reviewer(db):
    user = factories.make_board_member("revisora", name=("Lucía", "Martín"))
    BoardMember.objects.filter(user=user).update(languages="es")
    return user


def translate(original, editor, **overrides):
    fields = factories.fields(slug=original.slug, **{**SPANISH, **overrides})
    return translation_create(original=original, language="es", fields=fields, by=editor, reason="Traducción")


def test_only_board_members_who_review_in_the_language_may_start_or_decide_it(editor, reviewer, spanish_reviewer):
    original = factories.approved_article(editor, reviewer)
    review = workflow.submit(article=translate(original, editor), by=editor)
    with pytest.raises(NotPermitted, match="only board members who review in Spanish"):
        workflow.start_review(review=review, by=reviewer)
    review = workflow.start_review(review=review, by=spanish_reviewer)
    approval = workflow.approve(review=review, by=spanish_reviewer)
    assert approval.complete


def test_four_eyes_apply_to_a_translation(editor, spanish_reviewer):
    spanish_reviewer.groups.add(*editor.groups.all())  # a board member who also edits
    original = factories.make_article(by=editor)
    spanish = translate(original, spanish_reviewer)  # the Spanish reviewer translated it
    review = workflow.submit(article=spanish, by=editor)
    with pytest.raises(FourEyesViolation, match="wrote some of the changes"):
        workflow.start_review(review=review, by=spanish_reviewer)


def test_readers_get_a_translation_only_once_approved_and_are_told_when_it_falls_behind(
    editor, reviewer, spanish_reviewer
):
    original = factories.approved_article(editor, reviewer)
    spanish = translate(original, editor)
    # Not approved (not even submitted): the approved original, with a note.
    page = reader_page(slug="leg-cramps", language="es")
    assert page.article == original and page.translation_notice.kind == "pending"
    review = workflow.submit(article=spanish, by=editor)
    assert reader_page(slug="leg-cramps", language="es").article == original  # submitted is not enough
    workflow.start_review(review=review, by=spanish_reviewer)
    workflow.approve(review=review, by=spanish_reviewer)
    page = reader_page(slug="leg-cramps", language="es")
    assert page.article == spanish and page.translation_notice is None
    # The original gets a newer approved revision: the translation says it follows an older one.
    factories.edit_article(original, editor, "A newer approved summary.")
    factories.approve_latest(original, editor=editor, reviewer=reviewer)
    page = reader_page(slug="leg-cramps", language="es")
    assert page.article == spanish and page.translation_notice.kind == "stale"
    assert page.translation_notice.original_url == "/articles/leg-cramps/"
    assert reader_page(slug="leg-cramps").translation_notice is None  # English readers are told nothing
    # Lists hold the originals only; the translation's own slug is no reader address.
    assert list(readable_articles().values_list("slug", flat=True)) == ["leg-cramps"]
    assert reader_page(slug="leg-cramps--es") is None


def test_the_spanish_address_serves_the_approved_translation_and_caches_per_language(
    client, editor, reviewer, spanish_reviewer
):
    original = factories.approved_article(editor, reviewer)
    assert "Calambres en las piernas" not in text_of(client.get("/es/articles/leg-cramps/"))
    review = workflow.submit(article=translate(original, editor), by=editor)
    workflow.start_review(review=review, by=spanish_reviewer)
    workflow.approve(review=review, by=spanish_reviewer)
    spanish = client.get("/es/articles/leg-cramps/")
    english = client.get("/articles/leg-cramps/")
    assert spanish["Content-Language"] == "es" and english["Content-Language"] == "en"
    assert "Diagnóstico diferencial de los calambres" in text_of(spanish)
    assert "Diagnóstico diferencial" not in text_of(english)
    assert spanish["ETag"] != english["ETag"] and "-es-default-" in spanish["ETag"]
    assert client.get("/articles/leg-cramps--es/").status_code == 404


def test_a_translation_behind_its_original_is_due_for_the_board(editor, reviewer, spanish_reviewer):
    from review.selectors import stale_translations

    original = factories.approved_article(editor, reviewer)
    review = workflow.submit(article=translate(original, editor), by=editor)
    workflow.start_review(review=review, by=spanish_reviewer)
    workflow.approve(review=review, by=spanish_reviewer)
    assert stale_translations() == []
    factories.edit_article(original, editor, "A newer approved summary.")
    assert stale_translations() == []  # a newer draft is not what readers get
    factories.approve_latest(original, editor=editor, reviewer=reviewer)
    (due,) = stale_translations()
    assert due.translation.language == "es" and due.original == original
    assert (due.translated_revision.revision_number, due.approved_revision.revision_number) == (1, 2)


@pytest.mark.parametrize("audience", ["", "caregiver", "physician"])
def test_an_english_page_never_gets_the_headings_a_spanish_page_rendered_first(client, editor, reviewer, audience):
    from django.core.cache import cache

    from publishing import pages
    from publishing.models import PublishedPage

    factories.approved_article(editor, reviewer)
    query = f"?audience={audience}" if audience else ""
    spanish = client.get("/es/articles/leg-cramps/" + query).content
    after_spanish = client.get("/articles/leg-cramps/" + query).content
    # The English page rendered with nothing kept from the Spanish one: the same bytes.
    cache.clear()
    pages.forget_recent()
    PublishedPage.objects.all().delete()
    alone = client.get("/articles/leg-cramps/" + query).content
    assert after_spanish == alone and spanish != alone
    with translation.override("es"):
        emergency = gettext("Get emergency help now")
    assert emergency != "Get emergency help now" and emergency.encode() not in alone
