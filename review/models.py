"""
Board members and the review of revisions.

A Review is one submission of one exact revision (a historical article row). Its state
changes only through review.workflow, which records a ReviewEvent for every change. An
Approval pins the revision readers get; a later edit is a new revision that readers do
not see until it too is approved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class BoardMember(models.Model):
    """A member of the Medical Advisory Board, with the credentials shown to readers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_member")
    credentials = models.CharField(max_length=100, help_text="For example: MD, FACP")
    specialty = models.CharField(max_length=100)
    bio = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    languages = models.CharField(
        "languages reviewed besides English",
        max_length=60,
        blank=True,
        help_text="The languages this member reviews translations in, as codes separated by commas (e.g. “es”).",
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return self.display_name

    def reviews_in(self, language: str) -> bool:
        """Whether this member reviews articles in `language` (every member reviews the English originals)."""
        if language == "en":
            return True
        return language in {code.strip().lower() for code in self.languages.split(",") if code.strip()}

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def display_name(self) -> str:
        """Name and credentials, as readers see them: "Dr Ana Silva, MD"."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


# The longest comment on a decision, a re-confirmation or a review (forms read it here).
COMMENT_MAX_LENGTH = 5000


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


OPEN_STATES = (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW)


class Review(models.Model):
    """The board's review of one submitted revision."""

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="reviews")
    revision = models.ForeignKey("articles.HistoricalArticle", on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(state__in=OPEN_STATES), name="one_open_review_per_article"
            ),
        ]
        indexes = [models.Index(fields=["article", "-revision"], name="review_article_revision")]
        permissions = [
            ("submit_revision", "Can submit a revision for board review"),
            ("review_revision", "Can review and approve revisions"),
            ("view_queue", "Can see the board's review queue"),
        ]

    def __str__(self):
        return f"Review of {self.revision} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("review:detail", kwargs={"pk": self.pk})

    @property
    def waiting_days(self) -> int:
        """Whole days since the revision was submitted (the queue shows the age in days, oldest first)."""
        return (timezone.localdate() - timezone.localdate(self.submitted_at)).days

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    # Named states for templates, which cannot reach the enum: compare with these, never
    # with the raw strings.
    @property
    def is_submitted(self) -> bool:
        return self.state == ReviewState.SUBMITTED

    @property
    def is_under_review(self) -> bool:
        return self.state == ReviewState.UNDER_REVIEW

    @property
    def is_superseded(self) -> bool:
        return self.state == ReviewState.SUPERSEDED


class ReviewAction(models.TextChoices):
    """What a recorded event did besides (or instead of) a plain change of state."""

    ASSIGNED = "assigned", "Assigned"
    RELEASED = "released", "Released"
    PARTLY_APPROVED = "partly_approved", "Approved, another approval needed"
    SCHEDULED = "scheduled", "Go-live scheduled"
    PUBLISHED = "published", "Went live"


class ReviewEvent(models.Model):
    """One transition of a review: who moved it, when, from what, to what, and why."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")
    # The review's article, copied so that an article's audit trail is read newest first
    # from one index however long its history grows (review.selectors.audit_page).
    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, null=True, related_name="+")
    # Blank for a plain transition; else what the event did (assignment, a first of two approvals, …).
    action = models.CharField(max_length=20, choices=ReviewAction.choices, blank=True)
    # Who the review was assigned to by this event (assign, reassign), if anyone.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, choices=ReviewState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ReviewState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["article", "-at", "-id"], name="reviewevent_article_at")]

    def __str__(self):
        return f"{self.from_state or 'new'} → {self.to_state}"


class ApprovalQuerySet(models.QuerySet):
    """The one spelling of "the approval readers get"."""

    # Newest approved revision first; among approvals of that revision (re-confirmations),
    # the newest. Every "current approval" question uses this ordering.
    CURRENT_ORDER = ("-revision_id", "-approved_at", "-id")

    def live(self):
        """
        Approvals readers get: complete (as many distinct board approvals as
        REQUIRED_APPROVALS asked for when it was decided — review.workflow.approve marks
        only the one that completes the count) and gone live (at once, or by publish_due
        after its scheduled time). A first of two approvals, or one waiting for its
        go-live time, is recorded but readers do not get it.
        """
        return self.filter(complete=True, published_at__isnull=False)

    def current_for(self, article_id: int) -> Approval | None:
        """The approval readers get for one article now, or None if it was never approved."""
        return self.live().filter(article_id=article_id).order_by(*self.CURRENT_ORDER).first()

    def current(self):
        """Each article's current approval (one row per approved article)."""
        newest = self.model.objects.live().filter(article=models.OuterRef("article")).order_by(*self.CURRENT_ORDER)
        return self.live().filter(id=models.Subquery(newest.values("id")[:1]))

    def scheduled(self):
        """Complete approvals waiting for their go-live time (publish_due publishes them)."""
        return self.filter(complete=True, published_at__isnull=True, go_live_at__isnull=False)


