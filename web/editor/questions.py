"""
Readers' questions for editors: the queue, answering one, withdrawing a published
answer. Views parse the request, call articles.questions or review.faq (where the rules
and permission checks live), and pick a template. The board's screen for the answers is
web.board.answers.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from articles import questions, selectors
from articles.models import (
    ANSWER_MAX_LENGTH,
    Article,
    FaqState,
    Question,
    QuestionStatus,
)
from review import faq
from review.exceptions import WorkflowError
from web.permissions import staff_page

EDIT = "articles.change_article"
PER_PAGE = 20


class QueueFilter(forms.Form):
    status = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Handled"),
        choices=[
            ("new", gettext_lazy("Not handled yet")),
            ("answered", gettext_lazy("Answered")),
            ("dismissed", gettext_lazy("Dismissed")),
            ("all", gettext_lazy("All")),
        ],
    )
    found = forms.ChoiceField(
        required=False,
        label=gettext_lazy("What the reader got"),
        choices=[
            ("", gettext_lazy("Any")),
            ("no", gettext_lazy("No answer: the site found no passage")),
            ("yes", gettext_lazy("Reviewed passages")),
        ],
    )
    answer = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Editor's answer"),
        choices=[("any", gettext_lazy("Any"))] + [(value or "none", label) for value, label in FaqState.choices],
    )
    article = forms.ChoiceField(required=False, label=gettext_lazy("Article"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asked_about = Article.objects.filter(questions__isnull=False).distinct().order_by("title")
        self.fields["article"].choices = [("", gettext("All articles"))] + [(a.slug, a.title) for a in asked_about]


# A number with its thousands grouped as the active language writes them (1,500 in English).
_grouped = lazy(lambda number: number_format(number, force_grouping=True), str)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=ANSWER_MAX_LENGTH,
        label=gettext_lazy("Answer for readers"),
        help_text=format_lazy(
            gettext_lazy(
                "Up to {limit} characters, plain text or simple Markdown (bold, lists, links). "
                "Answer in general terms, separate emergencies from routine reasons to see a doctor, and promise "
                "no diagnosis. A board member must approve it before readers see it."
            ),
            limit=_grouped(ANSWER_MAX_LENGTH),
        ),
        error_messages={
            "required": gettext_lazy("Write the answer readers will see."),
            "max_length": format_lazy(
                gettext_lazy("Keep the answer to {limit} characters (it has %(show_value)d)."),
                limit=_grouped(ANSWER_MAX_LENGTH),
            ),
        },
    )


def _queue_url() -> str:
    return reverse("editor:questions")


@staff_page()
def question_list(request):
    """Readers' questions for editors: filter by handling, by whether readers got an answer, paginate."""
    form = QueueFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    status = filters.get("status") or "new"
    answer = filters.get("answer") or "any"
    article = Article.objects.filter(slug=filters["article"]).first() if filters.get("article") else None
    queryset = questions.question_queue(
        status="" if status == "all" else status,
        found=filters.get("found", ""),
        answer_state=None if answer == "any" else ("" if answer == "none" else answer),
        article_id=article.pk if article else None,
    )
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "editor/question_list.html",
        {
            "form": form,
            "page": page,
            "filters_query": query.urlencode(),
            "filtered": bool(query),
            "can_edit": request.user.has_perm(EDIT),
        },
    )


@staff_page(EDIT)
@require_POST
def question_resolve(request, pk):
    """Mark a reader's question answered (by a revision) or dismissed."""
    question = get_object_or_404(Question, pk=pk)
    status = request.POST.get("status", "")
    revision = None
    number = (request.POST.get("revision") or "").strip()
    if status == QuestionStatus.ANSWERED and number:
        revision = selectors.revision_by_number(question.article, number)
        if revision is None:
            messages.error(
                request,
                gettext("%(title)s has no revision %(number)s; nothing was changed.")
                % {"title": question.article.title, "number": number[:10]},
            )
            return redirect(reverse("editor:dashboard") + "#questions-title")
    try:
        questions.question_resolve(question=question, by=request.user, status=status, revision=revision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, gettext("Question marked %(status)s.") % {"status": question.get_status_display().lower()}
        )
    return redirect(reverse("editor:dashboard") + "#questions-title")


@staff_page(EDIT)
@require_http_methods(["GET", "POST"])
def question_answer(request, pk):
    """An editor writes (or rewrites) the answer to a reader's question, for the board to approve."""
    question = get_object_or_404(Question.objects.select_related("article", "answered_by"), pk=pk)
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                questions.question_answer(question=question, by=request.user, text=form.cleaned_data["answer"])
            except ValidationError as error:
                for message in error.message_dict.get("answer", error.messages):
                    form.add_error("answer", message)
            else:
                messages.success(
                    request, gettext("Answer sent to the board. Readers will see it once a board member approves it.")
                )
                return redirect(_queue_url())
        status = 400
    else:
        form = AnswerForm(initial={"answer": question.answer})
    return render(
        request,
        "editor/question_answer.html",
        {"question": question, "form": form, "published": question.answer_state == FaqState.PUBLISHED},
        status=status,
    )


@staff_page(EDIT)
@require_http_methods(["GET", "POST"])
def question_withdraw(request, pk):
    """Take a published answer off its article, after a confirmation step."""
    question = get_object_or_404(Question.objects.select_related("article", "approved_by"), pk=pk)
    if request.method == "POST":
        try:
            faq.answer_withdraw(question=question, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("The answer was taken off “%(title)s” for every reader.") % {"title": question.article.title},
            )
        return redirect(_queue_url() + "?status=all&answer=withdrawn")
    return render(request, "editor/question_withdraw.html", {"question": question})
