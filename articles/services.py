"""
Writes to articles. Every content change goes through here, so that each one is a
validated, attributed revision with a reason, made under the article's row lock.
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from articles import canonical, seedtext
from articles.canonical import ArticleTextError
from articles.content import ORIGINAL_LANGUAGE, ArticleFields, is_one_line, slug_for_condition
from articles.exceptions import EditConflict, SimilarCondition
from articles.identity import condition_key
from articles.models import REASON_MAX_LENGTH, Article, HistoricalArticle

# The most similar articles a SimilarCondition names (a page lists them, a command prints them).
MAX_SIMILAR_NAMED = 5


def _clean_reason(reason: str, default: str) -> str:
    """The change reason as stored: one line, within the history column's length."""
    reason = (reason or "").strip() or default
    if not is_one_line(reason):
        raise ValidationError({"reason": ValidationError("Keep the reason to one line.", code="one_line")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": ValidationError(f"Keep the reason to {REASON_MAX_LENGTH} characters.", code="max_length")}
        )
    return reason


def _check_can_write(user, *, creating: bool) -> None:
    perm = "articles.add_article" if creating else "articles.change_article"
    if user is None or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied("You do not have permission to write articles.")


def check_identity(
    *, slug: str, condition: str, article: Article | None = None, language: str = ORIGINAL_LANGUAGE
) -> None:
    """
    One article per condition (in each language), one address per article: raise a
    ValidationError keyed by field ("slug", "condition") when another article than `article`
    already has them (the same condition: case, accents, punctuation and spacing aside,
    articles.identity).
    """
    if article is not None:
        language = article.language
    others = Article.objects.exclude(pk=article.pk) if article is not None else Article.objects.all()
    errors = {}
    if slug and others.filter(slug=slug).exists():
        errors["slug"] = ValidationError(
            "Another article already uses this web address; choose another.", code="duplicate_slug"
        )
    existing = others.filter(language=language).for_condition(condition).first() if condition_key(condition) else None
    if existing is not None:
        errors["condition"] = ValidationError(
            "There is already an article for this condition: %(title)s (/articles/%(slug)s/). "
            "Edit that article instead, so that readers find one answer.",
            code="duplicate_condition",
            params={"title": existing.title, "slug": existing.slug},
        )
    if errors:
        raise ValidationError(errors)


def check_not_similar(*, condition: str, article: Article | None = None) -> None:
    """Raise SimilarCondition when another article than `article` has a condition that reads like this one."""
    similar = Article.objects.similar_to(condition).order_by("title", "pk")
    if article is not None:
        similar = similar.exclude(pk=article.pk).filter(language=article.language)
    else:
        similar = similar.filter(language=ORIGINAL_LANGUAGE)
    found = list(similar[:MAX_SIMILAR_NAMED])
    if found:
        raise SimilarCondition(condition=condition, similar=found)


def _save(article: Article) -> None:
    """Save the row (so a revision); a duplicate a concurrent write committed meanwhile is a ValidationError too."""
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        check_identity(
            slug=article.slug,
            condition=article.condition,
            article=article if article.pk else None,
            language=article.language,
        )
        raise


def _with_slug(fields: ArticleFields) -> ArticleFields:
    """The fields, with the address made from the condition when none was given."""
    if fields.slug.strip():
        return fields
    return dataclasses.replace(fields, slug=slug_for_condition(fields.condition))


@transaction.atomic
def article_create(*, fields: ArticleFields, by, reason: str, allow_similar: bool = False) -> Article:
    """
    Create an article (one per condition); its first revision records `by` and `reason`.

    A condition that reads like another article's (articles.identity) raises SimilarCondition
    unless the editor confirmed it is another condition (`allow_similar`); the same
    condition as another article's is always a ValidationError.
    """
    _check_can_write(by, creating=True)
    fields = _with_slug(fields)
    check_identity(slug=fields.slug.strip(), condition=fields.condition, article=None)
    article = Article(**fields.as_model_values())
    article.full_clean()
    if not allow_similar:
        check_not_similar(condition=article.condition)
    article._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    article._change_reason = _clean_reason(reason, "Created")  # type: ignore[attr-defined]
    _save(article)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    fields: ArticleFields,
    by,
    reason: str,
    base_revision_id: int | None = None,
    allow_similar: bool = False,
    source_revision: HistoricalArticle | None = None,
) -> HistoricalArticle | None:
    """
    Save new fields as a new revision and return it; return None when nothing changed
    (an unchanged save makes no revision). It knows nothing of reviews: pages and commands
    call review.revisions.revision_update, which also supersedes older open reviews.

    `base_revision_id` is the revision the editor started from: if someone saved a newer
    one since, EditConflict is raised and nothing is saved (no lost update).

    A new condition that reads like another article's raises SimilarCondition unless
    `allow_similar`; an edit that keeps the condition (case and spacing aside) is never
    checked for it. Another article's very condition is always a ValidationError.
    """
    _check_can_write(by, creating=False)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if base_revision_id is not None:
        latest = locked.latest_revision()
        if latest.history_id != base_revision_id:
            base = HistoricalArticle.objects.filter(history_id=base_revision_id, id=locked.pk).first()
            raise EditConflict(base=base, latest=latest)
    fields = _with_slug(fields)
    check_identity(slug=fields.slug.strip(), condition=fields.condition, article=locked)
    old_key = locked.condition_key
    for name, value in fields.as_model_values().items():
        setattr(locked, name, value)
    if source_revision is not None and locked.is_translation:  # the original's revision it now follows
        locked.source_revision = source_revision
    if not locked.differs_from_latest_revision():
        return None
    locked.full_clean()
    if not allow_similar and locked.condition_key != old_key:
        check_not_similar(condition=locked.condition, article=locked)
    locked._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    locked._change_reason = _clean_reason(reason, "Updated")  # type: ignore[attr-defined]
    _save(locked)
    article.refresh_from_db()
    article.__dict__.pop("document", None)
    return locked.latest_revision()


