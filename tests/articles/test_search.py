"""One search suite, run against SQLite FTS5 and (in CI) PostgreSQL full-text search."""

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.audiences import Audience
from articles import search
from articles.content import Entry, Tier
from articles.demo import load_demo
from articles.models import SearchEntry
from articles.services import article_update
from review import workflow
from tests import factories
from tests.pages.test_article_page import text_of


@pytest.fixture
def demo(db):
    load_demo()


def hits(query, **kwargs):
    return search.search(query, **kwargs)


def test_the_backend_is_the_databases_own(db):
    """The migration made the full-text index that this database's search queries."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_search_fts'")
            (sql,) = cursor.fetchone() or ("",)
            assert "USING fts5" in sql
        elif connection.vendor == "postgresql":
            indexes = connection.introspection.get_constraints(cursor, SearchEntry._meta.db_table)
            assert indexes["articles_searchentry_vector_gin"]["type"] == "gin"
            assert indexes["articles_searchentry_vector_gin"]["columns"] == ["search_vector"]
        else:
            pytest.fail(f"search has no backend for {connection.vendor}")


def test_calf_cramps_at_night_finds_the_leg_cramps_entry(demo):
    results = hits("calf cramps at night")
    assert results
    top = [(h.article_slug, h.entry_name) for h in results[:3]]
    assert ("leg-cramps", "Benign nocturnal leg cramps") in top
    hit = next(h for h in results if h.entry_name == "Benign nocturnal leg cramps")
    assert hit.url == "/articles/leg-cramps/#dx-benign-nocturnal-leg-cramps"
    assert "<mark>" in hit.passage


def test_a_diagnosis_name_ranks_above_a_passing_mention(demo):
    assert hits("dehydration")[0].entry_name == "Dehydration"


def test_search_covers_titles_and_conditions(demo):
    assert {h.article_slug for h in hits("back")} >= {"low-back-pain"}


def test_results_are_in_the_readers_register(demo):
    lay = next(h for h in hits("blood clot deep vein", audience=Audience.PATIENT) if h.entry_name.startswith("Deep"))
    assert "clot" in lay.passage.lower()
    clinical = next(h for h in hits("thrombosis pulmonary embolism") if h.entry_name.startswith("Deep"))
    assert "embolism" in clinical.passage.lower()
    assert not any("A deep vein thrombosis is a blood clot" in h.passage for h in hits("clot", audience=None))


def test_pending_articles_are_found_and_marked_and_can_be_left_out(demo):
    pending = [h for h in hits("cramps") if h.article_slug == "leg-cramps"]
    assert pending and not any(h.is_approved for h in pending)
    assert all(h.is_approved for h in hits("cramps", approved_only=True))
    assert not [h for h in hits("cramps", approved_only=True) if h.article_slug == "leg-cramps"]


def test_drafts_are_never_found(editor):
    factories.make_article(by=editor)
    assert hits("cramps") == []
    assert not SearchEntry.objects.exists()


def test_the_index_follows_approval_not_later_edits(editor, reviewer):
    doc = factories.document(tiers={Tier.RARE: (Entry(name="Amyloidosis", clinical="Zebrafinch deposits."),)})
    article = factories.make_article(by=editor, document=doc)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    assert [h.entry_name for h in hits("zebrafinch")] == ["Amyloidosis"]
    # An unapproved edit is not searchable...
    new = factories.document(tiers={Tier.RARE: (Entry(name="Amyloidosis", clinical="Kingfisher deposits."),)})
    article_update(article=article, fields=factories.fields(document=new), by=editor, reason="Edit")
    assert hits("kingfisher") == [] and hits("zebrafinch")
    # ...until it is approved.
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    assert hits("kingfisher") and hits("zebrafinch") == []


def test_highlighted_passages_are_escaped(editor):
    doc = factories.document(
        tiers={Tier.RARE: (Entry(name="Amyloidosis", clinical='Marker <script>alert("x")</script> <b>bold</b>'),)}
    )
    workflow.submit(article=factories.make_article(by=editor, document=doc), by=editor)
    passage = str(hits("marker")[0].passage)
    assert passage.count("<mark>") >= 1
    # Nothing but our own <mark> elements is markup (SQLite shows the text escaped;
    # PostgreSQL's ts_headline drops tag-like text before we escape the rest).
    assert "<" not in passage.replace("<mark>", "").replace("</mark>", "")


HOSTILE = [
    '"',
    '""',
    "'",
    "NEAR(",
    "NEAR(a b",
    "*",
    "cramp*",
    "a AND OR NOT b",
    "title:cramps",
    "^cramps",
    "(((",
    "-",
    "!@#$%^&*()",
    "\x00\x01\x02cramps\x03",
    "cramps\u202e\u200b",
    "x" * 10_000,
    "cramps " * 500,
    "ünïcödé 痙攣 судороги",
    "'; DROP TABLE articles_article; --",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_input_gives_results_or_nothing_never_an_error(demo, query):
    results = hits(query)
    assert isinstance(results, list)
    for hit in results:
        assert "<script" not in str(hit.passage)


@pytest.mark.parametrize("query", HOSTILE)
def test_the_search_page_never_fails(client, demo, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == (400 if "\x00" in query else 200)  # a NUL in a query is refused (config.security)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_search_page_says_when_nothing_matches(client, demo):
    assert "No results for “zzzzqqq”" in text_of(client.get("/search/", {"q": "zzzzqqq"}))
    assert "has no words we can search for" in text_of(client.get("/search/", {"q": "***"}))


def test_the_search_page_uses_the_readers_choice(client, demo):
    # "clot" is only in the plain-language text of the DVT entry, not its clinical text.
    assert "Deep vein thrombosis (DVT)" not in text_of(client.get("/search/", {"q": "clot"}))
    client.post("/personalize/", {"audience": "patient", "next": "/"})
    html = client.get("/search/", {"q": "clot"}).content.decode()
    assert "Deep vein thrombosis (DVT)</a>" in html and "<mark>clot</mark>" in html


def test_the_index_can_be_rebuilt_by_command(demo):
    before = [(h.article_slug, h.entry_name) for h in hits("cramps")]
    SearchEntry.objects.all().delete()
    assert hits("cramps") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert [(h.article_slug, h.entry_name) for h in hits("cramps")] == before
