"""
Fuzzing every form and query parameter (hypothesis): huge strings, NUL, invalid UTF-8,
right-to-left overrides, duplicated and missing fields, formset counts out of range —
as an anonymous reader, an editor and a board member, on whichever database the suite
runs on (CI: SQLite, then PostgreSQL). Whatever is sent: no 5xx, and a rejected request
stores nothing.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, HistoricalArticle, Question
from review.models import Approval, Review, ReviewComment, ReviewEvent

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "x" * 100_000,
    "[a](" * 4_000,
    "\n" * 20_000,
    "<script>alert(1)</script>",
    "'; DROP TABLE articles_article; --",
    "%ff%fe",
    "-1",
    "99999999999999999999",
    "0",
    "1",
    "leg-cramps",
    "patient",
    "//evil.example/",
    "🩺" * 500,
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))

# Each target: method, path (with {review} filled in), and the fields its form or query reads.
EDITOR_FIELDS = [
    "article-title",
    "article-slug",
    "article-condition",
    "article-specialty",
    "article-summary",
    "article-reason",
    "article-base_revision",
    "tier-most_likely-TOTAL_FORMS",
    "tier-most_likely-INITIAL_FORMS",
    "tier-most_likely-0-name",
    "tier-most_likely-0-clinical",
    "tier-most_likely-0-plain",
    "tier-most_likely-0-emergency_signs",
    "tier-most_likely-0-ORDER",
    "refs-TOTAL_FORMS",
    "refs-0-citation",
    "refs-0-url",
    "refs-0-pmid",
    "refs-0-doi",
    "preview-audience",
    "action",
]
TARGETS = [
    ("get", "/search/", ["q", "audience"]),
    ("get", "/articles/", ["specialty", "condition", "sort", "page"]),
    ("get", "/articles/low-back-pain/", ["audience"]),
    ("get", "/feed/", ["page"]),
    ("post", "/personalize/", ["audience", "next"]),
    ("post", "/articles/leg-cramps/questions/", ["question"]),
    ("post", "/accounts/login/", ["username", "password", "next"]),
    ("post", "/accounts/password_reset/", ["email"]),
    ("get", "/editor/", ["drafts", "returned", "waiting", "approved", "questions"]),
    ("post", "/editor/articles/leg-cramps/edit/", EDITOR_FIELDS),
    ("post", "/editor/articles/new/", EDITOR_FIELDS),
    ("post", "/editor/import/", ["text"]),
    ("get", "/editor/articles/leg-cramps/history/", ["page"]),
    ("get", "/editor/articles/low-back-pain/compare/", ["from", "to"]),
    ("get", "/review/", ["q", "waiting", "mine", "others", "decided", "due"]),
    ("post", "/review/{review}/comment/", ["comment-body", "comment-entry_name"]),
    ("post", "/review/{review}/approve/", ["decision-comment", "seen_revision"]),
    ("post", "/review/{review}/request-changes/", ["decision-comment"]),
    ("post", "/review/reconfirm/low-back-pain/", ["decision-comment"]),
]


@st.composite
def requests(draw):
    method, path, fields = draw(st.sampled_from(TARGETS))
    chosen = draw(st.lists(st.sampled_from(fields), max_size=len(fields) + 3))  # missing and duplicated
    pairs = [(name, draw(values)) for name in chosen]
    raw_bytes = draw(st.booleans())  # send undecodable bytes as they are
    return method, path, pairs, raw_bytes


def fingerprint() -> tuple:
    """What a rejected request must not change."""
    return (
        Article.objects.count(),
        HistoricalArticle.objects.count(),
        Review.objects.count(),
        ReviewEvent.objects.count(),
        Approval.objects.count(),
        ReviewComment.objects.count(),
    )


def encoded(pairs, raw_bytes: bool) -> str:
    body = urlencode(pairs)
    if raw_bytes:
        body += "&" + quote("extra") + "=%ff%fe%00"
    return body


def send(client, method, path, pairs, raw_bytes):
    body = encoded(pairs, raw_bytes)
    if method == "get":
        return client.generic("GET", f"{path}?{body}")
    return client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("role", ["anonymous", "editor", "reviewer"])
@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(request=requests())
def test_no_request_ends_in_a_server_error_or_stores_a_rejected_change(client, demo_for_fuzz, role, request):
    method, path, pairs, raw_bytes = request
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    path = path.format(review=demo_for_fuzz["review"])
    before = fingerprint()
    response = send(client, method, path, pairs, raw_bytes)
    assert response.status_code < 500, (method, path, pairs[:3], response.status_code)
    if method == "post" and response.status_code >= 400:
        assert fingerprint() == before, (path, response.status_code)


@pytest.fixture
def demo_for_fuzz(demo):
    Question.objects.all().delete()
    review = Review.objects.filter(article__slug="leg-cramps").latest("id")
    return {"review": review.pk}
