"""
`manage.py bench_search`: search speed at scale. Generates articles (10,000 by default)
— texts recombined from the demo articles' sentences, so the vocabulary is a real one,
checked by the document schema — saves them with their first revisions in bulk (the
fast path: simple-history's bulk create, not one article_create each), indexes them
with articles.search's own index (as pending articles, the way a submission does), then
times search.search for the relevance set's queries and prints p50 and p99 (and, with
`--slowest N`, the N slowest queries). A benchmark, not a test: it prints figures. Targets:
p50 < 20 ms and p99 < 100 ms on PostgreSQL and on SQLite.

Only where demo data may be loaded (DEBUG=1). `--clean` removes the generated articles.
"""

from __future__ import annotations

import random
import re
import statistics
import time

from articles.management.commands.evaluate_search import load_cases
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from accounts.audiences import parse_audience
from articles import search
from articles.content import ArticleFields, Document, Entry, Tier, document_errors
from articles.models import Article, HistoricalArticle, SearchEntry
from articles.services import parse_article_text
from demo.loader import DEMO_DIR

PREFIX = "bench-"
TARGET_P50_MS = 20
TARGET_P99_MS = 100
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORDS = (
    "acute chronic recurrent atypical primary secondary idiopathic familial postviral exertional positional "
    "nocturnal inflammatory degenerative compressive toxic metabolic autoimmune infective vascular"
).split()


class Command(BaseCommand):
    help = "Generate many articles through the services and print search p50/p99 on this database."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="how many articles there should be")
        parser.add_argument("--rounds", type=int, default=5, help="times each query is run")
        parser.add_argument("--clean", action="store_true", help="remove the generated articles and stop")
        parser.add_argument("--slowest", type=int, default=0, help="also list this many slowest queries")

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("bench_search writes thousands of articles: only with DEBUG=1, never in production.")
        if options["clean"]:
            self._clean()
            return
        self._generate(options["articles"])
        self._time(options["rounds"], slowest=options["slowest"])

    # --- the articles -------------------------------------------------------------

    def _bank(self):
        """Sentences and diagnosis names of the demo articles, to recombine."""
        clinical, plain, names, signs = [], [], [], []
        editor = _editor()
        for path in sorted(DEMO_DIR.glob("*.md")):
            fields, _complete = parse_article_text(path.read_text(encoding="utf-8"))
            for _tier, entry in fields.document.all_entries():
                names.append(re.sub(r"\s*\(.*?\)", "", entry.name))
                clinical += _SENTENCE.split(entry.clinical)
                plain += _SENTENCE.split(entry.plain or entry.clinical)
                signs += [*entry.emergency_signs, *entry.see_doctor_signs]
        if not names:
            raise CommandError("No demo articles to draw text from (demo/*.md).")
        return editor, clinical, plain, names, signs

    def _generate(self, wanted: int) -> None:
        have = Article.objects.filter(slug__startswith=PREFIX).count()
        if have >= wanted:
            self.stdout.write(f"{have:,} generated articles already there.")
            return
        editor, clinical, plain, names, signs = self._bank()
        rng = random.Random(have)  # noqa: S311 — made-up texts, not secrets
        started = time.perf_counter()
        batch = []
        for number in range(have, wanted):
            batch.append(_article(number, rng, clinical, plain, names, signs))
            if len(batch) == 500 or number == wanted - 1:
                with transaction.atomic():
                    _save_and_index(batch, editor)
                batch = []
                done = number + 1 - have
                rate = done / (time.perf_counter() - started)
                self.stdout.write(f"  {number + 1:,} articles ({rate:.0f} a second)", ending="\r")
                self.stdout.flush()
        self.stdout.write(f"\nGenerated {wanted - have:,} articles in {time.perf_counter() - started:.0f} s.")
        _analyze()

    def _clean(self) -> None:
        articles = list(Article.objects.filter(slug__startswith=PREFIX))
        for start in range(0, len(articles), 500):
            with transaction.atomic():
                chunk = articles[start : start + 500]
                search.index_articles([(a, None, False) for a in chunk])
                Article.objects.filter(pk__in=[a.pk for a in chunk]).delete()
        self.stdout.write(f"Removed {len(articles):,} generated articles.")

    # --- the timing ---------------------------------------------------------------

    def _time(self, rounds: int, *, slowest: int = 0) -> None:
        cases = [c for c in load_cases() if "query" in c]
        queries = [(c["query"], parse_audience(c.get("audience"))) for c in cases]
        for query, audience in queries:  # warm up: connections, caches, the vocabulary
            search.search(query, audience=audience)
        timings, by_query = [], {}
        for _ in range(rounds):
            for query, audience in queries:
                start = time.perf_counter()
                search.search(query, audience=audience)
                elapsed = (time.perf_counter() - start) * 1000
                timings.append(elapsed)
                by_query.setdefault((query, audience), []).append(elapsed)
        timings.sort()
        p50 = statistics.median(timings)
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        articles = Article.objects.count()
        out = self.stdout
        out.write(f"Database: {connection.vendor}; {articles:,} articles; {SearchEntry.objects.count():,} passages")
        out.write(f"{len(queries)} queries x {rounds} rounds = {len(timings)} searches")
        out.write(f"search p50: {p50:.1f} ms (target < {TARGET_P50_MS} ms)")
        out.write(f"search p99: {p99:.1f} ms (target < {TARGET_P99_MS} ms)")
        out.write(f"search max: {timings[-1]:.1f} ms")
        out.write(f"(each step ranks at most {search.RANK_CANDIDATES} matching passages: search.RANK_CANDIDATES)")
        medians = sorted(
            ((statistics.median(t), q, a) for (q, a), t in by_query.items()), key=lambda row: row[0], reverse=True
        )
        for median, query, audience in medians[:slowest]:
            out.write(f"  {median:7.1f} ms  {query!r} ({audience.value if audience else 'no audience'})")


