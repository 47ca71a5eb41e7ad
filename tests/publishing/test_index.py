"""publishing.index: the search index holds exactly what readers may find, and can be rebuilt from it."""

from django.contrib.auth import get_user_model

from articles import search
from articles.models import Article, SearchEntry
from publishing import index
from review import workflow
from tests import factories


def test_a_draft_is_not_indexed_and_a_submitted_article_is(article, editor):
    assert index.reindex(article) == 0
    assert not SearchEntry.objects.filter(article=article).exists()
    workflow.submit(article=article, by=editor)
    assert SearchEntry.objects.filter(article=article).exists()


def test_rebuilding_gives_the_same_index_as_the_workflow_kept(editor, reviewer):
    approved = factories.approved_article(editor, reviewer)
    kept = sorted(SearchEntry.objects.filter(article=approved).values_list("anchor", "register", "revision_id"))
    SearchEntry.objects.all().delete()
    assert search.search("cramps") == []
    indexed = index.rebuild_search_index()
    assert indexed == len(kept) == SearchEntry.objects.count()
    assert sorted(SearchEntry.objects.values_list("anchor", "register", "revision_id")) == kept
    assert Article.objects.count() == 1


# --- the Spanish passages: what readers of /es/ find -------------------------------------------


def _spanish_rows():
    return sorted(SearchEntry.objects.filter(language="es").values_list("article__slug", "anchor", "register"))


def test_rebuilding_indexes_each_approved_translation_under_its_original(demo):
    kept = _spanish_rows()
    assert kept and {slug for slug, _anchor, _register in kept} == {"low-back-pain"}
    english = SearchEntry.objects.filter(language="en").count()
    SearchEntry.objects.all().delete()
    assert index.rebuild_search_index() == english + len(kept)
    assert _spanish_rows() == kept
    assert search.search("ciática", language="es")[0].url.startswith("/es/articles/low-back-pain/#")


def test_reindexing_a_translation_rewrites_only_its_languages_passages(demo):
    translation = Article.objects.get(slug="low-back-pain--es")
    english = set(SearchEntry.objects.filter(language="en").values_list("id", flat=True))
    assert index.reindex(translation) == len(_spanish_rows()) > 0
    assert set(SearchEntry.objects.filter(language="en").values_list("id", flat=True)) == english
    pending = Article.objects.get(slug="leg-cramps--es")
    assert index.reindex(pending) == 0 and "leg-cramps" not in {row[0] for row in _spanish_rows()}


def test_withdrawing_the_original_takes_its_translations_passages_too(demo):
    original = Article.objects.get(slug="low-back-pain")
    reviewer = get_user_model().objects.get(username="reviewer")
    workflow.withdraw(article=original, by=reviewer, reason="Under correction.")
    index.reindex(original)  # publishing.refresh does so for the original
    assert not SearchEntry.objects.filter(article=original).exists()
    assert search.search("ciática", language="es") == []
