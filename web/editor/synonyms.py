"""
Editor pages for the search synonym table: list (search, paginate, add), change, remove.
The rules — what a row may say and who may change it — live in articles.synonyms.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from articles import synonyms
from articles.models import Synonym
from web.permissions import staff_page

EDIT = "articles.change_article"


class SynonymForm(forms.Form):
    term = forms.CharField(
        label=gettext_lazy("What readers type"),
        max_length=synonyms.MAX_TERM_LENGTH * 2,
        help_text=gettext_lazy("A word, abbreviation or phrase of up to four words, e.g. “charley horse”."),
    )
    equivalents = forms.CharField(
        label=gettext_lazy("What the articles say"),
        max_length=synonyms.MAX_EQUIVALENTS_LENGTH * 2,
        help_text=gettext_lazy("One or more words or phrases, separated by commas, e.g. “leg cramp”."),
    )
    two_way = forms.BooleanField(
        label=gettext_lazy("Both ways (also find the term when readers type one of its equivalents)"),
        required=False,
        initial=True,
    )


class SynonymFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Find a term"), required=False, max_length=80)


def _apply(form: SynonymForm, action) -> bool:
    """Run a service with the form's data; put its field errors beside the fields."""
    try:
        action(**form.cleaned_data)
    except ValidationError as error:
        for field_name, field_errors in error.message_dict.items():
            form.add_error(field_name if field_name in form.fields else None, field_errors)
        return False
    return True


@staff_page(EDIT)
@require_http_methods(["GET", "POST"])
def synonym_list(request):
    """The table, A to Z, with a search box and a form to add a row."""
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda **data: synonyms.synonym_create(by=request.user, **data)):
            messages.success(request, gettext("Added to the synonym table. Search uses it from now on."))
            return redirect("editor:synonyms")
    search = SynonymFilter(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    page = Paginator(synonyms.synonym_list(query=query), synonyms.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "editor/synonyms.html",
        {
            "form": form,
            "search": search,
            "query": query,
            "page": page,
            "filters_query": f"q={query}" if query else "",
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_page(EDIT)
@require_http_methods(["GET", "POST"])
def synonym_edit(request, pk):
    """Change one row."""
    synonym = get_object_or_404(Synonym, pk=pk)
    initial = {"term": synonym.term, "equivalents": synonym.equivalents, "two_way": synonym.two_way}
    form = SynonymForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda **data: synonyms.synonym_update(synonym=synonym, by=request.user, **data)):
            messages.success(request, gettext("Synonym saved."))
            return redirect("editor:synonyms")
    return render(
        request,
        "editor/synonym_form.html",
        {"form": form, "synonym": synonym},
        status=400 if request.method == "POST" else 200,
    )


@staff_page(EDIT)
@require_http_methods(["GET", "POST"])
def synonym_delete(request, pk):
    """Confirm, then remove one row."""
    synonym = get_object_or_404(Synonym, pk=pk)
    if request.method == "POST":
        synonyms.synonym_delete(synonym=synonym, by=request.user)
        messages.success(request, gettext("Removed “%(term)s” from the synonym table.") % {"term": synonym.term})
        return redirect("editor:synonyms")
    return render(request, "editor/synonym_delete.html", {"synonym": synonym})
