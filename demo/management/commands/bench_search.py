"""
`manage.py bench_search`: search speed at scale. Generates articles (10,000 by default)
— texts recombined from the demo articles' sentences, so the vocabulary is a real one,
checked by the document schema — saves them with their first revisions in bulk (the
fast path: simple-history's bulk create, not one article_create each), indexes them
with articles.search's own index (as pending articles, the way a submission does), then
times, for the relevance set, what the search page does for each query (parse_query, search.search
with those concepts, then group_by_article and corrected_query, as web.reader.views.search_page) and
search.answer for each follow-up question, and prints p50 and p99 (and, with `--slowest N`,
the N slowest queries). A benchmark, not a test: it prints figures.

The figures are this process's CPU time (time.process_time: Python, Django and, on SQLite,
the database engine, which runs in this process), with wall time beside them; on PostgreSQL
the server's own CPU is not in them (its backend is another process). They are taken with
DEBUG's log of every query off, as a reader's search runs in production. Targets: CPU p50
under 10 ms at 1,000 articles and under 20 ms at 10,000, on PostgreSQL and on SQLite.

Only where demo data may be loaded (DEBUG=1). `--clean` removes the generated articles.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from simple_history.utils import bulk_create_with_history

from accounts.audiences import parse_audience
from articles import search
from articles.content import ArticleFields, Document, Entry, Tier, document_errors
from articles.models import Article, HistoricalArticle, SearchEntry
from articles.services import parse_article_text
from demo.loader import DEMO_DIR
from demo.management.commands.evaluate_search import load_cases

PREFIX = "bench-"
# CPU time per search or answer, p50: under 10 ms for a library of about 1,000 articles, under
# 20 ms for one of about 10,000 (the demo library and the generated articles).
TARGET_P50_MS_SMALL, TARGET_P50_MS_LARGE, LARGE_LIBRARY = 10, 20, 5_000
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
        cases = load_cases()
        queries = [(c["query"], parse_audience(c.get("audience"))) for c in cases if "query" in c]
        slugs = {c["article"] for c in cases if "question" in c}
        articles = {a.slug: a for a in Article.objects.filter(slug__in=slugs)}
        questions = [
            (c["question"], articles[c["article"]], parse_audience(c.get("audience")))
            for c in cases
            if "question" in c and c["article"] in articles
        ]
        searches = [(_label(query, audience), partial(_search_page, query, audience)) for query, audience in queries]
        answers = [
            (_label(text, audience), partial(search.answer, text, article=article, audience=audience))
            for text, article, audience in questions
        ]
        # Timed as a reader's search runs in production: without DEBUG's log of every query
        # (which on SQLite also runs a query per statement to quote its parameters).
        with override_settings(DEBUG=False):
            for _text, call in searches + answers:  # warm up: connections, caches, the vocabulary
                call()
            search_times = _timed(searches, rounds)
            answer_times = _timed(answers, rounds)
        out = self.stdout
        count = Article.objects.count()
        out.write(f"Database: {connection.vendor}; {count:,} articles; {SearchEntry.objects.count():,} passages")
        target = TARGET_P50_MS_LARGE if count >= LARGE_LIBRARY else TARGET_P50_MS_SMALL
        out.write(f"CPU is this process's (time.process_time), DEBUG off; target CPU p50 < {target} ms at this size")
        for what, timings in (("search", search_times), ("answer", answer_times)):
            self._report(what, timings, rounds, slowest=slowest)
        out.write(f"(each step ranks at most {search.RANK_CANDIDATES} matching passages: search.RANK_CANDIDATES)")

    def _report(self, what: str, timings: dict[str, list[tuple[float, float]]], rounds: int, *, slowest: int) -> None:
        """p50, p99 and max of CPU and wall time, and the `slowest` calls by median CPU."""
        if not timings:
            return
        runs = [run for times in timings.values() for run in times]
        self.stdout.write(f"{what}: {len(timings)} texts x {rounds} rounds = {len(runs)} calls")
        for name, values in (("CPU ", [cpu for cpu, _wall in runs]), ("wall", [wall for _cpu, wall in runs])):
            figures = f"p50 {_p(values, 50):6.1f} ms   p99 {_p(values, 99):6.1f} ms   max {max(values):6.1f} ms"
            self.stdout.write(f"  {what} {name} {figures}")
        medians = sorted(((statistics.median(cpu for cpu, _ in times), label) for label, times in timings.items()))
        for median, label in medians[::-1][:slowest]:
            self.stdout.write(f"    {median:7.1f} ms CPU  {label}")


def _label(text: str, audience) -> str:
    return f"{text!r} ({audience.value if audience else 'no audience'})"


def _search_page(query: str, audience) -> None:
    """What the search page asks of search for a query (web.reader.views.search_page)."""
    concepts = search.parse_query(query)
    results = search.search(query, audience=audience, concepts=concepts)
    search.group_by_article(results)
    if results:
        search.corrected_query(concepts)
    search.query_words(query)


def _timed(calls, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """label → (CPU ms, wall ms) of each run of its call, `rounds` times over all of `calls`."""
    timings: dict[str, list[tuple[float, float]]] = {}
    for _ in range(rounds):
        for label, call in calls:
            cpu, wall = time.process_time(), time.perf_counter()
            call()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            timings.setdefault(label, []).append((cpu * 1000, wall * 1000))
    return timings


def _p(values: list[float], percentile: int) -> float:
    """The `percentile`th percentile of `values` (nearest rank; the median for 50)."""
    ordered = sorted(values)
    if percentile == 50:
        return statistics.median(ordered)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percentile / 100))]


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
