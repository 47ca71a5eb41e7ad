"""
Full-text search over what readers may see, behind one interface:

- SQLite (the embedded default): an FTS5 table per register mirroring that register's
  SearchEntry rows (so a query reads only its register's passages), ranked by bm25 with
  column weights, highlighted with snippet() — sqlite.py;
- PostgreSQL: a weighted tsvector stored in SearchEntry.search_vector with a GIN index per
  register (and one on the diagnosis name's own vector), ranked by ts_rank over that
  stored vector (its A/B/C weights count), highlighted with ts_headline — postgres.py.

Either way, a step ranks at most RANK_CANDIDATES matching passages: a bound on any one
query's work, set far above what a real library gives one step, so the order stays exact
(ranking.py says why; migration 0010 says why the indexes are per register).

A query is read as *concepts* (query.py): a word, or a phrase from the synonym table
(articles.synonyms), each with the alternatives that stand for it — its synonyms, and
for a word the index does not hold, the closest indexed words (spelling.py: pg_trgm on
PostgreSQL, rapidfuzz on SQLite, over SearchTerm, the indexed vocabulary). Passages
that match every concept come first, then passages that match some (ranking.py).

`answer()` picks passages for a reader's follow-up question (answers.py): only those that
cover most of the question's topic words, preferring the article being read, and from
another article only an approved passage whose article or diagnosis is named by the
question.

User input never reaches either query language as syntax: it is reduced to plain words.
Highlights are marked with control characters, the passage is escaped, and only then
are the marks turned into <mark> elements (snippets.py).

The index holds what the caller hands it (indexing.py): the revision readers get.

A query's everyday words are also read as the articles' words ("fever" as "high
temperature"), and words that say who it is about ("my husband") as filler: lay.py, the
built-in vocabulary beneath the editors' synonym table. A query that describes an entry's
emergency puts that entry first, the entry whose own description holds the query before
one that only shares the warning (redflags.py).

Each passage and each query is in one language (SearchEntry.language): English readers
search the originals, readers of /es/ the approved Spanish translations, stemmed in Python
the same way on both databases (spanish.py); a question is answered in the language of the
page it was asked from. `search(..., language=...)`, `parse_query(..., language=...)`;
`search_language(get_language())` is the language a page's readers search.

Modules, each importing only those listed before it: spanish, spelling, lay_urgent, lay,
readings, query, snippets, sqlite, postgres, ranking, stems, redflags, results, indexing, answers.
This module is the interface the rest of
the site uses: `from articles import search`, then `search.search(...)`,
`search.answer(...)`, `search.index_article(...)`.
"""

from articles.search.answers import ANSWER_LIMIT, ANSWER_MIN_COVERAGE, Answer, answer, answer_language
from articles.search.indexing import clear_index, index_article, index_articles
from articles.search.postgres import POSTGRES_WEIGHTS
from articles.search.query import (
    MAX_QUERY_LENGTH,
    MAX_TERM_LENGTH,
    MAX_WORDS,
    Concept,
    corrected_query,
    parse_query,
    query_words,
    register_for,
)

# Read from articles.search.ranking at each query: a change (a test's monkeypatch) goes there.
from articles.search.ranking import PARTIAL_CANDIDATES, PARTIAL_MAX_PASSAGES, RANK_CANDIDATES, concept_weights
from articles.search.redflags import emergency_first, emergency_line
from articles.search.results import ArticleResults, group_by_article, search, search_language
from articles.search.snippets import Hit
from articles.search.spelling import FUZZY_CHOICES, FUZZY_MIN_LENGTH, FUZZY_MIN_SCORE, TRIGRAM_MIN_SIMILARITY

__all__ = [
    "emergency_line",
    "ArticleResults",
    "corrected_query",
    "group_by_article",
    "emergency_first",
    "ANSWER_LIMIT",
    "ANSWER_MIN_COVERAGE",
    "FUZZY_CHOICES",
    "FUZZY_MIN_LENGTH",
    "FUZZY_MIN_SCORE",
    "MAX_QUERY_LENGTH",
    "MAX_TERM_LENGTH",
    "MAX_WORDS",
    "PARTIAL_CANDIDATES",
    "PARTIAL_MAX_PASSAGES",
    "POSTGRES_WEIGHTS",
    "RANK_CANDIDATES",
    "TRIGRAM_MIN_SIMILARITY",
    "Answer",
    "Concept",
    "Hit",
    "answer",
    "answer_language",
    "search_language",
    "clear_index",
    "concept_weights",
    "index_article",
    "index_articles",
    "parse_query",
    "query_words",
    "register_for",
    "search",
]
