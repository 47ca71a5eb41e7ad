"""
Editor pages: dashboard, create and edit (with preview), paste import, history, compare,
view a revision, restore. Views parse the request, call a service or selector, and pick
a template; the rules live in articles.services, articles.selectors and review.workflow.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audiences import Audience, audience_for_request, parse_audience
from articles import selectors
from articles.canonical import ArticleTextError
from articles.content import ArticleFields
from articles.diffing import compare
from articles.exceptions import EditConflict, SimilarCondition
from articles.models import Article
from articles.presentation import presentation_for
from articles.readability import readability_report
from articles.services import article_create
from publishing.caching import article_body_html
from review import drafts, publication, revisions, workflow
from review import selectors as review_selectors
from review.exceptions import WorkflowError
from web.editor.article_editor import ArticleEditor
from web.editor.forms import PasteForm, PreviewAudienceForm
from web.editor.translations import translations_panel
from web.permissions import staff_page

EDIT = "articles.change_article"
CREATE = "articles.add_article"
PER_PAGE = 10


@dataclass(frozen=True)
class UnsavedRevision(ArticleFields):
    """The article as typed in the form, shaped like a revision, for a preview before it is saved."""

    history_date: datetime = field(default_factory=timezone.now)
    history_id: None = None
    revision_number: None = None

    @classmethod
    def from_fields(cls, fields: ArticleFields) -> UnsavedRevision:
        return cls(**{f.name: getattr(fields, f.name) for f in dataclasses.fields(ArticleFields)})


def _page(queryset, request, param):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))


@staff_page()
def dashboard(request):
    """What needs an editor's attention: drafts, returned articles, the queue, recent approvals."""
    return render(
        request,
        "editor/dashboard.html",
        {
            "drafts": _page(review_selectors.drafts_of(request.user), request, "drafts"),
            "returned": _page(review_selectors.returned_reviews(), request, "returned"),
            "waiting": _page(review_selectors.waiting_reviews(), request, "waiting"),
            "approved": _page(review_selectors.recent_approvals(), request, "approved"),
            "questions": _page(selectors.new_questions(), request, "questions"),
        },
    )


def _preview(editor: ArticleEditor, article: Article | None, request):
    """The typed article rendered as a reader of the chosen audience will see it."""
    audience = parse_audience(request.POST.get("preview-audience"))
    revision = UnsavedRevision.from_fields(editor.fields())
    presentation = presentation_for(audience)
    return {
        "readability": readability_report(revision.document),
        "page": publication.preview_page(article=article, revision=revision),
        "revision": revision,
        "presentation": presentation,
        "body": article_body_html(revision, presentation),
    }


def _save(request, editor: ArticleEditor, article: Article | None):
    """Save (and perhaps submit) a valid form; return a response, or None to re-show the form."""
    action = request.POST.get("action", "save")
    reason = editor.reason
    try:
        if article is None:
            article = article_create(
                fields=editor.fields(), by=request.user, reason=reason or "Created", allow_similar=editor.allow_similar
            )
            revision = article.latest_revision()
        else:
            revision = revisions.revision_update(
                article=article,
                fields=editor.fields(),
                by=request.user,
                reason=reason,
                base_revision_id=editor.base_revision_id,
                allow_similar=editor.allow_similar,
            )
    except SimilarCondition as refusal:
        editor.add_similar(refusal)
        return None
    except EditConflict as conflict:
        return _conflict(request, editor, article, conflict)
    except ValidationError as error:
        editor.add_service_errors(error)
        return None
    if revision is None:
        messages.info(request, gettext("Nothing had changed, so no new revision was saved."))
    else:
        messages.success(request, gettext("Saved as revision %(number)s.") % {"number": revision.revision_number})
    if action == "submit":
        _submit(request, article)
    return redirect("editor:edit", slug=article.slug)


def _submit(request, article: Article) -> None:
    """Send the article's newest revision to the board, and say how it went."""
    try:
        workflow.submit(article=article, by=request.user)
    except WorkflowError as error:
        messages.error(request, gettext("Not submitted: %(error)s") % {"error": error})
    else:
        messages.success(request, gettext("Submitted to the Medical Advisory Board for review."))


def _conflict(request, editor: ArticleEditor, article: Article, conflict: EditConflict):
    """Someone saved meanwhile: show only what they changed, then this editor's text, kept."""
    # The re-shown form keeps everything typed but now starts from the newest revision,
    # so that saving it again is a deliberate choice made after seeing the other change.
    editor.rebase(conflict.latest.history_id)
    return render(
        request,
        "editor/conflict.html",
        {
            "article": article,
            "conflict": conflict,
            "their_changes": compare(conflict.base, conflict.latest) if conflict.base else None,
            "saved_by_you": conflict.latest.history_user_id == request.user.pk,
            "editor": editor,
            "audience_form": PreviewAudienceForm(prefix="preview"),
        },
        status=409,
    )


@staff_page(CREATE)
@require_http_methods(["GET", "POST"])
def article_new(request):
    """Write a new article."""
    editor = ArticleEditor(request.POST or None)
    return _edit_page(request, editor, article=None)


@staff_page(EDIT)
@require_http_methods(["GET", "POST"])
def article_edit(request, slug):
    """Edit an article; every save is a new revision with a reason."""
    article = get_object_or_404(Article, slug=slug)
    editor = ArticleEditor(request.POST or None, article=article, initial_from=article)
    return _edit_page(request, editor, article=article)