def parse_article_text(text: str) -> tuple[ArticleFields, bool]:
    """Read canonical Markdown, or seed-style plain text, into article fields.

    Returns the fields and whether the text was canonical (complete) rather than a
    plain-text differential (a draft with clinical texts only).
    """
    if canonical.looks_canonical(text):
        return canonical.parse(text), True
    return seedtext.parse_seed_text(text), False


def article_import(
    *, text: str, by, reason: str, allow_similar: bool = False
) -> tuple[Article, HistoricalArticle | None]:
    """
    Import article text: a new article, or (canonical text only) a new revision of the
    article with the same slug. Everything is read and checked before anything is
    written; on any error (ArticleTextError, ValidationError, SimilarCondition unless
    `allow_similar`) nothing is imported. A translation's text: articles.translations.text_import.
    """
    fields, complete = parse_article_text(text)
    return fields_import(fields=fields, complete=complete, by=by, reason=reason, allow_similar=allow_similar)


@transaction.atomic
def fields_import(
    *, fields: ArticleFields, complete: bool, by, reason: str, allow_similar: bool = False
) -> tuple[Article, HistoricalArticle | None]:
    """article_import, for text already read (`complete`: canonical, not a plain-text differential)."""
    if fields.language != ORIGINAL_LANGUAGE:
        raise ArticleTextError("this text is a translation (its header names a language): import it as one")
    existing = Article.objects.filter(slug=fields.slug, language=ORIGINAL_LANGUAGE).first()
    if existing is None:
        article = article_create(fields=fields, by=by, reason=reason, allow_similar=allow_similar)
        return article, article.latest_revision()
    if not complete:
        # A plain-text differential has no plain-language texts, warning signs or
        # references; applied to an existing article it would silently drop them.
        raise ArticleTextError(
            f"an article for this condition already exists (/articles/{existing.slug}/); "
            "pasted plain text only creates new drafts, so edit that article instead"
        )
    return existing, article_update(article=existing, fields=fields, by=by, reason=reason, allow_similar=allow_similar)


def article_restore(*, article: Article, revision: HistoricalArticle, by) -> HistoricalArticle | None:
    """
    Make an old revision's text the newest revision, with the reason "Restored revision
    N". History is not rewritten: this is a new revision, reviewed like any other.
    Returns None when the article already reads exactly like that revision.

    The restored condition was this article's own, and the editor confirmed the restore
    after seeing what changes, so a similar condition elsewhere does not stop it (the same
    condition as another article's still does: ValidationError).
    """
    if revision.id != article.pk:
        raise ValueError("That revision belongs to another article.")
    return article_update(
        article=article,
        fields=ArticleFields.of(revision),
        by=by,
        reason=f"Restored revision {revision.revision_number}",
        allow_similar=True,
    )
