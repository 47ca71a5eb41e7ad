"""
Board pages: the public board page, the review queue, one review's workspace, its
actions, re-confirmation of due articles and each article's audit trail. Every state
change goes through review.workflow; views turn its exceptions into messages.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audiences import Audience
from accounts.permissions import staff_page
from articles.diffing import compare
from articles.models import Article
from articles.presentation import article_body_html, presentation_for
from review import publication, selectors, workflow
from review.checklist import checklist_for
from review.comments import can_comment, comment_add
from review.exceptions import WorkflowError
from review.exports import write_audit_csv
from review.models import COMMENT_MAX_LENGTH, BoardMember, Review, ReviewComment

QUEUE = "review.view_queue"
# Page access for the board's actions; who may act on which review is decided in
# review.workflow (active board membership, assignee, four eyes).
DECIDE = "review.review_revision"
PER_PAGE = 20


def board(request):
    """The Medical Advisory Board: each active member and how many articles they reviewed."""
    members = (
        BoardMember.objects.filter(active=True)
        .select_related("user")
        .annotate(articles_reviewed=Count("user__approvals_given__article", distinct=True))
    )
    return render(request, "review/board.html", {"members": members})


class QueueFilter(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Article title or condition")


def _page(queryset, request, param):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))


@staff_page(QUEUE)
def queue(request):
    """What the board has to do: waiting reviews (oldest first), mine, decisions, re-reviews due."""
    form = QueueFilter(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "query": query,
            "waiting": _page(selectors.queue(query=query), request, "waiting"),
            "mine": _page(selectors.reviewing(user=request.user, query=query), request, "mine"),
            "others": _page(selectors.in_review_by_others(user=request.user, query=query), request, "others"),
            "decided": _page(selectors.recently_decided(query=query), request, "decided"),
            "due": _page(selectors.due_for_review(query=query), request, "due"),
            "today": timezone.localdate(),
        },
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ReviewComment._meta.get_field("body").max_length,
        label="Comment",
        help_text="Plain text. Everyone working on this article can read it.",
    )
    entry_name = forms.ChoiceField(required=False, label="About the diagnosis")

    def __init__(self, *args, revision=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = [entry.name for _tier, entry in revision.document.all_entries()] if revision else []
        self.fields["entry_name"].choices = [("", "The whole article")] + [(n, n) for n in names]


# The furthest ahead a go-live time may be set.
SCHEDULE_MAX_DAYS = 366
_LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def _go_live_field(label: str, help_text: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        required=False,
        label=label,
        help_text=help_text,
        input_formats=[_LOCAL_MINUTE, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_LOCAL_MINUTE),
        error_messages={"invalid": "Enter a date and time, for example 2026-12-01 09:00."},
    )


def _check_go_live(value):
    """A go-live time in the future and within SCHEDULE_MAX_DAYS; None stays None (at once)."""
    if value is None:
        return None
    now = timezone.now()
    if value <= now:
        raise ValidationError("Choose a time in the future, or leave it empty for readers to get it at once.")
    if value > now + datetime.timedelta(days=SCHEDULE_MAX_DAYS):
        raise ValidationError(f"Choose a time within {SCHEDULE_MAX_DAYS} days.")
    return value


class DecisionForm(forms.Form):
    """The comment on a decision (required when requesting changes) and, when approving, a go-live time."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={"max_length": "Keep the comment to %(limit_value)d characters (it has %(show_value)d)."},
    )
    go_live_at = _go_live_field(
        "Go live for readers at",
        f"Leave empty for readers to get it as soon as it is approved. Times are {settings.TIME_ZONE}; "
        "readers keep the previous approved version until then.",
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment_required = comment_required

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.comment_required and not comment:
            raise ValidationError("Say what needs to change: a comment is required to request changes.")
        return comment

    def clean_go_live_at(self):
        if self.comment_required:
            return None  # requesting changes: there is nothing to schedule
        return _check_go_live(self.cleaned_data.get("go_live_at"))


class AssignForm(forms.Form):
    """Whom to give a review to: the board members it may go to now."""

    assignee = forms.ChoiceField(label="Board member")
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        label="Note to the reviewer",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.user_id): m for m in workflow.assignable_members(review)}
        self.fields["assignee"].choices = [("", "Choose a board member")] + [
            (key, m.display_name) for key, m in self.members.items()
        ]
        self.fields["assignee"].error_messages["required"] = "Choose the board member to give this review to."
        self.fields["assignee"].error_messages["invalid_choice"] = (
            "That person cannot take this review (not an active board member, an author of it, "
            "or already an approver). Choose someone from the list."
        )


