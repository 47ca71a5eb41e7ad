"""
What readers get. Readers are served the newest approved revision of an article; an
article never approved is shown from its newest submitted revision, marked as pending
review; a draft never submitted is not shown at all.

This depends on approvals and reviews, so it lives here with them; the articles app
knows nothing of review and is handed the revision to show.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import get_language_info

from articles.content import ORIGINAL_LANGUAGE
from articles.models import Article, HistoricalArticle
from articles.questions import published_answers
from articles.selectors import revision_contributors
from review.models import Approval, ApprovalQuerySet, Review, ReviewState, Withdrawal
from review.permissions import approval_tally


class TrackerStep(StrEnum):
    """The public steps of the review, as on the seed page."""

    SUBMITTED = "Submitted"
    UNDER_REVIEW = "Under Review"
    APPROVED = "Approved"


# The public step for the state of the newest review of a never-approved article.
_STEP_FOR_STATE: dict[str, TrackerStep] = {
    ReviewState.SUBMITTED: TrackerStep.SUBMITTED,
    ReviewState.UNDER_REVIEW: TrackerStep.UNDER_REVIEW,
    ReviewState.CHANGES_REQUESTED: TrackerStep.UNDER_REVIEW,
    ReviewState.SUPERSEDED: TrackerStep.SUBMITTED,
    # Approved but not yet live (scheduled): readers are not told of the approval before it is.
    ReviewState.APPROVED: TrackerStep.UNDER_REVIEW,
}


@dataclass(frozen=True)
class TrackerItem:
    step: TrackerStep
    status: str  # "done", "current" or "upcoming"
    overdue: bool = False  # an approval whose re-review date has passed

    @property
    def status_label(self) -> str:
        if self.overdue:
            return "re-review overdue"
        return {"done": "completed", "current": "current step", "upcoming": "not yet reached"}[self.status]


@dataclass(frozen=True)
class TranslationNotice:
    """
    What a reader at a translated address is told: "pending" (no approved translation yet:
    this is the reviewed original), or "stale" (the original has a newer approved revision
    than the one translated on `translated_date`).
    """

    kind: str
    language: str
    original_url: str
    translated_date: datetime.datetime | None = None

    @property
    def language_name(self) -> str:
        return get_language_info(self.language)["name_translated"].lower()


@dataclass(frozen=True)
class ReaderPage:
    """One article as a reader gets it: the revision shown and its review standing."""

    article: Article
    revision: HistoricalArticle
    approval: Approval | None
    step: TrackerStep
    changes_requested: bool = False
    # "Readers asked": editors' answers the board approved (review.faq), newest first.
    readers_asked: tuple = ()
    # A never-approved article whose review has some of the approvals it needs: (given, needed).
    approvals: tuple[int, int] | None = None
    # At a translated address: why readers get the original, or that the translation is behind it.
    translation_notice: TranslationNotice | None = None

    @property
    def is_approved(self) -> bool:
        return self.approval is not None

    @property
    def reader_slug(self) -> str:
        """The slug of the reader's address: a translation is read at its original's."""
        original = getattr(self.article, "translation_of", None)
        return original.slug if original is not None else self.article.slug

    @property
    def review_due(self) -> datetime.date | None:
        """When the board is due to review the approved text again."""
        return self.approval.next_review_due if self.approval else None

    @property
    def is_overdue(self) -> bool:
        """The approval's re-review date has passed: readers are told, never shown plain "Approved"."""
        return self.approval is not None and self.approval.review_overdue()

    @cached_property
    def contributors(self) -> list:
        """Who wrote the text readers get ("Written by"); none yet for an unsaved preview."""
        if not getattr(self.revision, "history_id", None):
            return []
        return revision_contributors(self.revision)

    @property
    def first_approved_at(self):
        """When the article was first approved (JSON-LD datePublished), or None."""
        first = Approval.objects.live().filter(article=self.article).order_by("published_at").first()
        return first.published_at if first else None

    @property
    def reviewer(self):
        """The approving board member (BoardMember), or None."""
        if self.approval is None:
            return None
        return getattr(self.approval.approved_by, "board_member", None)

    @cached_property
    def reviewers(self) -> list:
        """
        Everyone whose approval readers owe this text to, first approval first: with
        REQUIRED_APPROVALS = 2 the members who approved the same review before the one that
        completed it, then that one. Board members (BoardMember) where they have a profile,
        else the account.
        """
        if self.approval is None:
            return []
        approvals = [self.approval]
        if self.approval.review_id is not None:
            approvals = list(
                Approval.objects.filter(review_id=self.approval.review_id, approved_at__lte=self.approval.approved_at)
                .select_related("approved_by__board_member")
                .order_by("approved_at", "id")
            )
        people = []
        for approval in approvals:
            person = getattr(approval.approved_by, "board_member", None) or approval.approved_by
            if person not in people:
                people.append(person)
        return people

    @property
    def tracker(self) -> list[TrackerItem]:
        steps = list(TrackerStep)
        current = steps.index(self.step)
        items = []
        for position, step in enumerate(steps):
            status = "done" if position < current else "current" if position == current else "upcoming"
            items.append(
                TrackerItem(step=step, status=status, overdue=self.is_overdue and step == TrackerStep.APPROVED)
            )
        return items


