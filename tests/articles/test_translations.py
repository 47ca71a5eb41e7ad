"""articles.translations: a translation is an article of its own, linked to its original and the revision it follows."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.canonical import parse, to_markdown
from articles.models import Article
from articles.translations import canonical_fields, translation_create
from tests import factories

SPANISH = dict(
    title="Diagnóstico diferencial de los calambres en las piernas",
    condition="Calambres en las piernas",
    summary="Contracciones musculares súbitas y dolorosas.",
)


def translate(original, editor, **overrides):
    fields = factories.fields(slug=original.slug, **{**SPANISH, **overrides})
    return translation_create(original=original, language="es", fields=fields, by=editor, reason="Traducción")


def test_a_translation_is_an_article_of_its_own_linked_to_the_original_and_its_revision(editor):
    original = factories.make_article(by=editor)
    spanish = translate(original, editor)
    assert spanish.language == "es" and spanish.translation_of == original
    assert spanish.source_revision == original.latest_revision()
    assert spanish.slug == "leg-cramps--es" and spanish.get_absolute_url() == "/es/articles/leg-cramps/"
    assert spanish.history.count() == 1
    # The same condition in another language is not a duplicate; a second Spanish translation is.
    with pytest.raises(ValidationError, match="already has a translation"):
        translate(original, editor)
    with pytest.raises(ValidationError, match="not a language"):
        translation_create(original=original, language="fr", fields=factories.fields(), by=editor, reason="x")
    with pytest.raises(ValidationError, match="original article"):
        translation_create(original=spanish, language="es", fields=factories.fields(), by=editor, reason="x")


def test_the_database_holds_a_translation_to_its_original(editor):
    original = factories.make_article(by=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="x", slug="x", condition="Otra", language="es")  # no original
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="x", slug="y", condition="Other", translation_of=original)  # English


def test_the_canonical_text_carries_the_language_and_the_originals_slug(editor):
    original = factories.make_article(by=editor)
    spanish = translate(original, editor)
    text = to_markdown(canonical_fields(spanish))
    assert "\nslug: leg-cramps\n" in text and "\nlanguage: es\n" in text
    assert parse(text) == dataclasses.replace(canonical_fields(spanish)).normalised()
    assert "language:" not in to_markdown(canonical_fields(original))


def test_importing_a_translation_creates_it_then_adds_revisions(editor):
    from review.revisions import revision_import

    original = factories.make_article(by=editor)
    text = to_markdown(canonical_fields(translate(original, editor)))
    Article.objects.filter(language="es").delete()
    created, _ = revision_import(text=text, by=editor, reason="Importada")
    assert created.translation_of == original and created.language == "es"
    again, revision = revision_import(
        text=text.replace("Contracciones", "Contracciones breves"), by=editor, reason="Corregida"
    )
    assert again == created and revision is not None and created.history.count() == 2
