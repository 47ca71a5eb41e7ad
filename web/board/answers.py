"""
The board's screen for editors' answers to readers' questions: approve one for "Readers
asked", or send it back with a comment. The rules and permission checks live in
review.faq; these views parse, call it, and pick a template.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles.models import Question
from review import faq
from review.exceptions import CommentRequired, WorkflowError
from web.board.forms import ReturnForm
from web.permissions import staff_page

DECIDE = "review.review_revision"
PER_PAGE = 20


def _prefix(pk) -> str:
    """Each answer's send-back form has its own field names and ids (several on one page)."""
    return f"return-{pk}"


def _board_screen(request, *, status=200, returning: Question | None = None, return_form: ReturnForm | None = None):
    page = Paginator(faq.answers_awaiting_board(), PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {
            "question": question,
            "can_decide": faq.can_decide(question, request.user),
            "seen": faq.answer_version(question),
            "return_form": (
                return_form if returning and returning.pk == question.pk else ReturnForm(prefix=_prefix(question.pk))
            ),
        }
        for question in page
    ]
    return render(request, "board/faq_review.html", {"page": page, "items": items}, status=status)


@staff_page(DECIDE)
def faq_review(request):
    """The board's screen: editors' answers waiting for approval, oldest first."""
    return _board_screen(request)


@staff_page(DECIDE)
@require_POST
def faq_approve(request, pk):
    """A board member approves an answer: it is published under "Readers asked"."""
    question = get_object_or_404(Question, pk=pk)
    try:
        faq.answer_approve(question=question, by=request.user, seen=request.POST.get("seen", ""))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext("Approved: readers of “%(title)s” now see this answer.") % {"title": question.article.title},
        )
    return redirect("review:answers")


@staff_page(DECIDE)
@require_POST
def faq_return(request, pk):
    """A board member sends an answer back to the editors with a comment."""
    question = get_object_or_404(Question, pk=pk)
    form = ReturnForm(request.POST, prefix=_prefix(question.pk))
    if form.is_valid():
        try:
            faq.answer_return(question=question, by=request.user, comment=form.cleaned_data["comment"])
        except CommentRequired as error:
            form.add_error("comment", str(error))
        except (WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
            return redirect("review:answers")
        else:
            messages.success(request, gettext("Sent back to the editors with your comment."))
            return redirect("review:answers")
    return _board_screen(request, status=400, returning=question, return_form=form)
