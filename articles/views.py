"""Reader pages for articles. Views parse the request, call a selector, pick a template."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.vary import vary_on_cookie

from accounts.audiences import Audience, audience_for_request
from articles import search, selectors
from articles.presentation import article_body_html, presentation_for
from articles.structured_data import json_ld, medical_web_page


def home(request):
    """The home page: what MedReview is, and recently updated articles."""
    return render(request, "pages/home.html", {"recent": selectors.recently_updated(limit=5)})


def article_index(request):
    """Every article readers may open, A–Z, paginated."""
    page, listings = selectors.article_index_page(page_number=request.GET.get("page"))
    return render(request, "articles/article_index.html", {"page": page, "listings": listings})


@vary_on_cookie
def article_detail(request, slug):
    """One article, as the reader's chosen audience reads it."""
    page = selectors.reader_page(slug=slug)
    if page is None:
        raise Http404("No article readers may see has this address.")
    presentation = presentation_for(audience_for_request(request))
    return render(
        request,
        "articles/article_detail.html",
        {
            "page": page,
            "revision": page.revision,
            "presentation": presentation,
            "body": article_body_html(page.revision, presentation),
            "audiences": Audience.choices,
            "json_ld": json_ld(
                medical_web_page(
                    page=page,
                    presentation=presentation,
                    url=request.build_absolute_uri(page.article.get_absolute_url()),
                )
            ),
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