def _edit_page(request, editor: ArticleEditor, *, article: Article | None):
    preview = None
    if editor.added_to is not None:
        messages.info(request, gettext("A blank row was added. Nothing has been saved yet."))
    elif request.method == "POST" and editor.is_valid():
        if editor.action == "preview":
            preview = _preview(editor, article, request)
        else:
            response = _save(request, editor, article)
            if response is not None:
                return response
    context = {
        "article": article,
        "editor": editor,
        "preview": preview,
        "audience_form": PreviewAudienceForm(request.POST or None, prefix="preview"),
        "approved": publication.approved_revision(article) if article else None,
        "latest": article.latest_revision() if article else None,
        # "Delete draft" only where deleting is allowed: a draft never sent to the board.
        "can_delete_draft": bool(
            article and drafts.can_delete_draft(request.user) and drafts.is_never_submitted(article)
        ),
        "translations": translations_panel(article) if article else None,
    }
    status = 400 if request.method == "POST" and editor.has_errors else 200
    return render(request, "editor/article_form.html", context, status=status)


@staff_page(CREATE)
@require_http_methods(["GET", "POST"])
def article_paste(request):
    """Paste a differential as plain text and get a structured draft to check."""
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article, _revision = revisions.revision_import(
                text=form.cleaned_data["text"], by=request.user, reason="Imported from pasted text"
            )
        except ArticleTextError as error:
            form.add_error("text", str(error))
        except ValidationError as error:
            for message in error.messages:
                form.add_error("text", message)
        else:
            messages.success(
                request,
                gettext(
                    "Imported as a draft. Check every entry, add plain-language texts, warning signs and "
                    "references, then save."
                ),
            )
            return redirect("editor:edit", slug=article.slug)
    status = 400 if form.errors else 200
    return render(request, "editor/paste.html", {"form": form}, status=status)


@staff_page()
def article_history(request, slug):
    """Every revision of an article, newest first."""
    article = get_object_or_404(Article, slug=slug)
    page, rows = review_selectors.revision_history_page(article=article, page_number=request.GET.get("page"))
    return render(
        request,
        "editor/history.html",
        {
            "article": article,
            "page": page,
            "rows": rows,
            "approved": publication.approved_revision(article),
            "latest": article.latest_revision(),
        },
    )


@staff_page()
def revision_detail(request, slug, number):
    """One revision exactly as a reader of the chosen audience would see it."""
    article = get_object_or_404(Article, slug=slug)
    revision = selectors.revision_by_number(article, number)
    if revision is None:
        raise Http404("No such revision.")
    presentation = presentation_for(audience_for_request(request))
    return render(
        request,
        "editor/revision_detail.html",
        {
            "article": article,
            "revision": revision,
            "page": publication.preview_page(article=article, revision=revision),
            "presentation": presentation,
            "body": article_body_html(revision, presentation),
            "audiences": Audience.choices,
            "is_latest": revision.history_id == article.latest_revision().history_id,
            "readability": readability_report(revision.document),
        },
    )


@staff_page()
def article_compare(request, slug):
    """Compare two revisions (?from=N&to=M); with no numbers, approved against the newest."""
    article = get_object_or_404(Article, slug=slug)
    latest = article.latest_revision()
    approved = publication.approved_revision(article)
    old = selectors.revision_by_number(article, request.GET.get("from")) if request.GET.get("from") else approved
    new = selectors.revision_by_number(article, request.GET.get("to")) if request.GET.get("to") else latest
    if old is None or new is None:
        if not request.GET.get("from") and approved is None:
            messages.info(request, gettext("Nothing has been approved yet; choose two revisions to compare."))
            return redirect("editor:history", slug=article.slug)
        raise Http404("No such revision.")
    return render(
        request,
        "editor/compare.html",
        {
            "article": article,
            "comparison": compare(old, new),
            "show_raw": bool(request.GET.get("raw")),
            "approved": approved,
            "revisions": article.history.defer("content").order_by("-revision_number")[:200],
        },
    )


@staff_page(EDIT)
@require_http_methods(["GET", "POST"])
def revision_restore(request, slug, number):
    """Confirm, then make an old revision's text the newest revision (reviewed like any other)."""
    article = get_object_or_404(Article, slug=slug)
    revision = selectors.revision_by_number(article, number)
    if revision is None:
        raise Http404("No such revision.")
    if request.method == "POST":
        new = revisions.revision_restore(article=article, revision=revision, by=request.user)
        if new is None:
            messages.info(
                request,
                gettext("The article already reads exactly like revision %(number)s.")
                % {"number": revision.revision_number},
            )
        else:
            messages.success(
                request,
                gettext("Revision %(old)s restored as revision %(new)s. Submit it for review when ready.")
                % {"old": revision.revision_number, "new": new.revision_number},
            )
        return redirect("editor:edit", slug=article.slug)
    return render(
        request,
        "editor/restore_confirm.html",
        {"article": article, "revision": revision, "comparison": compare(article.latest_revision(), revision)},
    )


@staff_page(EDIT)
@require_POST
def article_submit(request, slug):
    """Send the newest revision to the board."""
    article = get_object_or_404(Article, slug=slug)
    _submit(request, article)
    return redirect("editor:edit", slug=article.slug)


@staff_page("articles.delete_article")
@require_http_methods(["GET", "POST"])
def article_delete(request, slug):
    """Confirm, then delete a draft that was never sent to the board (its history stays)."""
    article = get_object_or_404(Article, slug=slug)
    deletable = drafts.is_never_submitted(article)
    if request.method == "POST" and deletable:
        try:
            drafts.draft_delete(article=article, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, gettext("The draft “%(title)s” was deleted. Its history is kept.") % {"title": article.title}
            )
            return redirect("editor:dashboard")
    return render(
        request,
        "editor/delete_confirm.html",
        {"article": article, "deletable": deletable, "latest": article.latest_revision()},
        status=200 if deletable or request.method == "GET" else 400,
    )
