"""What the board sees: the queue, decisions, re-reviews due, and each article's audit trail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from articles.models import Article, HistoricalArticle
from articles.selectors import articles_with_latest
from review import publication
from review.models import OPEN_STATES, Approval, ApprovalQuerySet, Review, ReviewEvent, ReviewState, Withdrawal


def _search(queryset, query: str, prefix: str = "article__"):
    query = (query or "").strip()[:200]
    if not query:
        return queryset
    return queryset.filter(Q(**{f"{prefix}title__icontains": query}) | Q(**{f"{prefix}condition__icontains": query}))


def queue(*, query: str = ""):
    """Submitted revisions waiting for a reviewer, oldest first."""
    reviews = Review.objects.filter(state=ReviewState.SUBMITTED)
    return _search(reviews, query).select_related("article", "revision", "submitted_by").order_by("submitted_at", "id")


def reviewing(*, user, query: str = ""):
    """Reviews the user has started and not yet decided."""
    reviews = Review.objects.filter(state=ReviewState.UNDER_REVIEW, assignee=user)
    return _search(reviews, query).select_related("article", "revision", "submitted_by").order_by("submitted_at")


def in_review_by_others(*, user, query: str = ""):
    reviews = Review.objects.filter(state=ReviewState.UNDER_REVIEW).exclude(assignee=user)
    return _search(reviews, query).select_related("article", "revision", "assignee").order_by("submitted_at")


def recently_decided(*, query: str = ""):
    reviews = Review.objects.filter(state__in=[ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED])
    return _search(reviews, query).select_related("article", "revision", "assignee").order_by("-decided_at", "-id")


def due_for_review(*, today: datetime.date | None = None, within_days: int | None = None, query: str = ""):
    """Approved articles whose next review is overdue or due within `within_days`, most overdue first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REVIEW_DUE_SOON_DAYS if within_days is None else within_days)
    latest = HistoricalArticle.objects.filter(id=OuterRef("article_id")).order_by("-history_id")
    open_review = Review.objects.filter(article=OuterRef("article_id"), state__in=OPEN_STATES)
    approvals = (
        Approval.objects.current()
        .filter(next_review_due__lte=horizon)
        .exclude(Exists(Withdrawal.objects.in_force().filter(article=OuterRef("article"))))
        # What to offer instead of "Re-confirm unchanged" when the text has moved on.
        .annotate(
            latest_revision_id=Subquery(latest.values("history_id")[:1]),
            latest_revision_number=Subquery(latest.values("revision_number")[:1]),
            open_review_id=Subquery(open_review.values("id")[:1]),
        )
    )
    return _search(approvals, query).select_related("article", "revision", "approved_by").order_by("next_review_due")


@dataclass(frozen=True)
class StaleTranslation:
    """An approved translation that follows an older revision of its original than the one readers now get."""

    translation: Article
    original: Article
    translated_revision: HistoricalArticle  # the original's revision the translation follows
    approved_revision: HistoricalArticle  # the original's revision readers get now


def stale_translations() -> list[StaleTranslation]:
    """Translations due for the board: the original has a newer approved revision than the one translated."""

    def approved_of(article_ref: str) -> Subquery:
        current = (
            Approval.objects.live().filter(article=OuterRef(article_ref)).order_by(*ApprovalQuerySet.CURRENT_ORDER)
        )
        return Subquery(current.values("revision_id")[:1])

    translations = list(
        Article.objects.filter(translation_of__isnull=False)
        .exclude(Exists(Withdrawal.objects.in_force().filter(article=OuterRef("pk"))))
        .annotate(own_approved_id=approved_of("pk"), original_approved_id=approved_of("translation_of_id"))
        .filter(own_approved_id__isnull=False)
        .select_related("translation_of")
        .order_by("translation_of__title", "language")
    )
    approved = HistoricalArticle.objects.in_bulk([t.own_approved_id for t in translations])  # type: ignore[attr-defined]
    behind = [
        (translation, approved[translation.own_approved_id].source_revision_id)  # type: ignore[attr-defined]
        for translation in translations
        if publication.translation_behind(
            translation.original_approved_id,  # type: ignore[attr-defined]  # annotated
            approved[translation.own_approved_id].source_revision_id,  # type: ignore[attr-defined]
        )
    ]
    revisions = HistoricalArticle.objects.in_bulk(
        [followed for _, followed in behind] + [t.original_approved_id for t, _ in behind]  # type: ignore[attr-defined]
    )
    return [
        StaleTranslation(
            translation=translation,
            original=translation.translation_of,  # type: ignore[arg-type]  # a translation has one
            translated_revision=revisions[followed],
            approved_revision=revisions[translation.original_approved_id],  # type: ignore[attr-defined]
        )
        for translation, followed in behind
    ]


