"""
Full-text search over what readers may see, behind one interface:

- SQLite (the embedded default): an FTS5 table per register mirroring that register's
  SearchEntry rows (so a query reads only its register's passages), ranked by bm25 with
  column weights, highlighted with snippet();
- PostgreSQL: a weighted tsvector stored in SearchEntry.search_vector with a GIN index per
  register (and one on the diagnosis name's own vector), ranked by ts_rank over that
  stored vector (its A/B/C weights count), highlighted with ts_headline.

Either way, a step ranks at most RANK_CANDIDATES matching passages: a bound on any one
query's work, set far above what a real library gives one step, so the order stays exact
(RANK_CANDIDATES says why; migration 0010 says why the indexes are per register).

A query is read as *concepts*: a word, or a phrase from the synonym table
(articles.synonyms), each with the alternatives that stand for it — its synonyms, and
for a word the index does not hold, the closest indexed words (typo tolerance: pg_trgm
on PostgreSQL, rapidfuzz on SQLite, over SearchTerm, the indexed vocabulary). Passages
that match every concept come first, then passages that match some.

`answer()` picks passages for a reader's follow-up question: only those that cover most
of the question's topic words, preferring the article being read, and from another
article only an approved passage whose article or diagnosis is named by the question.

User input never reaches either query language as syntax: it is reduced to plain words.
Highlights are marked with control characters, the passage is escaped, and only then
are the marks turned into <mark> elements.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process

from accounts.audiences import Audience
from articles import synonyms
from articles.content import Register
from articles.models import Article, HistoricalArticle, SearchEntry, SearchTerm
from articles.presentation import LAY_TIER_HEADINGS, REGISTER_FOR, entry_anchor
from articles.readability import plain_words

MAX_QUERY_LENGTH = 500
MAX_WORDS = 16
MAX_TERM_LENGTH = SearchTerm._meta.get_field("term").max_length
_START, _STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STOPWORDS = frozenset(
    "a an and are as at be been but by can could do does for from had has have how i if in into is it its "
    "me my of on or our should so that the their them then there these they this to was we were what when "
    "where which who why will with would you your".split()
)
# Words of a question that say how it is asked, not what it is about: they may match a
# passage but do not count towards how well it answers (answer()).
_QUESTION_FILLER = frozenset(
    "about any anything bad better cause caused causes causing concerned cure dangerous did doctor does done ever "
    "feel feeling fine get "
    "getting go going good got happen happens help helps keep know long make many may mean means much "
    "need normal ok okay often only really serious should still stop take taking tell thing things try "
    "up use using want way well worried worry worse also all am just more most not no than too very something "
    "like kind sort why".split()
)
# Typo tolerance: only words at least this long are corrected, to indexed words this close.
FUZZY_MIN_LENGTH = 4
FUZZY_MIN_SCORE = 80  # rapidfuzz ratio, 0-100
TRIGRAM_MIN_SIMILARITY = 0.4
FUZZY_CHOICES = 2
# Column weights: the diagnosis name counts most, then the title and condition, then the text.
# SQLite: bm25 weights 4, 10, 4, 1 of the FTS5 columns title, entry_name, condition, body
# (_Sqlite.ranked). PostgreSQL: ts_rank weights of D, C, B, A, where the diagnosis name is
# A, title and condition B, the text C (_index_rows).
POSTGRES_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# answer(): the share of a question's topic words a passage must cover.
ANSWER_MIN_COVERAGE = 0.6
ANSWER_LIMIT = 3
# Passages matching only some concepts: how many of the best ranked are ordered by coverage,
# and how common a word may be to take part in finding them.
PARTIAL_CANDIDATES = 60
PARTIAL_MAX_PASSAGES = 3000
# How many matching passages one step ranks, at most: a bound on the work of any one query
# (ts_rank reads each scored passage's stored vector; bm25 each one's column sizes). Below
# it the order is exact; above it, the best of the first RANK_CANDIDATES in index order
# (the oldest passages) would be returned, so it is set far above what a real library
# gives one step — a cap of 400 made 10,000 generated articles faster still (bench_search,
# 2026-12-04: SQLite p50/p99 5.3/17 ms, PostgreSQL 9.5/22 ms, against 8.2/25 and 15.7/49
# with this one) but would hide a newer article's better passage behind 400 older ones.
RANK_CANDIDATES = 5000


def register_for(audience: Audience | None) -> str:
    """The register (articles.content.Register value) whose passages this audience reads."""
    return REGISTER_FOR[audience].value


@dataclass(frozen=True)
class Concept:
    """One thing a query asks about: a word or phrase, and what else stands for it."""

    text: str
    alternatives: tuple[str, ...]  # phrases of plain words; the first is `text`
    filler: bool = False


def query_words(query: str) -> list[str]:
    """The plain words of a query, without control characters, operators or stopwords."""
    words, seen = [], set()
    for word in _tokens(query):
        if word in _STOPWORDS or word in seen or (len(word) < 2 and not word.isdigit()):
            continue
        seen.add(word)
        words.append(word)
    return words[:MAX_WORDS]


def _tokens(query: str) -> list[str]:
    text = _CONTROL.sub(" ", (query or "")[:MAX_QUERY_LENGTH]).casefold()
    return [word[:MAX_TERM_LENGTH] for word in re.findall(r"\w+", text)]


def parse_query(query: str) -> list[Concept]:
    """The concepts of a query: synonym phrases first, then words, each with its alternatives."""
    tokens = _tokens(query)
    if not tokens:
        return []
    expansions = synonyms.expansion_map()
    longest = max((len(phrase.split()) for phrase in expansions), default=1)
    pieces: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 1, -1):
            phrase = " ".join(tokens[i : i + size])
            if phrase in expansions:
                pieces.append(phrase)
                i += size
                break
        else:
            word = tokens[i]
            if not (word in _STOPWORDS or (len(word) < 2 and not word.isdigit())):
                pieces.append(word)
            i += 1
    pieces = list(dict.fromkeys(pieces))[:MAX_WORDS]
    known = _known_words({word for piece in pieces for word in piece.split()})
    concepts = []
    for piece in pieces:
        alternatives = [piece, *expansions.get(piece, ())]
        if " " not in piece and piece not in known and piece not in expansions and _correctable(piece):
            for correction in _corrections(piece):
                alternatives += [correction, *expansions.get(correction, ())]
        concepts.append(
            Concept(text=piece, alternatives=tuple(dict.fromkeys(alternatives)), filler=piece in _QUESTION_FILLER)
        )
    return concepts


def _correctable(word: str) -> bool:
    return len(word) >= FUZZY_MIN_LENGTH and not any(ch.isdigit() for ch in word)


def _known_words(words: set[str]) -> set[str]:
    return set(SearchTerm.objects.filter(term__in=words, entries__gt=0).values_list("term", flat=True))


def _corrections(word: str) -> list[str]:
    """The indexed words closest to a word the index does not hold (best first)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM articles_searchterm WHERE term %% %s AND entries > 0 AND similarity(term, %s) >= %s "
                "ORDER BY similarity(term, %s) DESC, entries DESC, term LIMIT %s",
                [word, word, TRIGRAM_MIN_SIMILARITY, word, FUZZY_CHOICES],
            )
            return [row[0] for row in cursor.fetchall()]
    vocabulary = _vocabulary()
    found = process.extract(word, vocabulary.terms, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE, limit=10)
    found.sort(key=lambda match: (-match[1], -vocabulary.entries[match[2]], match[0]))
    return [match[0] for match in found[:FUZZY_CHOICES]]