class ApprovalKind(models.TextChoices):
    APPROVED = "approved", "Approved after review"
    RECONFIRMED = "reconfirmed", "Re-confirmed unchanged"


class Approval(models.Model):
    """The board's approval of one exact revision; the newest is what readers get."""

    kind = models.CharField(max_length=20, choices=ApprovalKind.choices, default=ApprovalKind.APPROVED)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="approvals")
    revision = models.ForeignKey("articles.HistoricalArticle", on_delete=models.PROTECT, related_name="approvals")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, null=True, blank=True, related_name="approvals")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approvals_given")
    approved_at = models.DateTimeField()
    next_review_due = models.DateField()
    # False for an approval that did not yet make up REQUIRED_APPROVALS (the first of two).
    complete = models.BooleanField(default=True)
    # When the approver asked readers to get it (None: at once).
    go_live_at = models.DateTimeField(null=True, blank=True)
    # When readers started getting it (None: not yet — incomplete, or waiting for go_live_at).
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-id"]
        indexes = [
            models.Index(fields=["article", "-revision", "-approved_at"], name="approval_article_revision"),
            models.Index(fields=["article", "-approved_at", "-id"], name="approval_article_at"),
        ]

    def __str__(self):
        return f"Approval of {self.revision}"

    @property
    def is_live(self) -> bool:
        return self.complete and self.published_at is not None

    @property
    def is_scheduled(self) -> bool:
        return self.complete and self.published_at is None and self.go_live_at is not None

    def review_overdue(self, today=None) -> bool:
        """The re-review date has come: from that day on readers read "Review overdue since …", never "Approved"."""
        return self.next_review_due <= (today or timezone.localdate())


class ReviewComment(models.Model):
    """A remark by a reviewer or an editor on one review, perhaps about one diagnosis.

    Plain text: it is escaped on output, never rendered as Markdown or HTML."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entry_name = models.CharField("about the diagnosis", max_length=200, blank=True)
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Comment by {self.author} on {self.review}"


class WithdrawalQuerySet(models.QuerySet):
    """The one spelling of "this withdrawal still keeps the article from readers"."""

    def in_force(self):
        """Withdrawals no approval has come after (an approval after a withdrawal reinstates)."""
        later_approval = Approval.objects.live().filter(
            article=models.OuterRef("article"), published_at__gt=models.OuterRef("withdrawn_at")
        )
        return self.exclude(models.Exists(later_approval))


class Withdrawal(models.Model):
    """
    A live article taken away from readers by a board member or site admin, with the reason
    readers are shown. It lasts until the board approves a revision after it (reinstatement
    goes through review); nothing is erased from history.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="withdrawals")
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField()
    reason = models.TextField(max_length=COMMENT_MAX_LENGTH)

    objects = WithdrawalQuerySet.as_manager()

    class Meta:
        ordering = ["-withdrawn_at", "-id"]
        permissions = [("withdraw_article", "Can withdraw a live article from readers")]

    def __str__(self):
        return f"Withdrawal of {self.article_id} at {self.withdrawn_at:%Y-%m-%d}"


class ReviewReminder(models.Model):
    """
    One e-mail reminding the board that an article's re-review is due: at most one per
    article and due date, so send_review_reminders can run from cron as often as wanted.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    due = models.DateField()  # the next_review_due the reminder was about
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["article", "due"], name="one_reminder_per_article_due_date")]

    def __str__(self):
        return f"Reminder for {self.article_id}, due {self.due}"


class WaitingReminder(models.Model):
    """
    One e-mail reminding the board (or the assignee) that a review has waited longer than
    REVIEW_WAITING_REMINDER_DAYS: at most one per review in any such interval.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="waiting_reminders")
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"Waiting reminder for review {self.review_id} at {self.sent_at:%Y-%m-%d}"