def current_approval(article_id: int) -> Approval | None:
    """The approval readers get for an article now (with its revision and approver), or None."""
    return Approval.objects.select_related("revision", "approved_by__board_member").current_for(article_id)


def _newest_review(article_id: int) -> Review | None:
    return (
        Review.objects.filter(article_id=article_id).select_related("revision").order_by("-revision_id", "-id").first()
    )


def withdrawal_in_force(article: Article) -> Withdrawal | None:
    """The withdrawal that keeps `article` from readers now, or None (an approval after it reinstates)."""
    return Withdrawal.objects.in_force().filter(article=article).select_related("withdrawn_by").first()


def withdrawn_article(*, slug: str) -> Withdrawal | None:
    """The withdrawal in force for the article at `slug`, or None (no such article, or not withdrawn)."""
    article = Article.objects.filter(slug=slug, language=ORIGINAL_LANGUAGE).first()
    return withdrawal_in_force(article) if article is not None else None


def reader_page_for(article: Article) -> ReaderPage | None:
    """`article` as readers get it, or None if readers may not see it (a draft, or withdrawn)."""
    if withdrawal_in_force(article) is not None:
        return None
    approval = current_approval(article.pk)
    if approval is not None:
        return ReaderPage(
            article=article,
            revision=approval.revision,
            approval=approval,
            step=TrackerStep.APPROVED,
            readers_asked=tuple(published_answers(article)),
        )
    review = _newest_review(article.pk)
    if review is None:
        return None
    given, needed = approval_tally(review)
    partly = 0 < given < needed and review.state in (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW)
    return ReaderPage(
        article=article,
        revision=review.revision,
        approval=None,
        # Approved by some of the members it needs: under review, whatever queue it waits in.
        step=TrackerStep.UNDER_REVIEW if partly else _STEP_FOR_STATE[review.state],
        changes_requested=review.state == ReviewState.CHANGES_REQUESTED,
        readers_asked=tuple(published_answers(article)),
        approvals=(given, needed) if partly else None,
    )


def reader_page(*, slug: str, language: str = ORIGINAL_LANGUAGE) -> ReaderPage | None:
    """The article with this slug (an original's) as readers of `language` get it, or None if readers may not see it."""
    article = Article.objects.filter(slug=slug, language=ORIGINAL_LANGUAGE).first()
    return reader_page_in(article, language) if article is not None else None


def translation_behind(original_approved_id: int | None, source_revision_id: int | None) -> bool:
    """A translation is behind when its original has a newer approved revision than the one it follows."""
    return (
        original_approved_id is not None
        and source_revision_id is not None
        and original_approved_id > source_revision_id
    )


def _original_url(article: Article) -> str:
    with translation.override(ORIGINAL_LANGUAGE):
        return article.get_absolute_url()


def reader_page_in(article: Article, language: str) -> ReaderPage | None:
    """
    The original `article` at its address in `language`: its approved translation (with a
    notice when the original has moved on since), else the original itself with a notice
    that the translation is pending. A translation readers get is always an approved one.
    """
    original = reader_page_for(article)
    if language == ORIGINAL_LANGUAGE or original is None:
        return original
    translated = article.translations.filter(language=language).first()
    page = reader_page_for(translated) if translated is not None else None
    if page is None or not page.is_approved:
        notice = TranslationNotice(kind="pending", language=language, original_url=_original_url(article))
        return dataclasses.replace(original, translation_notice=notice)
    source_id = page.revision.source_revision_id
    if translation_behind(original.approval.revision_id if original.approval else None, source_id):
        source = HistoricalArticle.objects.filter(history_id=source_id).values_list("history_date", flat=True).first()
        notice = TranslationNotice(
            kind="stale", language=language, original_url=_original_url(article), translated_date=source
        )
        return dataclasses.replace(page, translation_notice=notice)
    return page


def readable_articles() -> QuerySet[Article]:
    """
    Articles a reader may open: those with an approved revision, and those never
    approved but submitted for review. Annotated with the revision readers get
    (`reader_revision_id`), whether it is approved (`approved_revision_id`), and what
    readers see of it (`reader_title`, `reader_condition`, `reader_specialty`, `reader_date`).
    """
    approved = Approval.objects.live().filter(article=OuterRef("pk")).order_by(*ApprovalQuerySet.CURRENT_ORDER)
    submitted = Review.objects.filter(article=OuterRef("pk")).order_by("-revision_id")
    shown = HistoricalArticle.objects.filter(history_id=OuterRef("reader_revision_id"))
    return (
        # Translations are read at their original's address (reader_page_in), never listed apart.
        Article.objects.filter(language=ORIGINAL_LANGUAGE)
        .annotate(
            approved_revision_id=Subquery(approved.values("revision_id")[:1]),
            submitted_revision_id=Subquery(submitted.values("revision_id")[:1]),
            newest_review_state=Subquery(submitted.order_by("-revision_id", "-id").values("state")[:1]),
        )
        .filter(Q(approved_revision_id__isnull=False) | Q(submitted_revision_id__isnull=False))
        .exclude(Exists(Withdrawal.objects.in_force().filter(article=OuterRef("pk"))))
        .annotate(reader_revision_id=Coalesce("approved_revision_id", "submitted_revision_id"))
        .annotate(
            # What readers see of the article: from the revision they get, not the live row.
            reader_title=Subquery(shown.values("title")[:1]),
            reader_condition=Subquery(shown.values("condition")[:1]),
            reader_specialty=Subquery(shown.values("specialty")[:1]),
            reader_date=Subquery(shown.values("history_date")[:1]),
        )
    )