def _analyze() -> None:
    """
    Give PostgreSQL's planner the statistics of the new rows, as autovacuum would in time:
    without them it may not see that a register's partial index is the cheap way in.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_searchentry, articles_searchterm")


def _editor():
    User = get_user_model()
    editor = User.objects.filter(groups__permissions__codename="add_article").first()
    if editor is None:
        raise CommandError("No editor account: run manage.py load_demo first.")
    return editor


def _save_and_index(articles: list[Article], editor) -> None:
    """
    The fast path: the rows and their first revisions in bulk (simple-history's own bulk
    create), then the real index — search.index_articles, as for a submitted article.
    """
    bulk_create_with_history(
        articles,
        Article,
        batch_size=500,
        default_user=editor,
        default_change_reason="Generated for bench_search",
        custom_historical_attrs={"revision_number": 1},
    )
    saved = list(Article.objects.filter(slug__in=[a.slug for a in articles]))
    revisions = {r.id: r for r in HistoricalArticle.objects.filter(id__in=[a.pk for a in saved])}
    search.index_articles([(article, revisions[article.pk], False) for article in saved])


def _article(number, rng, clinical, plain, names, signs) -> Article:
    """A made-up article, its fields normalised and checked by the document schema as the services do."""

    def text(bank, low, high):
        return " ".join(rng.choice(bank) for _ in range(rng.randint(low, high)))

    used = set()
    tiers = {}
    for tier in Tier:
        entries = []
        for _ in range(2):
            name = f"{rng.choice(_WORDS).capitalize()} {rng.choice(names).lower()}"
            if name.casefold() in used:
                continue
            used.add(name.casefold())
            entries.append(
                Entry(
                    name=name,
                    clinical=text(clinical, 2, 5),
                    plain=text(plain, 2, 5),
                    emergency_signs=tuple(rng.sample(signs, 1)),
                    see_doctor_signs=tuple(rng.sample(signs, 2)),
                )
            )
        tiers[tier] = tuple(entries)
    condition = f"{rng.choice(_WORDS).capitalize()} {rng.choice(names).lower()} {number}"[:120]
    fields = ArticleFields(
        title=f"Differential Diagnosis for {condition}",
        slug=f"{PREFIX}{number}",
        condition=condition,
        summary=text(plain, 1, 3)[:900],
        document=Document(tiers=tiers),
    )
    problems = document_errors(fields.document)
    if problems:
        raise CommandError(f"Generated article {number} is not valid: {problems[0]}")
    return Article(**fields.as_model_values())