def open_review_of(article: Article) -> Review | None:
    """The article's review that is waiting or in progress, if any."""
    return Review.objects.filter(article=article, state__in=OPEN_STATES).select_related("revision").first()


@dataclass(frozen=True)
class AuditEntry:
    at: datetime.datetime
    actor: object
    action: str
    from_state: str
    to_state: str
    revision_number: int
    comment: str


# The audit page's filter: what each choice lists.
AUDIT_KINDS = {
    "": "Everything",
    "transitions": "Review transitions and assignments",
    "approvals": "Approvals and re-confirmations",
    "withdrawals": "Withdrawals",
}


def _event_entry(event: ReviewEvent) -> AuditEntry:
    if event.action:
        action = event.get_action_display() + (f" to {event.assignee}" if event.assignee_id else "")
    else:
        action = "transition"
    return AuditEntry(
        at=event.at,
        actor=event.actor,
        action=action,
        from_state=event.get_from_state_display() if event.from_state else "",
        to_state=event.get_to_state_display(),
        revision_number=event.review.revision.revision_number,
        comment=event.comment,
    )


def _approval_entry(approval: Approval) -> AuditEntry:
    if not approval.complete:
        to_state = "another approval needed"
    elif approval.is_scheduled and approval.go_live_at is not None:
        to_state = (
            f"goes live {approval.go_live_at.isoformat()}; next review due {approval.next_review_due.isoformat()}"
        )
    else:
        to_state = f"next review due {approval.next_review_due.isoformat()}"
    return AuditEntry(
        at=approval.approved_at,
        actor=approval.approved_by,
        action=approval.get_kind_display(),
        from_state="",
        to_state=to_state,
        revision_number=approval.revision.revision_number,
        comment=approval.comment,
    )


def _withdrawal_entry(withdrawal: Withdrawal) -> AuditEntry:
    return AuditEntry(
        at=withdrawal.withdrawn_at,
        actor=withdrawal.withdrawn_by,
        action="Withdrawn from readers",
        from_state="",
        to_state="withdrawn",
        revision_number=0,
        comment=withdrawal.reason,
    )


def _audit_sources(article: Article, kind: str) -> list[tuple]:
    """(queryset, time field, entry maker) for each kind of record the filter lets through."""
    sources: list[tuple] = []
    if kind in ("", "transitions"):
        events = ReviewEvent.objects.filter(article=article).select_related("actor", "assignee", "review__revision")
        sources.append((events.defer("review__revision__content"), "at", _event_entry))
    if kind in ("", "approvals"):
        approvals = Approval.objects.filter(article=article).select_related("approved_by", "revision")
        sources.append((approvals.defer("revision__content"), "approved_at", _approval_entry))
    if kind in ("", "withdrawals"):
        sources.append(
            (
                Withdrawal.objects.filter(article=article).select_related("withdrawn_by"),
                "withdrawn_at",
                _withdrawal_entry,
            )
        )
    return sources


