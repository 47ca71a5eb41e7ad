"""Editors' translation pages: start a translation of an article (the rules: articles.translations)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info, gettext
from django.views.decorators.http import require_http_methods

from articles.content import ORIGINAL_LANGUAGE, ArticleFields
from articles.models import Article
from articles.translations import translation_create, translation_languages, translation_of
from review import publication
from web.permissions import staff_page

CREATE = "articles.add_article"


def translations_panel(article: Article) -> dict:
    """What the edit page says about languages: an original's translations, or a translation's original."""
    if article.is_translation:
        original = article.translation_of
        assert original is not None  # a translation has its original (a database constraint)
        approved = publication.approved_revision(original)
        followed = article.source_revision
        behind = publication.translation_behind(approved.history_id if approved else None, article.source_revision_id)
        return {"original": original, "followed": followed, "approved": approved, "behind": behind}
    rows = []
    for code, _name in translation_languages():
        rows.append({"code": code, "name": get_language_info(code)["name"], "article": translation_of(article, code)})
    return {"languages": rows}


@staff_page(CREATE)
@require_http_methods(["GET", "POST"])
def translation_start(request, slug, language):
    """Confirm, then start the `language` translation of an article from a copy of its text."""
    original = get_object_or_404(Article, slug=slug, language=ORIGINAL_LANGUAGE)
    if language not in dict(translation_languages()):
        raise Http404("Articles are not translated into that language.")
    existing = translation_of(original, language)
    if existing is not None:
        return redirect("editor:edit", slug=existing.slug)
    # The translation starts from the text readers get (the approved revision), else the newest.
    source = publication.approved_revision(original) or original.latest_revision()
    name = get_language_info(language)["name"]
    if request.method == "POST":
        try:
            article = translation_create(
                original=original,
                language=language,
                fields=ArticleFields.of(source),
                by=request.user,
                reason=gettext("Started the %(language)s translation from revision %(number)s")
                % {"language": name, "number": source.revision_number},
                source_revision=source,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("editor:edit", slug=original.slug)
        messages.success(
            request,
            gettext("The %(language)s translation is started from a copy of the English text: translate it, then save.")
            % {"language": name},
        )
        return redirect("editor:edit", slug=article.slug)
    context = {"original": original, "source": source, "language": language, "language_name": name}
    return render(request, "editor/translation_start.html", context)