@dataclass
class _Vocabulary:
    version: tuple = ()
    terms: list[str] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)


_vocabulary_cache = _Vocabulary()
_vocabulary_lock = threading.Lock()


def _vocabulary() -> _Vocabulary:
    """The indexed words (SQLite), kept in this process until the vocabulary changes."""
    global _vocabulary_cache
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COALESCE(SUM(entries), 0), COALESCE(MAX(id), 0) FROM articles_searchterm")
        version = (connection.settings_dict["NAME"], *cursor.fetchone())
    with _vocabulary_lock:
        if _vocabulary_cache.version != version:
            rows = list(SearchTerm.objects.filter(entries__gt=0).values_list("term", "entries"))
            _vocabulary_cache = _Vocabulary(version=version, terms=[r[0] for r in rows], entries=[r[1] for r in rows])
        return _vocabulary_cache


@dataclass(frozen=True)
class Hit:
    article_slug: str
    title: str
    entry_name: str
    anchor: str
    passage: SafeString
    is_approved: bool
    score: float
    article_id: int = 0
    revision_id: int = 0
    register: str = ""

    @property
    def url(self) -> str:
        return f"/articles/{self.article_slug}/" + (f"#{self.anchor}" if self.anchor else "")


def _highlight(text: str) -> SafeString:
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 — escaped above; only our own <mark> added


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", plain_words(text)).strip()