class ScheduleForm(forms.Form):
    go_live_at = _go_live_field(
        "New go-live time",
        f"Times are {settings.TIME_ZONE}. Leave empty to publish now.",
    )

    def clean_go_live_at(self):
        return _check_go_live(self.cleaned_data.get("go_live_at"))


def _review_context(
    request, review: Review, *, comment_form=None, decision_form=None, assign_form=None, schedule_form=None
):
    article = review.article
    revision = review.revision
    approved = publication.approved_revision(article)
    user = request.user
    member = workflow.active_board_member(user)
    is_author = member is not None and workflow.authored_changes_in(revision, user)
    approvals = list(review.approvals.select_related("approved_by").order_by("approved_at", "id"))
    final = next((a for a in approvals if a.complete), None)
    can_assign = review.is_open and workflow.can_assign(user)
    return {
        "approvals": approvals,
        "approvals_given": len({a.approved_by_id for a in approvals}),
        "approvals_needed": workflow.required_approvals(),
        "final_approval": final,
        "state_phrase": workflow.state_phrase(review),
        "can_assign": can_assign,
        "assign_form": assign_form or (AssignForm(review=review, prefix="assign") if can_assign else None),
        "can_release": workflow.can_release(review, user),
        "can_schedule": final is not None and workflow.can_schedule(final, user),
        "schedule_form": schedule_form or ScheduleForm(prefix="schedule"),
        "review": review,
        "article": article,
        "revision": revision,
        "approved": approved,
        "comparison": compare(approved, revision) if approved and approved.history_id != revision.history_id else None,
        "body": None if approved else article_body_html(revision, presentation_for(None)),
        "presentation": presentation_for(None),
        "checklist": checklist_for(revision.document),
        "events": review.events.select_related("actor").all(),
        "comments": review.comments.select_related("author").all(),
        "comment_form": comment_form or CommentForm(revision=revision, prefix="comment"),
        "decision_form": decision_form or DecisionForm(prefix="decision"),
        "can_comment": can_comment(user),
        "is_board_member": member is not None,
        "is_author": is_author,
        "is_assignee": review.assignee_id == user.pk,
        "can_start": workflow.can_start(review, user),
        "can_decide": workflow.can_decide(review, user),
        "audiences": Audience.choices,
        "newer_revision": article.latest_revision() if review.is_open else None,
    }


@staff_page("review.view_review")
def review_detail(request, pk):
    """One review: what changed, the checklist, comments, and the decision buttons."""
    return render(request, "review/review_detail.html", _review_context(request, _review_for_action(pk)))


def _act(request, review: Review, action):
    """Run one workflow action; its refusal becomes an error message. Back to the review."""
    try:
        message = action(review)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("review:detail", pk=review.pk)


def _form_refused(request, review: Review, **form):
    """Re-show the review with one form's errors beside its fields and the text kept (e.g. decision_form=form)."""
    context = _review_context(request, review, **form)
    return render(request, "review/review_detail.html", context, status=400)


def _decision_refused(request, review: Review, form: DecisionForm):
    return _form_refused(request, review, decision_form=form)


def _review_for_action(pk) -> Review:
    return get_object_or_404(Review.objects.select_related("article", "revision", "submitted_by", "assignee"), pk=pk)