@dataclass(frozen=True)
class ArticleListing:
    """One line of an article list: the revision readers get and whether it is approved."""

    article: Article
    revision: HistoricalArticle
    is_approved: bool
    changes_requested: bool = False


def _listings(articles) -> list[ArticleListing]:
    articles = list(articles)
    revisions = HistoricalArticle.objects.in_bulk([a.reader_revision_id for a in articles])
    return [
        ArticleListing(
            article=a,
            revision=revisions[a.reader_revision_id],
            is_approved=a.approved_revision_id is not None,
            changes_requested=a.approved_revision_id is None and a.newest_review_state == ReviewState.CHANGES_REQUESTED,
        )
        for a in articles
    ]


INDEX_SORTS = {"title": ("reader_title", "pk"), "updated": ("-reader_date", "pk")}


def article_index_page(
    *, page_number, specialty: str = "", condition: str = "", sort: str = "title", per_page: int = 20
) -> tuple[Page, list[ArticleListing]]:
    """One page of the article index, filtered by specialty and condition, A–Z or newest first."""
    articles = readable_articles()
    if specialty:
        articles = articles.filter(reader_specialty__iexact=specialty)  # type: ignore[misc]  # annotated
    if condition:
        articles = articles.filter(reader_condition__icontains=condition)  # type: ignore[misc]  # annotated
    paginator = Paginator(articles.order_by(*INDEX_SORTS.get(sort, INDEX_SORTS["title"])), per_page)
    page = paginator.get_page(page_number)
    return page, _listings(page.object_list)


def reader_specialties() -> list[str]:
    """The specialties of the articles readers may see, A–Z."""
    values = readable_articles().values_list("reader_specialty", flat=True)  # type: ignore[misc]  # annotated
    return sorted({v for v in values if v}, key=str.casefold)


def recently_approved(*, limit: int = 5) -> list[ArticleListing]:
    """Articles whose current approved revision was approved most recently."""
    articles = readable_articles().filter(approved_revision_id__isnull=False)  # type: ignore[misc]  # annotated
    return _listings(articles.order_by("-approved_revision_id")[:limit])


def recently_updated(*, limit: int = 5) -> list[ArticleListing]:
    """The articles whose reader-visible revision is newest."""
    return _listings(readable_articles().order_by("-reader_date", "pk")[:limit])


def approved_translation_languages() -> set[tuple[int, str]]:
    """(original's id, language) of every translation readers get (approved, not withdrawn)."""
    translations = (
        Article.objects.filter(translation_of__isnull=False)
        .filter(Exists(Approval.objects.live().filter(article=OuterRef("pk"))))
        .exclude(Exists(Withdrawal.objects.in_force().filter(article=OuterRef("pk"))))
    )
    return set(translations.values_list("translation_of_id", "language"))


def approved_articles() -> QuerySet[Article]:
    """Articles with an approved revision, annotated with its date (`approved_revision_date`), by slug."""
    revision_date = HistoricalArticle.objects.filter(history_id=OuterRef("approved_revision_id")).values(
        "history_date"
    )[:1]
    return (
        readable_articles()  # type: ignore[misc]  # filters on an annotation
        .filter(approved_revision_id__isnull=False)
        .annotate(approved_revision_date=Subquery(revision_date))
        .order_by("slug")
    )


def published_revision_id(article: Article) -> int | None:
    """The revision readers get (approved, or else the newest submitted), or None."""
    page = reader_page_for(article)
    return page.revision.history_id if page else None


def approved_revision(article: Article) -> HistoricalArticle | None:
    """The revision readers get by approval, or None if none is approved."""
    approval = current_approval(article.pk)
    return approval.revision if approval else None


def preview_page(*, article: Article, revision) -> ReaderPage:
    """A revision (saved or not) as readers would get it once it is what they are shown."""
    history_id = getattr(revision, "history_id", None)
    approval = None
    if history_id:
        approval = (
            Approval.objects.filter(revision_id=history_id, complete=True)
            .select_related("approved_by__board_member")
            .order_by("-approved_at", "-id")
            .first()
        )
    if approval is not None:
        return ReaderPage(article=article, revision=revision, approval=approval, step=TrackerStep.APPROVED)
    review = Review.objects.filter(revision_id=history_id).order_by("-id").first() if history_id else None
    step = _STEP_FOR_STATE[review.state] if review and review.state in _STEP_FOR_STATE else TrackerStep.SUBMITTED
    return ReaderPage(article=article, revision=revision, approval=None, step=step)