# --- indexing ----------------------------------------------------------------------


def _entries_for(article: Article, revision: HistoricalArticle, is_approved: bool) -> list[SearchEntry]:
    """A passage per register for the summary and for each diagnosis: the text that register's readers get."""
    rows = []
    for register in Register:
        common = {
            "article": article,
            "revision": revision,
            "register": register.value,
            "title": revision.title,
            "condition": revision.condition,
            "is_approved": is_approved,
        }
        if revision.summary:
            rows.append(SearchEntry(anchor="", entry_name="", body=_clean(revision.summary), **common))
        for tier, entry in revision.document.all_entries():
            text, _written_in = entry.text_for(register)
            signs = [sign.rstrip(".") + "." for sign in (*entry.emergency_signs, *entry.see_doctor_signs)]
            # The tier's heading as this register's readers see it above the entry ("Do Not
            # Miss Diagnoses", "Serious causes that need a doctor") is part of what they read.
            heading = LAY_TIER_HEADINGS[tier] if register.lay else tier.heading
            body = _clean(" ".join([heading + ".", text, *signs]))
            rows.append(SearchEntry(anchor=entry_anchor(entry.name), entry_name=entry.name, body=body, **common))
    return rows


@transaction.atomic
def index_article(article: Article, *, revision: HistoricalArticle | None, is_approved: bool) -> int:
    """
    Make the index hold exactly `revision` of `article` (the revision readers get, which
    the caller knows), or nothing of it when `revision` is None; returns the passage count.
    """
    return index_articles([(article, revision, is_approved)])


@transaction.atomic
def index_articles(items) -> int:
    """index_article for many (article, revision, is_approved) at once; returns the passage count."""
    articles = [article for article, _revision, _approved in items]
    old = list(
        SearchEntry.objects.filter(article__in=articles).values_list(
            "id", "register", "title", "entry_name", "condition", "body"
        )
    )
    if old:
        if connection.vendor == "sqlite":
            _Sqlite.delete([(entry_id, register) for entry_id, register, *_texts in old])
        SearchEntry.objects.filter(id__in=[row[0] for row in old]).delete()
        _count_terms([row[2:] for row in old], sign=-1)
    rows = [
        row
        for article, revision, is_approved in items
        if revision is not None
        for row in _entries_for(article, revision, is_approved)
    ]
    if rows:
        SearchEntry.objects.bulk_create(rows, batch_size=500)
        _index_rows(rows)
        _count_terms([(r.title, r.entry_name, r.condition, r.body) for r in rows], sign=1)
    return len(rows)


def _count_terms(texts, *, sign: int) -> None:
    """Keep SearchTerm's passage counts in step with the index (the vocabulary typo tolerance reads)."""
    counts: Counter[str] = Counter()
    for fields in texts:
        counts.update(
            {w for text in fields for w in re.findall(r"\w+", text.casefold()) if 2 <= len(w) <= MAX_TERM_LENGTH}
        )
    if not counts:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO articles_searchterm (term, entries) VALUES (%s, %s) "
            "ON CONFLICT (term) DO UPDATE SET entries = articles_searchterm.entries + excluded.entries",
            [(term, sign * n) for term, n in sorted(counts.items())],  # sorted: locks in one order
        )