@staff_page(DECIDE)
@require_POST
def review_start(request, pk):
    def start(review):
        workflow.start_review(review=review, by=request.user)
        return "You are now reviewing this revision."

    return _act(request, _review_for_action(pk), start)


@staff_page(DECIDE)
@require_POST
def review_approve(request, pk):
    review = _review_for_action(pk)
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        return _decision_refused(request, review, form)
    seen = request.POST.get("seen_revision", "")

    def approve(review):
        if not seen.isdigit():
            raise WorkflowError("The form did not say which revision you reviewed; reload the page and try again.")
        revision = review.article.history.filter(history_id=int(seen)).first()
        if revision is None:
            raise WorkflowError("The revision you reviewed is not part of this article.")
        approval = workflow.approve(
            review=review,
            by=request.user,
            comment=form.cleaned_data["comment"],
            seen_revision=revision,
            go_live_at=form.cleaned_data["go_live_at"],
        )
        if not approval.complete:
            given, needed = len(set(workflow.approvers_of(review))), workflow.required_approvals()
            return (
                f"Your approval is recorded ({given} of {needed} approvals). The review is back in the queue "
                "for a different board member; readers get this revision once it has all its approvals."
            )
        if approval.is_scheduled:
            return (
                f"Approved revision {revision.revision_number}. It goes live on {_when(approval.go_live_at)}; "
                "readers keep the previous approved version until then."
            )
        return f"Approved revision {revision.revision_number}. Readers now see it."

    return _act(request, review, approve)


@staff_page(DECIDE)
@require_POST
def review_request_changes(request, pk):
    review = _review_for_action(pk)
    form = DecisionForm(request.POST, prefix="decision", comment_required=True)
    if not form.is_valid():
        return _decision_refused(request, review, form)

    def request_changes(review):
        workflow.request_changes(review=review, by=request.user, comment=form.cleaned_data["comment"])
        return "Changes requested. The editor has been told."

    return _act(request, review, request_changes)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%d %B %Y at %H:%M} ({local.tzname()})"


@staff_page(QUEUE)
@require_POST
def review_assign(request, pk):
    """Give a waiting or started review to a board member (assign or reassign)."""
    review = _review_for_action(pk)
    form = AssignForm(request.POST, review=review, prefix="assign")
    if not form.is_valid():
        return _form_refused(request, review, assign_form=form)

    def assign(review):
        member = form.members[form.cleaned_data["assignee"]]
        workflow.assign(review=review, to=member.user, by=request.user, comment=form.cleaned_data["comment"])
        return f"Assigned to {member.display_name}, who has been told by e-mail."

    return _act(request, review, assign)


@staff_page(QUEUE)
@require_POST
def review_release(request, pk):
    """Put a started review back in the queue, with no reviewer."""

    def release(review):
        workflow.release(review=review, by=request.user)
        return "Released: the review is back in the queue, waiting for a board member to start it."

    return _act(request, _review_for_action(pk), release)


@staff_page(QUEUE)
@require_POST
def review_schedule(request, pk):
    """Change when the approved revision of this review goes live (or publish it now)."""
    review = _review_for_action(pk)
    form = ScheduleForm(request.POST, prefix="schedule")
    if not form.is_valid():
        return _form_refused(request, review, schedule_form=form)

    def schedule(review):
        approval = review.approvals.filter(complete=True).first()
        if approval is None:
            raise WorkflowError("This review has no approval to schedule.")
        approval = workflow.schedule(approval=approval, by=request.user, go_live_at=form.cleaned_data["go_live_at"])
        if approval.is_live:
            return "Published: readers now get this revision."
        return f"It now goes live on {_when(approval.go_live_at)}."

    return _act(request, review, schedule)


