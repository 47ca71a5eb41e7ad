"""
What readers may see. Readers get the newest approved revision of an article; an
article never approved is shown from its newest submitted revision, marked as pending
review; a draft never submitted is not shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Subquery

from articles.models import Article, HistoricalArticle
from review.models import OPEN_STATES, Approval, Review, ReviewEvent, ReviewState


class TrackerStep(StrEnum):
    """The public steps of the review, as on the seed page."""

    SUBMITTED = "Submitted"
    UNDER_REVIEW = "Under Review"
    APPROVED = "Approved"


# The public step for the state of the newest review of a never-approved article.
_STEP_FOR_STATE = {
    ReviewState.SUBMITTED: TrackerStep.SUBMITTED,
    ReviewState.UNDER_REVIEW: TrackerStep.UNDER_REVIEW,
    ReviewState.CHANGES_REQUESTED: TrackerStep.UNDER_REVIEW,
    ReviewState.SUPERSEDED: TrackerStep.SUBMITTED,
}


@dataclass(frozen=True)
class TrackerItem:
    step: TrackerStep
    status: str  # "done", "current" or "upcoming"

    @property
    def status_label(self) -> str:
        return {"done": "completed", "current": "current step", "upcoming": "not yet reached"}[self.status]


@dataclass(frozen=True)
class ReaderPage:
    """One article as a reader gets it: the revision shown and its review standing."""

    article: Article
    revision: HistoricalArticle
    approval: Approval | None
    step: TrackerStep
    changes_requested: bool = False

    @property
    def is_approved(self) -> bool:
        return self.approval is not None

    @property
    def reviewer(self):
        """The approving board member (BoardMember), or None."""
        if self.approval is None:
            return None
        return getattr(self.approval.approved_by, "board_member", None)

    @property
    def tracker(self) -> list[TrackerItem]:
        steps = list(TrackerStep)
        current = steps.index(self.step)
        items = []
        for position, step in enumerate(steps):
            status = "done" if position < current else "current" if position == current else "upcoming"
            items.append(TrackerItem(step=step, status=status))
        return items


def reader_page(*, slug: str) -> ReaderPage | None:
    """The article with this slug as readers get it, or None if readers may not see it."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        return None
    approval = (
        Approval.objects.filter(article=article)
        .select_related("revision", "approved_by__board_member")
        .order_by("-revision_id", "-approved_at")
        .first()
    )
    if approval is not None:
        return ReaderPage(article=article, revision=approval.revision, approval=approval, step=TrackerStep.APPROVED)
    review = Review.objects.filter(article=article).select_related("revision").order_by("-revision_id", "-id").first()
    if review is None:
        return None
    return ReaderPage(
        article=article,
        revision=review.revision,
        approval=None,
        step=_STEP_FOR_STATE[review.state],
        changes_requested=review.state == ReviewState.CHANGES_REQUESTED,
    )


@dataclass(frozen=True)
class ArticleListing:
    """One line of an article list: the revision readers get and whether it is approved."""

    article: Article
    revision: HistoricalArticle
    is_approved: bool


def _listings(articles) -> list[ArticleListing]:
    articles = list(articles)
    revisions = HistoricalArticle.objects.in_bulk([a.reader_revision_id for a in articles])
    return [
        ArticleListing(
            article=a, revision=revisions[a.reader_revision_id], is_approved=a.approved_revision_id is not None
        )
        for a in articles
    ]


INDEX_SORTS = {"title": ("reader_title", "pk"), "updated": ("-reader_date", "pk")}


def article_index_page(
    *, page_number, specialty: str = "", condition: str = "", sort: str = "title", per_page: int = 20
) -> tuple[Page, list[ArticleListing]]:
    """One page of the article index, filtered by specialty and condition, A–Z or newest first."""
    articles = Article.objects.for_readers()
    if specialty:
        articles = articles.filter(reader_specialty__iexact=specialty)
    if condition:
        articles = articles.filter(reader_condition__icontains=condition)
    paginator = Paginator(articles.order_by(*INDEX_SORTS.get(sort, INDEX_SORTS["title"])), per_page)
    page = paginator.get_page(page_number)
    return page, _listings(page.object_list)


def reader_specialties() -> list[str]:
    """The specialties of the articles readers may see, A–Z."""
    values = Article.objects.for_readers().values_list("reader_specialty", flat=True)
    return sorted({v for v in values if v}, key=str.casefold)


def recently_approved(*, limit: int = 5) -> list[ArticleListing]:
    """Articles whose current approved revision was approved most recently."""
    articles = Article.objects.for_readers().filter(approved_revision_id__isnull=False)
    return _listings(articles.order_by("-approved_revision_id")[:limit])


def recently_updated(*, limit: int = 5) -> list[ArticleListing]:
    """The articles whose reader-visible revision is newest."""
    return _listings(Article.objects.for_readers().order_by("-reader_date", "pk")[:limit])


