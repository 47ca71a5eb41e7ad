"""Reader pages for articles. Views parse the request, call a selector, pick a template."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_cookie

from accounts.audiences import Audience, audience_for_request, parse_audience
from articles import questions, search
from articles.models import Question
from articles.presentation import article_body_html, presentation_for
from articles.structured_data import json_ld, medical_web_page
from review import publication


def home(request):
    """The home page: what MedReview is, recently approved and recently updated articles."""
    return render(
        request,
        "pages/home.html",
        {"approved": publication.recently_approved(limit=5), "recent": publication.recently_updated(limit=5)},
    )


class IndexFilter(forms.Form):
    specialty = forms.ChoiceField(required=False, label="Specialty")
    condition = forms.CharField(required=False, max_length=120, label="Condition contains")
    sort = forms.ChoiceField(
        required=False, choices=[("title", "Title, A to Z"), ("updated", "Recently updated first")], label="Sort by"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = [("", "All specialties")] + [
            (s, s) for s in publication.reader_specialties()
        ]


def article_index(request):
    """Every article readers may open: filter by specialty or condition, sort, paginate."""
    form = IndexFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page, listings = publication.article_index_page(
        page_number=request.GET.get("page"),
        specialty=filters.get("specialty", ""),
        condition=filters.get("condition", "").strip(),
        sort=filters.get("sort") or "title",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "articles/article_index.html",
        {
            "page": page,
            "listings": listings,
            "form": form,
            "filters_query": query.urlencode(),
            "filtered": bool(filters.get("specialty") or filters.get("condition")),
        },
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=questions.MAX_LENGTH,
        label="Your question",
        help_text="Up to 1,000 characters. Please do not include personal health details such as names, "
        "dates of birth or test results.",
        error_messages={
            "required": "Write your question.",
            "max_length": "Keep your question to 1,000 characters (it has %(show_value)d).",
        },
    )

    def clean_question(self):
        try:
            return questions.clean_question(self.cleaned_data["question"])
        except ValidationError as error:
            raise ValidationError(error.messages) from error


def _article_response(request, page, *, question_form=None, status=200):
    presentation = presentation_for(audience_for_request(request))
    url = request.build_absolute_uri(page.article.get_absolute_url())
    response = render(
        request,
        "articles/article_detail.html",
        {
            "page": page,
            "revision": page.revision,
            "presentation": presentation,
            "body": article_body_html(page.revision, presentation),
            "audiences": Audience.choices,
            "canonical_url": url,
            "json_ld": json_ld(medical_web_page(page=page, presentation=presentation, url=url)),
            "question_form": question_form or QuestionForm(),
        },
        status=status,
    )
    return response


@vary_on_cookie
def article_detail(request, slug):
    """One article, as the reader's chosen audience reads it."""
    page = publication.reader_page(slug=slug)
    if page is None:
        raise Http404("No article readers may see has this address.")
    return _article_response(request, page)


@require_POST
def article_ask(request, slug):
    """A reader's follow-up question: stored for the editors, answered with reviewed passages."""
    page = publication.reader_page(slug=slug)
    if page is None:
        raise Http404("No article readers may see has this address.")
    form = QuestionForm(request.POST)
    if form.is_valid():
        audience = audience_for_request(request)
        try:
            question = questions.question_ask(
                article=page.article,
                text=form.cleaned_data["question"],
                audience=audience.value if audience else "",
                visitor=questions.visitor_key(request),
            )
        except questions.TooManyQuestions as error:
            form.add_error("question", str(error))
            return _article_response(request, page, question_form=form, status=429)
        return redirect(question.get_absolute_url())
    return _article_response(request, page, question_form=form, status=400)


@never_cache
def question_page(request, pk):
    """The answer page of one question: the reviewed passages that best answer it."""
    question = get_object_or_404(Question.objects.select_related("article"), pk=pk)
    audience = parse_audience(question.audience)
    return render(
        request,
        "articles/question.html",
        {
            "question": question,
            "results": search.search(question.text, audience=audience, approved_only=True, limit=5),
            "presentation": presentation_for(audience),
        },
    )


def search_page(request):
    """Full-text search over what readers may see, in the reader's register."""
    query = request.GET.get("q", "")[: search.MAX_QUERY_LENGTH].strip()
    audience = audience_for_request(request)
    results = search.search(query, audience=audience) if query else []
    return render(
        request,
        "articles/search.html",
        {"query": query, "results": results, "searchable": bool(search.query_words(query))},
    )


ROBOTS_DISALLOW = [
    "/admin/",
    "/accounts/",
    "/editor/",
    "/review/",
    "/search/",
    "/personalize/",
    "/questions/",
    "/articles/*/edit/",
    "/articles/*/submit/",
    "/articles/*/history/",
    "/articles/*/compare/",
    "/articles/*/revisions/",
    "/articles/*/audit/",
    "/articles/*/questions/",
]


def robots_txt(request):
    """robots.txt: where the sitemap is, and staff pages kept out of search engines."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
