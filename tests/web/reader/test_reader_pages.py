import pytest

from articles.models import Article
from demo.loader import other_demo_slugs
from review import workflow
from review.models import BoardMember
from tests import factories
from tests.helpers import text_of


@pytest.mark.parametrize(
    "url", ["/", "/articles/", "/board/", "/editorial-policy/", "/search/", "/articles/leg-cramps/"]
)
def test_reader_pages_are_served(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_home_lists_recent_articles(client, demo):
    text = text_of(client.get("/"))
    # The newest pending demo article (loaded last) and the approved one.
    newest = Article.objects.get(slug=(other_demo_slugs() or ["leg-cramps"])[-1])
    assert newest.title in text
    assert "Differential Diagnosis for Low Back Pain" in text


def test_home_and_index_have_sensible_empty_states(client, db):
    assert "No articles have been published yet" in text_of(client.get("/"))
    assert "No articles have been published yet" in text_of(client.get("/articles/"))


def test_index_marks_pending_and_approved_articles_in_words(client, demo):
    text = text_of(client.get("/articles/"))
    assert "Differential Diagnosis for Leg Cramps Leg cramps are" in text
    assert "Pending board review" in text
    assert "Reviewed by the board" in text


def test_index_lists_no_drafts(client, demo, django_user_model):
    editor = django_user_model.objects.get(username="editor")
    factories.make_article(by=editor, slug="secret-draft", title="Secret draft")
    assert "Secret draft" not in text_of(client.get("/articles/"))


def test_index_is_paginated(client, editor):
    for n in range(25):
        article = factories.make_article(by=editor, slug=f"a-{n:02}", title=f"Article {n:02}")
        workflow.submit(article=article, by=editor)
    first = text_of(client.get("/articles/"))
    assert "Article 00" in first and "Article 19" in first and "Article 20" not in first
    assert "Page 1 of 2" in first
    second = text_of(client.get("/articles/?page=2"))
    assert "Article 24" in second and "Article 00" not in second
    # A bad page number is not an error.
    for bad in ("abc", "999", "-1", "1" * 400):
        assert client.get(f"/articles/?page={bad}").status_code == 200


def test_board_page_lists_active_members_with_credentials_and_review_counts(client, demo):
    text = text_of(client.get("/board/"))
    assert "Amara Okafor, MD, FACP" in text
    assert "Internal medicine" in text
    assert "Daniel Reyes, MD" in text
    assert "Priya Natarajan, DO" in text
    assert "Articles reviewed: 1" in text  # Okafor approved the back-pain article
    # The page is stored (publishing.sitepages); a change to the board is read at once.
    member = BoardMember.objects.get(user__username="reviewer2")
    member.active = False
    member.save()
    assert "Daniel Reyes" not in text_of(client.get("/board/"))


def test_editorial_policy_covers_writing_review_corrections_and_re_review(client, db):
    text = text_of(client.get("/editorial-policy/"))
    for heading in (
        "How articles are written",
        "How the Medical Advisory Board reviews",
        "Corrections",
        "Regular re-review",
    ):
        assert heading in text


def test_search_finds_the_leg_cramps_entry_for_night_calf_cramps(client, demo):
    response = client.get("/search/", {"q": "calf cramps at night"})
    html = response.content.decode()
    assert 'href="/articles/leg-cramps/#dx-benign-nocturnal-leg-cramps"' in html


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "a" * 5000, "\x00\x01", "<script>alert(1)</script>", "' OR 1=1 --"])
def test_search_never_fails_on_odd_input(client, demo, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == (400 if "\x00" in q else 200)  # a NUL in a query is refused (config.security)
    assert "<script>alert(1)</script>" not in response.content.decode()
