"""Reader pages for articles. Views parse the request, call a selector, pick a template."""

from django import forms
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts import clients
from accounts.audiences import audience_for_request, audience_remember, parse_audience
from articles import questions, search
from articles.models import Question
from articles.presentation import presentation_for
from publishing.http import is_anonymous, published_response
from review import publication
from review.models import BoardMember
from web.reader import pages as article_pages
from web.reader.forms import QuestionForm
from web.security import safe_next_url, same_origin_post


def home(request):
    """The home page: what MedReview is, recently approved and recently updated articles."""
    return render(
        request,
        "reader/pages/home.html",
        {"approved": publication.recently_approved(limit=5), "recent": publication.recently_updated(limit=5)},
    )


class IndexFilter(forms.Form):
    specialty = forms.ChoiceField(required=False, label=_("Specialty"))
    condition = forms.CharField(required=False, max_length=120, label=_("Condition contains"))
    sort = forms.ChoiceField(
        required=False,
        choices=[("title", _("Title, A to Z")), ("updated", _("Recently updated first"))],
        label=_("Sort by"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = [("", gettext("All specialties"))] + [
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
        "reader/article_index.html",
        {
            "page": page,
            "listings": listings,
            "form": form,
            "filters_query": query.urlencode(),
            "filtered": bool(filters.get("specialty") or filters.get("condition")),
        },
    )


def _article_response(request, page, *, question_form=None, status=200):
    """The article rendered live, for this request (signed-in people, and forms shown again with errors)."""
    presentation = presentation_for(audience_for_request(request))
    context = article_pages.page_context(page, presentation, question_form=question_form)
    response = render(request, article_pages.TEMPLATE, context, status=status)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def article_detail(request, slug):
    """One article, as the reader's chosen audience reads it: stored bytes for anonymous readers."""
    if not is_anonymous(request):
        page = publication.reader_page(slug=slug, language=get_language())
        if page is None:
            return _not_for_readers(request, slug)
        response = _article_response(request, page)
        patch_vary_headers(response, ["Cookie"])
        return response
    published = article_pages.published_article(slug=slug, audience=audience_for_request(request))
    if published is None:
        return _not_for_readers(request, slug)
    return published_response(request, published)


def _not_for_readers(request, slug):
    """410 with the reason for a withdrawn article; 404 for anything else readers may not see."""
    withdrawal = publication.withdrawn_article(slug=slug)
    if withdrawal is None:
        raise Http404("No article readers may see has this address.")
    return render(request, "reader/withdrawn.html", {"withdrawal": withdrawal}, status=410)


@same_origin_post
def article_ask(request, slug):
    """A reader's follow-up question: stored for the editors, answered with reviewed passages."""
    page = publication.reader_page(slug=slug, language=get_language())
    if page is None:
        raise Http404("No article readers may see has this address.")
    form = QuestionForm(request.POST)
    if form.is_valid():
        # The register of the page the question was asked from, then the reader's own choice.
        audience = parse_audience(request.POST.get("audience")) or audience_for_request(request)
        try:
            question = questions.question_ask(
                article=page.article,
                text=form.cleaned_data["question"],
                audience=audience.value if audience else "",
                visitor=questions.visitor_key(request),
                request=request,  # counted against the per-client limit
            )
        except questions.TooManyQuestions as error:
            form.add_error("question", gettext(str(error)))  # its message is listed in web/i18n_terms.py
            return _article_response(request, page, question_form=form, status=429)
        return redirect(question.get_absolute_url())
    return _article_response(request, page, question_form=form, status=400)


@never_cache
def question_page(request, pk):
    """The answer page of one question: the reviewed passages that best answer it."""
    question = get_object_or_404(Question.objects.select_related("article"), pk=pk)
    audience = parse_audience(question.audience)
    answers = search.answer(question.text, article=question.article, audience=audience)
    language = search.answer_language(question.article)  # a question asked where readers got a translation
    slugs = {a.hit.article_slug for a in answers}
    pages = {slug: publication.reader_page(slug=slug, language=language) for slug in slugs}
    return render(
        request,
        "reader/question.html",
        {
            "question": question,
            "answers": [(a, pages.get(a.hit.article_slug)) for a in answers],
            # A question that describes an emergency opens with the emergency line (articles.search.redflags).
            "flagged": search.emergency_first(
                search.parse_query(question.text, language=language), [a.hit for a in answers]
            ),
            "audience": audience,
            "presentation": presentation_for(audience),
        },
    )


# Searches a client may run in a minute (django-ratelimit over the shared cache, like questions).
SEARCH_RATE = "60/m"
SEARCH_GROUP = "reader.search"


def search_page(request):
    """Full-text search over what readers may see, in the reader's register."""
    query = request.GET.get("q", "")[: search.MAX_QUERY_LENGTH].strip()
    if query and clients.limit_reached(request, group=SEARCH_GROUP, rate=SEARCH_RATE, what="Search"):
        response = render(request, "reader/search.html", {"query": query, "limited": True}, status=429)
        response["Retry-After"] = "60"
        return response
    audience = audience_for_request(request)
    language = search.search_language(get_language())  # the page's: /es/search/ searches the Spanish passages
    concepts = search.parse_query(query, language=language) if query else []
    results = search.search(query, audience=audience, language=language, concepts=concepts) if query else []
    return render(
        request,
        "reader/search.html",
        {
            "query": query,
            "results": results,
            "groups": search.group_by_article(results),
            "corrected": search.corrected_query(concepts) if results else "",
            "searchable": bool(search.query_words(query, language)),
        },
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


@same_origin_post
def personalize(request):
    """Set or clear the reader's audience, then return to the same place on the same page."""
    audience = parse_audience(request.POST.get("audience"))
    response = HttpResponseRedirect(safe_next_url(request, request.POST.get("next", "")))
    audience_remember(response=response, audience=audience, user=request.user)
    return response


def board(request):
    """The Medical Advisory Board: each active member and how many articles they reviewed."""
    members = (
        BoardMember.objects.filter(active=True)
        .select_related("user")
        .annotate(articles_reviewed=Count("user__approvals_given__article", distinct=True))
    )
    return render(request, "reader/board.html", {"members": members})