def _index_rows(rows: list[SearchEntry]) -> None:
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("entry_name", weight="A", config="english")
            + SearchVector("title", weight="B", config="english")
            + SearchVector("condition", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        SearchEntry.objects.filter(id__in=[r.id for r in rows]).update(search_vector=vector)
    elif connection.vendor == "sqlite":
        _Sqlite.insert(rows)


@transaction.atomic
def clear_index() -> None:
    """Empty the index (before a rebuild by review.publication.rebuild_search_index)."""
    if connection.vendor == "sqlite":
        _Sqlite.clear()
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()


# --- searching -----------------------------------------------------------------------


def search(query: str, *, audience: Audience | None = None, approved_only: bool = False, limit: int = 20) -> list[Hit]:
    """Passages readers may see that match `query`, best first, in the audience's register."""
    concepts = parse_query(query)
    if not concepts:
        return []
    register = register_for(audience)
    ranked = _ranked(concepts, register, approved_only=approved_only, limit=limit)
    return _hits(ranked, concepts, register)


def _ranked(concepts, register, *, approved_only=False, limit=20, article_id=None, exclude_article_id=None):
    """
    (entry id, score) best first: passages with every concept, then — while fewer than
    `limit` — passages with some, those covering more of the query first (rarer words
    count more). The second step leaves out words so common that ranking every passage
    holding them would be slow (PARTIAL_MAX_PASSAGES); they still count in its order.
    Each step ranks at most RANK_CANDIDATES matching passages.
    """
    backend = _backend()
    where = {"approved_only": approved_only, "article_id": article_id, "exclude_article_id": exclude_article_id}
    # Passages whose diagnosis name holds every concept: the best answers, and a smaller
    # set than the passages that mention every concept somewhere.
    found = backend.ranked(concepts, register, every=True, headings_only=True, limit=limit, **where)
    if len(found) < limit:
        seen = {entry_id for entry_id, _ in found}
        more = backend.ranked(concepts, register, every=True, limit=limit + len(found), **where)
        found += [(entry_id, score) for entry_id, score in more if entry_id not in seen][: limit - len(found)]
    if len(found) < limit and len(concepts) > 1:
        weights, frequencies = concept_weights(concepts, with_frequencies=True)
        telling = [c for c, n in zip(concepts, frequencies, strict=True) if n <= PARTIAL_MAX_PASSAGES]
        telling = telling or [concepts[weights.index(max(weights))]]
        seen = {entry_id for entry_id, _ in found}
        more = backend.ranked(telling, register, every=False, limit=PARTIAL_CANDIDATES + len(found), **where)
        more = [(entry_id, score) for entry_id, score in more if entry_id not in seen]
        covered = _coverage([entry_id for entry_id, _ in more], concepts, register, weights=weights)
        more.sort(key=lambda item: -round(covered[item[0]], 2))  # stable: the rank orders equal coverage
        found += more[: limit - len(found)]
    return found


def concept_weights(concepts: list[Concept], *, with_frequencies: bool = False):
    """
    How much each concept counts: its inverse document frequency over the indexed
    passages (and, `with_frequencies`, in how many passages its commonest alternative is).
    """
    words = {word for c in concepts for alternative in c.alternatives for word in alternative.split()}
    counts = dict(SearchTerm.objects.filter(term__in=words | {"the"}).values_list("term", "entries"))
    # "the" is in nearly every passage: its count stands for the number of passages.
    total = max([counts.get("the", 0), *counts.values(), 1])
    weights, frequencies = [], []
    for concept in concepts:
        # A phrase is as rare as its rarest word; a concept as common as its commonest alternative.
        frequency = max(
            min(counts.get(word, 0) for word in alternative.split()) for alternative in concept.alternatives
        )
        weights.append(math.log(1 + total / (1 + frequency)))
        frequencies.append(frequency)
    return (weights, frequencies) if with_frequencies else weights


def _coverage(ids: list[int], concepts: list[Concept], register: str, *, weights=None, with_counts: bool = False):
    """The share of the concepts' weight each passage in `ids` matches (0 to 1), and how many concepts."""
    backend = _backend()
    if weights is None:
        weights = concept_weights(concepts) if ids and concepts else []
    covered: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    for concept, weight in zip(concepts, weights, strict=False):
        for entry_id in backend.matching(ids, concept, register):
            covered[entry_id] += weight
            counts[entry_id] += 1
    total = sum(weights) or 1.0
    shares = {entry_id: covered[entry_id] / total for entry_id in ids}
    return (shares, counts) if with_counts else shares


def _hits(ranked, concepts, register) -> list[Hit]:
    found = _hit_map(ranked, concepts, register)
    return [found[entry_id] for entry_id, _ in ranked if entry_id in found]


def _hit_map(ranked, concepts, register) -> dict[int, Hit]:
    """The hits for ranked passages (all of `register`), with their highlighted passages."""
    if not ranked:
        return {}
    backend = _backend()
    ids = [entry_id for entry_id, _ in ranked]
    passages = backend.passages(ids, concepts, register)
    # Only what a Hit shows: not the stored vector, nor the article's document.
    entries = SearchEntry.objects.select_related("article").only(*_HIT_FIELDS).in_bulk(ids)
    return {
        entry_id: _hit(entries[entry_id], passages.get(entry_id, ""), score)
        for entry_id, score in ranked
        if entry_id in entries
    }


_HIT_FIELDS = (
    "article__slug",
    "revision_id",
    "register",
    "anchor",
    "entry_name",
    "title",
    "body",
    "is_approved",
)


def _hit(entry: SearchEntry, passage: str, score: float) -> Hit:
    return Hit(
        article_slug=entry.article.slug,
        title=entry.title,
        entry_name=entry.entry_name,
        anchor=entry.anchor,
        passage=_highlight(passage or entry.body[:300]),
        is_approved=entry.is_approved,
        score=float(score),
        article_id=entry.article_id,
        revision_id=entry.revision_id,
        register=entry.register,
    )


def _backend():
    """The full-text backend of this database: _Postgres or _Sqlite."""
    return _Postgres if connection.vendor == "postgresql" else _Sqlite


def _best(rows, limit: int) -> list[tuple[int, float]]:
    """The `limit` best (entry id, score) rows, best first; equal scores in id order."""
    return sorted(((entry_id, float(score)) for entry_id, score in rows), key=lambda row: (-row[1], row[0]))[:limit]


class _Sqlite:
    @staticmethod
    def table(register: str) -> str:
        """The FTS5 table of one register's passages (migration 0010); Register() refuses any other name."""
        return f"articles_search_fts_{Register(register).value}"

    @classmethod
    def insert(cls, rows: list[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            for register in {row.register for row in rows}:
                cursor.executemany(
                    f"INSERT INTO {cls.table(register)}(rowid, title, entry_name, condition, body) "  # noqa: S608 — a Register
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(r.id, r.title, r.entry_name, r.condition, r.body) for r in rows if r.register == register],
                )

    @classmethod
    def delete(cls, entries: list[tuple[int, str]]) -> None:
        """Remove (entry id, register) passages from their registers' tables."""
        with connection.cursor() as cursor:
            for register in {register for _entry_id, register in entries}:
                cursor.executemany(
                    f"DELETE FROM {cls.table(register)} WHERE rowid = %s",  # noqa: S608 — a Register
                    [(entry_id,) for entry_id, entry_register in entries if entry_register == register],
                )

    @classmethod
    def clear(cls) -> None:
        with connection.cursor() as cursor:
            for register in Register:
                cursor.execute(f"DELETE FROM {cls.table(register)}")  # noqa: S608 — a Register

    @staticmethod
    def _concept(concept: Concept) -> str:
        # Alternatives are \w+ words joined by spaces: safe inside double quotes.
        return "(" + " OR ".join(f'"{alternative}"' for alternative in concept.alternatives) + ")"

    @classmethod
    def expression(cls, concepts, *, every: bool) -> str:
        return (" AND " if every else " OR ").join(cls._concept(c) for c in concepts)

    @classmethod
    def ranked(cls, concepts, register, *, every, limit, headings_only=False, **where):
        table = cls.table(register)
        match = cls.expression(concepts, every=every)
        if headings_only:
            match = "entry_name : (" + match + ")"
        approved_only, article_id, exclude_article_id = (
            where["approved_only"],
            where["article_id"],
            where["exclude_article_id"],
        )
        rank = f"bm25({table}, 4.0, 10.0, 4.0, 1.0)"  # column weights, a constant: no reader text
        params: list = [match]
        if approved_only or article_id is not None or exclude_article_id is not None:
            # CROSS JOIN: SQLite then reads the full-text matches first and looks each passage
            # up. Left to choose, it would start from an article's passages and run the
            # full-text query once per passage, 30-70 ms for a question of several words.
            sql = (
                f"SELECT e.id, {rank} FROM {table} "  # noqa: S608 — a Register and %s parameters only
                f"CROSS JOIN articles_searchentry e ON e.id = {table}.rowid WHERE {table} MATCH %s"
            )
            if approved_only:
                sql += " AND e.is_approved"
            if article_id is not None:
                sql += " AND e.article_id = %s"
                params.append(article_id)
            if exclude_article_id is not None:
                sql += " AND e.article_id <> %s"
                params.append(exclude_article_id)
        else:  # no join: the FTS5 table alone
            sql = f"SELECT rowid, {rank} FROM {table} WHERE {table} MATCH %s"  # noqa: S608 — a Register
        # No ORDER BY: the first RANK_CANDIDATES matches in rowid order are scored, then sorted here.
        with connection.cursor() as cursor:
            cursor.execute(sql + " LIMIT %s", [*params, RANK_CANDIDATES])
            return _best(((entry_id, -score) for entry_id, score in cursor.fetchall()), limit)

    @classmethod
    def passages(cls, ids, concepts, register) -> dict[int, str]:
        table = cls.table(register)
        match = cls.expression(concepts, every=False)
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            # rowid IN (...): each rowid is looked up, as in matching().
            sql = (
                f"SELECT rowid, snippet({table}, 3, char(2), char(3), '…', 40) "  # noqa: S608 — a Register, %s marks
                f"FROM {table} WHERE {table} MATCH %s AND rowid IN ({marks})"
            )
            cursor.execute(sql, [match, *ids])
            return {entry_id: text for entry_id, text in cursor.fetchall() if _START in (text or "")}

    @classmethod
    def matching(cls, ids, concept, register, *, headings_only=False) -> set[int]:
        """Which of `ids` match `concept` (anywhere, or in the title, condition or diagnosis name)."""
        table = cls.table(register)
        match = cls._concept(concept)
        if headings_only:
            match = "{title entry_name condition} : " + match
        found: set[int] = set()
        ids = list(ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 200):
                chunk = ids[start : start + 200]
                # rowid IN (...): SQLite looks each rowid up in the FTS5 index, never walks the term's list.
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid IN ({marks})",  # noqa: S608 — a Register, %s marks
                    [match, *chunk],
                )
                found.update(row[0] for row in cursor.fetchall())
        return found


class _Postgres:
    @staticmethod
    def _concept(concept: Concept, weights: str = "") -> SearchQuery:
        query = None
        for alternative in concept.alternatives:
            if weights:
                # \w+ words only, so the raw tsquery holds no operator of the reader's.
                raw = " <-> ".join(f"{word}:{weights}" for word in alternative.split())
                term = SearchQuery(raw, search_type="raw", config="english")
            else:
                kind = "phrase" if " " in alternative else "plain"
                term = SearchQuery(alternative, search_type=kind, config="english")
            query = term if query is None else query | term
        return query

    @classmethod
    def query(cls, concepts, *, every: bool, weights: str = "") -> SearchQuery:
        query = None
        for concept in concepts:
            term = cls._concept(concept, weights)
            query = term if query is None else (query & term if every else query | term)
        return query

    @classmethod
    def ranked(cls, concepts, register, *, every, limit, headings_only=False, **where):
        approved_only, article_id, exclude_article_id = (
            where["approved_only"],
            where["article_id"],
            where["exclude_article_id"],
        )
        query = cls.query(concepts, every=every)
        # A literal register (Django binds parameters on the client), so that the planner
        # uses that register's partial GIN index (migration 0010).
        entries = SearchEntry.objects.filter(register=register)
        if headings_only:
            # The diagnosis name's own vector, as its index holds it: only passages whose
            # name holds the words are read, where `search_vector @@ 'word':A` rechecked on
            # the heap every passage with the words anywhere.
            entries = entries.annotate(name_vector=SearchVector("entry_name", config="english"))
            entries = entries.filter(name_vector=query)
        else:
            entries = entries.filter(search_vector=query)
        if approved_only:
            entries = entries.filter(is_approved=True)
        if article_id is not None:
            entries = entries.filter(article_id=article_id)
        if exclude_article_id is not None:
            entries = entries.exclude(article_id=exclude_article_id)
        # The stored, weighted vector (F): ts_rank reads its A/B/C weights and recomputes nothing.
        entries = entries.annotate(
            rank=SearchRank(F("search_vector"), query, weights=POSTGRES_WEIGHTS, normalization=1)
        )
        # No ORDER BY: the first RANK_CANDIDATES matches are scored, then sorted here.
        return _best(entries.values_list("id", "rank")[:RANK_CANDIDATES], limit)

    @classmethod
    def passages(cls, ids, concepts, register) -> dict[int, str]:
        query = cls.query(concepts, every=False)
        rows = SearchEntry.objects.filter(id__in=ids).annotate(
            passage=SearchHeadline(
                "body", query, config="english", start_sel=_START, stop_sel=_STOP, max_words=45, min_words=20
            )
        )
        return {entry_id: passage for entry_id, passage in rows.values_list("id", "passage") if _START in passage}

    @classmethod
    def matching(cls, ids, concept, register, *, headings_only=False) -> set[int]:
        query = cls._concept(concept, weights="AB" if headings_only else "")
        return set(SearchEntry.objects.filter(id__in=ids, search_vector=query).values_list("id", flat=True))


# --- answers to readers' questions -----------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A passage chosen to answer a question, and how well it covers the question."""

    hit: Hit
    coverage: float
    from_this_article: bool


def answer(text: str, *, article: Article, audience: Audience | None, limit: int = ANSWER_LIMIT) -> list[Answer]:
    """
    Passages that answer a reader's question about `article`, best first; empty means
    "no answer". A passage must cover ANSWER_MIN_COVERAGE of the question's topic words
    (synonyms and corrected spellings count); one from another article must also be
    approved and belong to an article or diagnosis the question names, so that another
    condition's warning signs never stand in for an answer.
    """
    concepts = parse_query(text)
    topics = [c for c in concepts if not c.filler]
    if not topics:
        return []
    register = register_for(audience)
    own = _ranked(concepts, register, article_id=article.pk, limit=10)
    others = _ranked(concepts, register, approved_only=True, exclude_article_id=article.pk, limit=10)
    candidates = own + others
    if not candidates:
        return []
    backend = _backend()
    covered, matched = _coverage([entry_id for entry_id, _ in candidates], topics, register, with_counts=True)
    named: set[int] = set()
    other_ids = [entry_id for entry_id, _ in others]
    if other_ids:
        for concept in topics:
            named |= backend.matching(other_ids, concept, register, headings_only=True)
    own_ids = {entry_id for entry_id, _ in own}
    chosen = []
    for order, (entry_id, _score) in enumerate(candidates):
        coverage = covered[entry_id]
        if coverage < ANSWER_MIN_COVERAGE or matched[entry_id] < min(2, len(topics)):
            continue  # one word in common is not an answer
        if entry_id not in own_ids and entry_id not in named:
            continue
        chosen.append((-(coverage + (0.25 if entry_id in own_ids else 0.0)), order, entry_id, coverage))
    chosen.sort()
    best = chosen[:limit]
    hits = _hit_map([(entry_id, coverage) for _key, _order, entry_id, coverage in best], concepts, register)
    return [
        Answer(hit=hits[entry_id], coverage=coverage, from_this_article=entry_id in own_ids)
        for _key, _order, entry_id, coverage in best
        if entry_id in hits
    ]
