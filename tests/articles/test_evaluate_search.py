"""The relevance set and `manage.py evaluate_search`: the targets hold on this database."""

import io
import json

from django.core.management import call_command

from articles.models import Article
from demo.management.commands import evaluate_search


def test_the_relevance_set_is_large_varied_and_names_real_passages(demo):
    cases = evaluate_search.load_cases()
    assert len(cases) >= 60
    assert sum(1 for c in cases if not c["expect"]) >= 5  # questions with no good answer
    assert sum(1 for c in cases if "question" in c) >= 15
    names = {(a.slug, e.name) for a in Article.objects.all() for _t, e in a.document.all_entries()}
    slugs = {a.slug for a in Article.objects.all()}
    for case in cases:
        for slug, name in case["expect"]:
            assert (slug, name) in names or (slug in slugs and name in ("", "*")), (case, slug, name)


def test_search_meets_the_relevance_targets(demo):
    result = evaluate_search.evaluate(evaluate_search.load_cases())
    print(f"p@1 {result.precision_at_1:.3f}, MRR@5 {result.mrr_at_5:.3f}, no answer {result.no_answer_share:.3f}")
    assert result.precision_at_1 >= evaluate_search.TARGET_PRECISION_AT_1, result.misses
    assert result.mrr_at_5 >= evaluate_search.TARGET_MRR_AT_5, result.misses
    assert result.no_answer_share == 1.0, result.misses


def test_the_command_prints_the_figures(demo, tmp_path):
    cases = tmp_path / "cases.json"
    cases.write_text(
        json.dumps(
            {
                "cases": [
                    {"query": "charley horse", "audience": "patient", "expect": [["leg-cramps", "*"]]},
                    {"query": "sarcoidosis", "expect": [["low-back-pain", "*"]]},
                    {"article": "leg-cramps", "question": "Is it serious?", "expect": []},
                ]
            }
        )
    )
    out = io.StringIO()
    call_command("evaluate_search", "--cases", str(cases), "--misses", stdout=out)
    text = out.getvalue()
    assert "precision@1: 0.500" in text and "MRR@5: 0.500" in text
    assert "no-answer questions answered 'no answer': 1.000" in text
    assert "miss: 'sarcoidosis'" in text
