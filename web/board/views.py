"""
Board pages: the public board page, the review queue, one review's workspace, its
actions, re-confirmation of due articles and each article's audit trail. Every state
change goes through review.workflow; views turn its exceptions into messages.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audiences import Audience
from articles.diffing import compare
from articles.models import Article
from articles.presentation import presentation_for
from publishing.caching import article_body_html
from review import permissions, publication, selectors, workflow
from review.checklist import checklist_for, library_checks, library_conflicts_for
from review.comments import can_comment, comment_add
from review.exceptions import WorkflowError
from review.exports import write_audit_csv
from review.models import Review
from web.board.forms import AssignForm, AuditFilter, CommentForm, DecisionForm, QueueFilter, ScheduleForm, WithdrawForm
from web.permissions import staff_page

QUEUE = "review.view_queue"
# Page access for the board's actions; who may act on which review is decided in
# review.workflow (active board membership, assignee, four eyes).
DECIDE = "review.review_revision"
PER_PAGE = 20


def _page(queryset, request, param):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))


@staff_page(QUEUE)
def queue(request):
    """What the board has to do: waiting reviews (oldest first), mine, decisions, re-reviews due."""
    form = QueueFilter(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "board/queue.html",
        {
            "form": form,
            "query": query,
            "waiting": _page(selectors.queue(query=query), request, "waiting"),
            "mine": _page(selectors.reviewing(user=request.user, query=query), request, "mine"),
            "others": _page(selectors.in_review_by_others(user=request.user, query=query), request, "others"),
            "decided": _page(selectors.recently_decided(query=query), request, "decided"),
            "due": _page(selectors.due_for_review(query=query), request, "due"),
            "stale_translations": selectors.stale_translations(),
            "today": timezone.localdate(),
        },
    )


def _review_context(
    request, review: Review, *, comment_form=None, decision_form=None, assign_form=None, schedule_form=None
):
    article = review.article
    revision = review.revision
    approved = publication.approved_revision(article)
    user = request.user
    member = permissions.active_board_member(user)
    is_author = member is not None and permissions.authored_changes_in(revision, user)
    approvals = list(review.approvals.select_related("approved_by").order_by("approved_at", "id"))
    final = next((a for a in approvals if a.complete), None)
    can_assign = review.is_open and permissions.can_assign(user)
    conflicts = library_conflicts_for(review.article, revision.document)
    checklist = checklist_for(revision.document) + library_checks(revision.document, conflicts)
    return {
        "approvals": approvals,
        "approvals_given": len({a.approved_by_id for a in approvals}),
        "approvals_needed": permissions.required_approvals(),
        "final_approval": final,
        "state_phrase": permissions.state_phrase(review),
        "can_assign": can_assign,
        "assign_form": assign_form or (AssignForm(review=review, prefix="assign") if can_assign else None),
        "can_release": permissions.can_release(review, user),
        "can_schedule": final is not None and permissions.can_schedule(final, user),
        "schedule_form": schedule_form or ScheduleForm(prefix="schedule"),
        "review": review,
        "article": article,
        "revision": revision,
        "approved": approved,
        "comparison": compare(approved, revision) if approved and approved.history_id != revision.history_id else None,
        "body": None if approved else article_body_html(revision, presentation_for(None)),
        "presentation": presentation_for(None),
        "checklist": checklist,
        "library_conflicts": conflicts,
        "events": review.events.select_related("actor").all(),
        "comments": review.comments.select_related("author").all(),
        "comment_form": comment_form or CommentForm(revision=revision, prefix="comment"),
        "decision_form": decision_form or DecisionForm(prefix="decision"),
        "can_comment": can_comment(user),
        "is_board_member": member is not None,
        "is_author": is_author,
        "is_assignee": review.assignee_id == user.pk,
        "can_start": permissions.can_start(review, user),
        "can_decide": permissions.can_decide(review, user),
        "audiences": Audience.choices,
        "newer_revision": article.latest_revision() if review.is_open else None,
    }


@staff_page("review.view_review")
def review_detail(request, pk):
    """One review: what changed, the checklist, comments, and the decision buttons."""
    return render(request, "board/review_detail.html", _review_context(request, _review_for_action(pk)))


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
    return render(request, "board/review_detail.html", context, status=400)


def _decision_refused(request, review: Review, form: DecisionForm):
    return _form_refused(request, review, decision_form=form)


def _review_for_action(pk) -> Review:
    return get_object_or_404(Review.objects.select_related("article", "revision", "submitted_by", "assignee"), pk=pk)


@staff_page(DECIDE)
@require_POST
def review_start(request, pk):
    def start(review):
        workflow.start_review(review=review, by=request.user)
        return gettext("You are now reviewing this revision.")

    return _act(request, _review_for_action(pk), start)


@staff_page(DECIDE)
@require_POST
def review_approve(request, pk):
    review = _review_for_action(pk)
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        return _decision_refused(request, review, form)
    seen = request.POST.get("seen_revision", "")
    if request.POST.get("confirmed") != "1":
        # Deciding is deliberate: Approve (or Enter in any field) only shows what would go live.
        return _approve_confirmation(request, review, form, seen)

    def approve(review):
        revision = _seen_revision(review, seen)
        approval = workflow.approve(
            review=review,
            by=request.user,
            comment=form.cleaned_data["comment"],
            seen_revision=revision,
            go_live_at=form.cleaned_data["go_live_at"],
            library_override=form.cleaned_data["library_override"],
        )
        if not approval.complete:
            given, needed = permissions.approval_tally(review)
            return gettext(
                "Your approval is recorded (%(given)s of %(needed)s approvals). The review is back in the queue "
                "for a different board member; readers get this revision once it has all its approvals."
            ) % {"given": given, "needed": needed}
        if approval.is_scheduled:
            return gettext(
                "Approved revision %(number)s. It goes live on %(when)s; "
                "readers keep the previous approved version until then."
            ) % {"number": revision.revision_number, "when": _when(approval.go_live_at)}
        return gettext("Approved revision %(number)s. Readers now see it.") % {"number": revision.revision_number}

    return _act(request, review, approve)


def _seen_revision(review: Review, seen: str):
    """The revision the board member was shown (the form says which), or WorkflowError."""
    if not seen.isdigit():
        raise WorkflowError(gettext("The form did not say which revision you reviewed; reload the page and try again."))
    revision = review.article.history.filter(history_id=int(seen)).first()
    if revision is None:
        raise WorkflowError(gettext("The revision you reviewed is not part of this article."))
    return revision


def _approve_confirmation(request, review: Review, form: DecisionForm, seen: str):
    """The confirmation step: exactly what goes live, and when, before anything is decided."""
    try:
        revision = _seen_revision(review, seen)
        refusal = permissions.decide_refusal(review, request.user)
        if refusal is not None:
            raise refusal
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("review:detail", pk=review.pk)
    approved = publication.approved_revision(review.article)
    given, needed = permissions.approval_tally(review)
    go_live_at = form.cleaned_data["go_live_at"]
    context = {
        "review": review,
        "revision": revision,
        "approved": approved,
        "changes": compare(approved, revision).entries if approved else None,
        "completes": given + 1 >= needed,
        "given": given,
        "needed": needed,
        "other_approvals": review.approvals.select_related("approved_by").order_by("approved_at"),
        "go_live_at": go_live_at,
        "go_live_value": timezone.localtime(go_live_at).strftime("%Y-%m-%dT%H:%M") if go_live_at else "",
        "form": form,
    }
    return render(request, "board/approve_confirm.html", context)


@staff_page(DECIDE)
@require_POST
def review_request_changes(request, pk):
    review = _review_for_action(pk)
    form = DecisionForm(request.POST, prefix="decision", comment_required=True)
    if not form.is_valid():
        return _decision_refused(request, review, form)

    def request_changes(review):
        workflow.request_changes(review=review, by=request.user, comment=form.cleaned_data["comment"])
        return gettext("Changes requested. The editor has been told.")

    return _act(request, review, request_changes)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return gettext("%(date)s at %(time)s (%(zone)s)") % {
        "date": date_format(local, "d F Y"),
        "time": date_format(local, "H:i"),
        "zone": local.tzname(),
    }


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
        workflow.assign(
            review=review,
            to=member.user,
            by=request.user,
            comment=form.cleaned_data["comment"],
            seen_assignee_id=request.POST.get("seen_assignee", workflow.ANY),
        )
        return gettext("Assigned to %(name)s, who has been told by e-mail.") % {"name": member.display_name}

    return _act(request, review, assign)


@staff_page(QUEUE)
@require_POST
def review_release(request, pk):
    """Put a started review back in the queue, with no reviewer."""

    def release(review):
        workflow.release(
            review=review, by=request.user, seen_assignee_id=request.POST.get("seen_assignee", workflow.ANY)
        )
        return gettext("Released: the review is back in the queue, waiting for a board member to start it.")

    return _act(request, _review_for_action(pk), release)


@staff_page(QUEUE)
@require_POST
def review_schedule(request, pk):
    """Change when the approved revision of this review goes live (or publish it now)."""
    review = _review_for_action(pk)
    form = ScheduleForm(request.POST, prefix="schedule")
    if not form.is_valid():
        return _form_refused(request, review, schedule_form=form)
    if request.POST.get("confirmed") != "1":
        # Changing when readers get a revision is a decision too: show what it does first.
        return _schedule_confirmation(request, review, form)

    def schedule(review):
        approval = review.approvals.filter(complete=True).first()
        if approval is None:
            raise WorkflowError(gettext("This review has no approval to schedule."))
        approval = workflow.schedule(approval=approval, by=request.user, go_live_at=form.cleaned_data["go_live_at"])
        if approval.is_live:
            return gettext("Published: readers now get this revision.")
        return gettext("It now goes live on %(when)s.") % {"when": _when(approval.go_live_at)}

    return _act(request, review, schedule)


def _schedule_confirmation(request, review: Review, form: ScheduleForm):
    approval = review.approvals.filter(complete=True).select_related("revision").first()
    if approval is None or approval.is_live:
        messages.error(request, gettext("This review has no scheduled approval to change."))
        return redirect("review:detail", pk=review.pk)
    go_live_at = form.cleaned_data["go_live_at"]
    context = {
        "review": review,
        "approval": approval,
        "revision": review.revision,
        "approved": publication.approved_revision(review.article),
        "go_live_at": go_live_at,
        "go_live_value": timezone.localtime(go_live_at).strftime("%Y-%m-%dT%H:%M") if go_live_at else "",
    }
    return render(request, "board/schedule_confirm.html", context)


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
            messages.success(request, gettext("Comment added."))
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
            messages.success(
                request,
                gettext("%(title)s: re-confirmed. Next review due %(date)s.")
                # Translators: the date format of the next review date (Django's date format characters).
                % {"title": article.title, "date": date_format(due, gettext("F j, Y"))},
            )
            return redirect("review:queue")
    status = 400 if form.errors else 200
    context = {
        "article": article,
        "approval": approval,
        "form": form,
        "latest": article.latest_revision(),
        "open_review": selectors.open_review_of(article),
        "can_submit": permissions.can_submit(request.user),
        "interval_months": settings.REVIEW_INTERVAL_MONTHS,
    }
    return render(request, "board/reconfirm_confirm.html", context, status=status)


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
    return render(request, "board/audit.html", context)


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
                    gettext(
                        "“%(title)s” is withdrawn. Readers now see why; it returns when the board approves a revision."
                    )
                    % {"title": article.title},
                )
                return redirect("review:audit", slug=article.slug)
        else:
            confirming = True
    status = 400 if form.errors else 200
    context = {"article": article, "page": page, "form": form, "confirming": confirming}
    return render(request, "board/withdraw.html", context, status=status)
