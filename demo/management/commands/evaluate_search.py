"""
`manage.py evaluate_search`: how well search and answers find the right passage, measured
on the project's relevance set (demo/relevance_set.json) over the demo
articles (`manage.py load_demo`). Prints precision@1, MRR@5 and the share of questions
with no good answer that got none. A benchmark that prints figures, on whichever database
this is; tests/articles/test_evaluate_search.py holds it to the targets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.audiences import parse_audience
from articles import search
from articles.models import Article

RELEVANCE_SET = Path(__file__).resolve().parents[2] / "relevance_set.json"
TARGET_PRECISION_AT_1 = 0.85
TARGET_MRR_AT_5 = 0.9


@dataclass
class Evaluation:
    precision_at_1: float = 0.0
    mrr_at_5: float = 0.0
    no_answer_share: float = 0.0
    judged: int = 0
    no_answer_cases: int = 0
    misses: list[str] = field(default_factory=list)


def load_cases(path: Path = RELEVANCE_SET) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def _is_expected(hit, expect) -> bool:
    return any(hit.article_slug == slug and name in ("*", hit.entry_name) for slug, name in expect)


def evaluate(cases: list[dict]) -> Evaluation:
    """Run every case: search cases through search.search, questions through search.answer."""
    result = Evaluation()
    articles = {a.slug: a for a in Article.objects.filter(slug__in={c["article"] for c in cases if "article" in c})}
    reciprocal, first, no_answer_right = 0.0, 0, 0
    for case in cases:
        audience = parse_audience(case.get("audience"))
        if "question" in case:
            article = articles.get(case["article"])
            if article is None:
                raise CommandError(
                    f"No article “{case['article']}”: load the demo articles first (manage.py load_demo)."
                )
            hits = [a.hit for a in search.answer(case["question"], article=article, audience=audience)]
            text = case["question"]
        else:
            hits = search.search(case["query"], audience=audience, limit=5)
            text = case["query"]
        expect = case["expect"]
        if not expect:
            result.no_answer_cases += 1
            no_answer_right += not hits
            if hits:
                result.misses.append(
                    f"no answer expected: {text!r} got {hits[0].article_slug} / {hits[0].entry_name!r}"
                )
            continue
        result.judged += 1
        rank = next((i for i, hit in enumerate(hits[:5], start=1) if _is_expected(hit, expect)), None)
        if rank == 1:
            first += 1
        else:
            got = f"{hits[0].article_slug} / {hits[0].entry_name!r}" if hits else "nothing"
            result.misses.append(f"{text!r}: expected at rank {rank or '>5'}, first was {got}")
        reciprocal += 1 / rank if rank else 0.0
    result.precision_at_1 = first / result.judged if result.judged else 0.0
    result.mrr_at_5 = reciprocal / result.judged if result.judged else 0.0
    result.no_answer_share = no_answer_right / result.no_answer_cases if result.no_answer_cases else 1.0
    return result


class Command(BaseCommand):
    help = "Print precision@1, MRR@5 and the correct no-answer share of search on the relevance set."

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=str(RELEVANCE_SET), help="the relevance set (JSON)")
        parser.add_argument("--misses", action="store_true", help="list the cases that missed")

    def handle(self, *args, **options):
        cases = load_cases(Path(options["cases"]))
        result = evaluate(cases)
        out = self.stdout
        out.write(
            f"Relevance set: {len(cases)} cases ({result.judged} judged by rank, "
            f"{result.no_answer_cases} with no good answer)"
        )
        out.write(f"Database: {connection.vendor}")
        out.write(f"precision@1: {result.precision_at_1:.3f} (target >= {TARGET_PRECISION_AT_1})")
        out.write(f"MRR@5: {result.mrr_at_5:.3f} (target >= {TARGET_MRR_AT_5})")
        out.write(f"no-answer questions answered 'no answer': {result.no_answer_share:.3f}")
        if options["misses"]:
            for miss in result.misses:
                out.write(f"  miss: {miss}")