# --- what editors and the board see ---------------------------------------------------


def articles_with_latest():
    """Articles annotated with their newest revision's id and author."""
    latest = HistoricalArticle.objects.filter(id=OuterRef("pk")).order_by("-history_id")
    return Article.objects.annotate(
        latest_revision_id=Subquery(latest.values("history_id")[:1]),
        latest_author_id=Subquery(latest.values("history_user_id")[:1]),
        latest_date=Subquery(latest.values("history_date")[:1]),
    )


def drafts_of(user):
    """Articles whose newest revision is `user`'s and has not been sent to the board."""
    return (
        articles_with_latest()
        .filter(latest_author_id=user.pk)
        .exclude(Exists(Review.objects.filter(revision_id=OuterRef("latest_revision_id"))))
        .exclude(Exists(Approval.objects.filter(revision_id=OuterRef("latest_revision_id"))))
        .order_by("-latest_revision_id")
    )


def returned_reviews():
    """Reviews where the board asked for changes that no newer revision has answered yet."""
    return (
        Review.objects.filter(state=ReviewState.CHANGES_REQUESTED)
        .annotate(
            latest_revision_id=Subquery(
                HistoricalArticle.objects.filter(id=OuterRef("article_id"))
                .order_by("-history_id")
                .values("history_id")[:1]
            )
        )
        .filter(revision_id=F("latest_revision_id"))
        .select_related("article", "revision", "assignee")
        .annotate(
            comment=Subquery(
                ReviewEvent.objects.filter(review=OuterRef("pk"), to_state=ReviewState.CHANGES_REQUESTED)
                .order_by("-at")
                .values("comment")[:1]
            )
        )
        .order_by("-decided_at")
    )


def waiting_reviews():
    """Reviews waiting for, or under, board review; oldest first."""
    return (
        Review.objects.filter(state__in=OPEN_STATES)
        .select_related("article", "revision", "submitted_by", "assignee")
        .order_by("submitted_at")
    )


def recent_approvals():
    return Approval.objects.select_related("article", "revision", "approved_by").order_by("-approved_at", "-id")


@dataclass(frozen=True)
class RevisionRow:
    revision: HistoricalArticle
    state: str
    is_published: bool


def _state_label(revision_id: int, reviews: dict, approved: set) -> str:
    if revision_id in approved:
        return "Approved"
    review = reviews.get(revision_id)
    if review is None:
        return "Draft (not submitted)"
    return review.get_state_display()


def revision_history_page(*, article: Article, page_number, per_page: int = 50) -> tuple[Page, list[RevisionRow]]:
    """One page of an article's revisions, newest first, with each one's review state."""
    revisions = article.history.defer("content").select_related("history_user").order_by("-revision_number")
    page = Paginator(revisions, per_page).get_page(page_number)
    ids = [r.history_id for r in page.object_list]
    reviews = {}
    for review in Review.objects.filter(revision_id__in=ids).order_by("id"):
        reviews[review.revision_id] = review  # the newest review of each revision wins
    approved = set(Approval.objects.filter(revision_id__in=ids).values_list("revision_id", flat=True))
    published = published_revision_id(article)
    rows = [
        RevisionRow(
            revision=r, state=_state_label(r.history_id, reviews, approved), is_published=r.history_id == published
        )
        for r in page.object_list
    ]
    return page, rows


def published_revision_id(article: Article) -> int | None:
    """The revision readers get (approved, or else the newest submitted), or None."""
    page = reader_page(slug=article.slug)
    return page.revision.history_id if page else None


def approved_revision(article: Article) -> HistoricalArticle | None:
    """The newest approved revision of an article, or None."""
    approval = Approval.objects.filter(article=article).select_related("revision").order_by("-revision_id").first()
    return approval.revision if approval else None


def revision_by_number(article: Article, number) -> HistoricalArticle | None:
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return article.history.filter(revision_number=number).first()


def preview_page(*, article: Article, revision) -> ReaderPage:
    """A revision (saved or not) as readers would get it once it is what they are shown."""
    approval = None
    if getattr(revision, "history_id", None):
        approval = (
            Approval.objects.filter(revision_id=revision.history_id)
            .select_related("approved_by__board_member")
            .order_by("-approved_at")
            .first()
        )
    if approval is not None:
        return ReaderPage(article=article, revision=revision, approval=approval, step=TrackerStep.APPROVED)
    review = None
    if getattr(revision, "history_id", None):
        review = Review.objects.filter(revision_id=revision.history_id).order_by("-id").first()
    step = _STEP_FOR_STATE[review.state] if review and review.state in _STEP_FOR_STATE else TrackerStep.SUBMITTED
    return ReaderPage(article=article, revision=revision, approval=None, step=step)


def new_questions():
    """Readers' questions no editor has handled yet, newest first."""
    from articles.models import Question, QuestionStatus

    return Question.objects.filter(status=QuestionStatus.NEW).select_related("article").order_by("-created_at")
