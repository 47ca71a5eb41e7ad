"""publishing.index: the search index holds exactly what readers may find, and can be rebuilt from it."""

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
