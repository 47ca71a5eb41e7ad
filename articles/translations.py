"""
Translations: an article in another language, linked to its English original and to the
original's revision it follows. A translation is an article of its own — its own
revisions, history and reviews (Submitted → Under Review → Approved, four eyes) — so
everything the workflow guarantees holds for it; review.permissions adds that only board
members who review in its language may start or decide its review, and review.publication
shows readers a translation only once it is approved (the approved original otherwise).
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.canonical import ArticleTextError
from articles.content import ORIGINAL_LANGUAGE, ArticleFields
from articles.models import Article, HistoricalArticle
from articles.services import (
    _check_can_write,
    _clean_reason,
    _save,
    article_update,
    check_identity,
    fields_import,
    parse_article_text,
)


def translation_languages() -> list[tuple[str, str]]:
    """(code, name) of every language an article may be translated into."""
    return [(code, name) for code, name in settings.LANGUAGES if code != ORIGINAL_LANGUAGE]


def translation_slug(original: Article, language: str) -> str:
    """A translation's own address in the editor (readers find it at the original's, under /<language>/)."""
    return f"{original.slug}--{language}"


def translation_of(original: Article, language: str) -> Article | None:
    return original.translations.filter(language=language).first()


@transaction.atomic
def translation_create(
    *,
    original: Article,
    language: str,
    fields: ArticleFields,
    by,
    reason: str,
    source_revision: HistoricalArticle | None = None,
) -> Article:
    """
    Start the `language` translation of `original` with `fields` (the translated text); it
    follows `source_revision` of the original (by default the original's newest revision).
    """
    _check_can_write(by, creating=True)
    if original.is_translation:
        raise ValidationError("Translate the original article, not one of its translations.")
    if language not in dict(translation_languages()):
        raise ValidationError(f"“{language}” is not a language articles are translated into.")
    if translation_of(original, language) is not None:
        raise ValidationError("This article already has a translation in that language: edit it instead.")
    source = source_revision or original.latest_revision()
    if source is None or source.id != original.pk:
        raise ValidationError("A translation follows a revision of its own original.")
    slug = translation_slug(original, language)
    check_identity(slug=slug, condition=fields.condition, language=language)
    values = {**fields.as_model_values(), "slug": slug}
    article = Article(**values, language=language, translation_of=original, source_revision=source)
    article.full_clean()
    article._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    article._change_reason = _clean_reason(reason, "Translated")  # type: ignore[attr-defined]
    _save(article)
    return article


@transaction.atomic
def text_import(*, text: str, by, reason: str, allow_similar: bool = False) -> tuple[Article, HistoricalArticle | None]:
    """Import article text: an article (articles.services), or with a `language:` header a translation."""
    fields, complete = parse_article_text(text)
    if fields.language != ORIGINAL_LANGUAGE:
        return translation_import(fields=fields, by=by, reason=reason)
    return fields_import(fields=fields, complete=complete, by=by, reason=reason, allow_similar=allow_similar)


def translation_import(*, fields: ArticleFields, by, reason: str) -> tuple[Article, HistoricalArticle | None]:
    """
    Canonical text with a `language:` header: the translation of the original whose slug it
    names — created, or updated with a new revision that follows the original's newest revision.
    """
    original = Article.objects.filter(slug=fields.slug, language=ORIGINAL_LANGUAGE).first()
    if original is None:
        raise ArticleTextError(f"there is no original article at “{fields.slug}” to translate")
    existing = translation_of(original, fields.language)
    if existing is None:
        article = translation_create(original=original, language=fields.language, fields=fields, by=by, reason=reason)
        return article, article.latest_revision()
    own = dataclasses.replace(fields, slug=existing.slug)
    revision = article_update(
        article=existing, fields=own, by=by, reason=reason, source_revision=original.latest_revision()
    )
    return existing, revision


def canonical_fields(article) -> ArticleFields:
    """The fields of an article or revision as its canonical text has them: a translation names its original's slug."""
    fields = ArticleFields.of(article)
    original_id = getattr(article, "translation_of_id", None)
    if original_id is None:
        return fields
    original = Article.objects.filter(pk=original_id).values_list("slug", flat=True).first()
    return dataclasses.replace(fields, slug=original or fields.slug)