def audit_trail(article: Article, *, kind: str = "") -> list[AuditEntry]:
    """Every transition and approval of an article (or those of one `kind`), oldest first."""
    entries = [
        (getattr(row, field), rank, row.pk, make(row))
        for rank, (queryset, field, make) in enumerate(_audit_sources(article, kind))
        for row in queryset.order_by(field, "pk")
    ]
    return [entry for *_key, entry in sorted(entries, key=lambda e: e[:3])]


class _NewestFirst:
    """
    The audit trail newest first, for a Paginator: counted per table and sliced by
    reading only the newest `stop` rows of each (the database sorts by its indexes), so
    the first page costs the same however long the history grows.
    """

    def __init__(self, sources: list[tuple]):
        self.sources = sources

    def count(self) -> int:
        return sum(queryset.count() for queryset, _field, _make in self.sources)

    def __getitem__(self, window: slice) -> list[AuditEntry]:
        start, stop = window.start or 0, window.stop
        rows = [
            (getattr(row, field), rank, row.pk, make, row)
            for rank, (queryset, field, make) in enumerate(self.sources)
            for row in queryset.order_by(f"-{field}", "-pk")[:stop]
        ]
        rows.sort(key=lambda r: r[:3], reverse=True)
        return [make(row) for _at, _rank, _pk, make, row in rows[start:stop]]


def audit_page(*, article: Article, page_number, kind: str = "", per_page: int = 25) -> Page:
    """One page of an article's audit trail (or of one `kind` of record), newest first."""
    entries: Any = _NewestFirst(_audit_sources(article, kind))  # a sequence Paginator can count and slice
    return Paginator(entries, per_page).get_page(page_number)


# --- what editors see of the workflow -----------------------------------------------


def drafts_of(user):
    """Articles whose newest revision is `user`'s and has not been sent to the board."""
    return (
        articles_with_latest()
        .filter(latest_author_id=user.pk)
        .exclude(Exists(Review.objects.filter(revision_id=OuterRef("latest_revision_id"))))
        .exclude(Exists(Approval.objects.filter(revision_id=OuterRef("latest_revision_id"), complete=True)))
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
    """Approvals, newest first (the editors' "recently approved" list)."""
    approvals = Approval.objects.filter(complete=True)  # not a first of two approvals
    return approvals.select_related("article", "revision", "approved_by").order_by("-approved_at", "-id")


@dataclass(frozen=True)
class RevisionRow:
    revision: HistoricalArticle
    state: str
    is_published: bool


def _state_label(revision_id: int, reviews: dict, approved: dict) -> str:
    approval = approved.get(revision_id)
    if approval is not None and approval.is_scheduled:
        local = timezone.localtime(approval.go_live_at)
        return f"Approved; goes live {local:%d %b %Y, %H:%M}"
    if approval is not None:
        return "Approved"
    review = reviews.get(revision_id)
    if review is None:
        return "Draft (not submitted)"
    return review.get_state_display()


def revision_history_page(*, article: Article, page_number, per_page: int = 25) -> tuple[Page, list[RevisionRow]]:
    """One page of an article's revisions, newest first, with each one's review state."""
    revisions = article.history.defer("content").select_related("history_user").order_by("-revision_number")
    page = Paginator(revisions, per_page).get_page(page_number)
    ids = [r.history_id for r in page.object_list]
    reviews = {}
    for review in Review.objects.filter(revision_id__in=ids).order_by("id"):
        reviews[review.revision_id] = review  # the newest review of each revision wins
    approved = {}
    for approval in Approval.objects.filter(revision_id__in=ids, complete=True).order_by("approved_at", "id"):
        if approval.revision_id not in approved or approval.is_live:
            approved[approval.revision_id] = approval  # a live approval wins over a scheduled one
    published = publication.published_revision_id(article)
    rows = [
        RevisionRow(
            revision=r, state=_state_label(r.history_id, reviews, approved), is_published=r.history_id == published
        )
        for r in page.object_list
    ]
    return page, rows