@staff_page("review.add_reviewcomment")
@require_POST
def review_comment(request, pk):
    review = get_object_or_404(Review.objects.select_related("article", "revision"), pk=pk)
    form = CommentForm(request.POST, revision=review.revision, prefix="comment")
    if form.is_valid():
        try:
            comment_add(
                review=review,
                by=request.user,
                body=form.cleaned_data["body"],
                entry_name=form.cleaned_data["entry_name"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Comment added.")
            return redirect(f"{review.get_absolute_url()}#comments")
    return _form_refused(request, review, comment_form=form)


@staff_page(DECIDE)
@require_http_methods(["GET", "POST"])
def article_reconfirm(request, slug):
    """Confirm, then re-confirm an approved article unchanged at its periodic review."""
    article = get_object_or_404(Article, slug=slug)
    form = DecisionForm(request.POST if request.method == "POST" else None, prefix="decision")
    approval = publication.current_approval(article.pk)
    if request.method == "POST" and form.is_valid():
        try:
            approval = workflow.reconfirm(article=article, by=request.user, comment=form.cleaned_data["comment"])
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            due = approval.next_review_due
            messages.success(request, f"{article.title}: re-confirmed. Next review due {due:%B} {due.day}, {due.year}.")
            return redirect("review:queue")
    status = 400 if form.errors else 200
    context = {
        "article": article,
        "approval": approval,
        "form": form,
        "latest": article.latest_revision(),
        "open_review": selectors.open_review_of(article),
        "can_submit": workflow.can_submit(request.user),
        "interval_months": settings.REVIEW_INTERVAL_MONTHS,
    }
    return render(request, "review/reconfirm_confirm.html", context, status=status)


class AuditFilter(forms.Form):
    kind = forms.ChoiceField(required=False, label="Show", choices=list(selectors.AUDIT_KINDS.items()))


def _audit_kind(request) -> tuple[AuditFilter, str]:
    form = AuditFilter(request.GET or None)
    return form, (form.cleaned_data["kind"] if form.is_valid() else "")


@staff_page()
def article_audit(request, slug):
    """One article's transitions, assignments, approvals and withdrawals, newest first, a page at a time."""
    article = get_object_or_404(Article, slug=slug)
    form, kind = _audit_kind(request)
    page = selectors.audit_page(article=article, page_number=request.GET.get("page"), kind=kind)
    context = {
        "article": article,
        "form": form,
        "kind": kind,
        "kind_label": selectors.AUDIT_KINDS[kind],
        "page": page,
        "entries": page.object_list,
    }
    return render(request, "review/audit.html", context)


@staff_page()
def article_audit_csv(request, slug):
    """The audit trail as CSV, filtered like the page (every page of it, oldest first)."""
    article = get_object_or_404(Article, slug=slug)
    _form, kind = _audit_kind(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    suffix = f"-{kind}" if kind else ""
    response["Content-Disposition"] = f'attachment; filename="audit-{article.slug}{suffix}.csv"'
    write_audit_csv(response, [article], kind=kind)
    return response


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX_LENGTH,
        label="Why is it withdrawn?",
        help_text="Readers are shown this reason on the article's address, so write it for them.",
        error_messages={"required": "Say why the article is withdrawn: readers are shown the reason."},
    )


@staff_page("review.withdraw_article")
@require_http_methods(["GET", "POST"])
def article_withdraw(request, slug):
    """Withdraw a live article from readers: a reason, then a confirmation, then it is gone from every list."""
    article = get_object_or_404(Article, slug=slug)
    page = publication.reader_page_for(article)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") == "yes":
            try:
                workflow.withdraw(article=article, by=request.user, reason=form.cleaned_data["reason"])
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"“{article.title}” is withdrawn. Readers now see why; "
                    "it returns when the board approves a revision.",
                )
                return redirect("review:audit", slug=article.slug)
        else:
            confirming = True
    status = 400 if form.errors else 200
    context = {"article": article, "page": page, "form": form, "confirming": confirming}
    return render(request, "review/withdraw.html", context, status=status)
