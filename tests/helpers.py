"""
Helpers every kind of test shares (never import one from a test module): a page's visible
text, the JSON-LD it carries, and the editor's form as a browser posts it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from articles.content import ArticleFields, Tier, Urgency
from web.editor.forms import EXTRA_ROWS

# The seed page the site reproduces (../shared/seed), as kept for the tests.
SEED = Path(__file__).resolve().parent / "fixtures" / "seed-leg-cramps.txt"
# Its tiers and diagnosis names, in its order.
SEED_TIERS = {
    Tier.MOST_LIKELY: ["Benign nocturnal leg cramps"],
    Tier.OTHER_LIKELY: [
        "Electrolyte imbalance (e.g., hypokalemia, hypomagnesemia, hyponatremia)",
        "Dehydration",
        "Medication side effects (e.g., diuretics, statins)",
        "Muscle strain or overuse",
    ],
    Tier.DO_NOT_MISS: [
        "Deep vein thrombosis (DVT)",
        "Peripheral artery disease (PAD)",
        "Neurological disorders (e.g., peripheral neuropathy, radiculopathy)",
    ],
    Tier.RARE: ["Hypothyroidism", "Sarcoidosis", "Amyloidosis"],
}


def text_of(response) -> str:
    """The page's visible text, tags removed and whitespace folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def json_ld_of(response) -> dict:
    """The page's JSON-LD block, parsed."""
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(block.group(1))


def post_data(fields: ArticleFields, *, reason="", base_revision=None, action="save", audience="", **overrides):
    """POST data for the editor's article form, built the way the browser would send it."""
    data = {
        "article-title": fields.title,
        "article-slug": fields.slug,
        "article-condition": fields.condition,
        "article-specialty": fields.specialty,
        "article-summary": fields.summary,
        "article-reason": reason,
        "article-base_revision": "" if base_revision is None else str(base_revision),
        "preview-audience": audience,
        "action": action,
    }
    for tier in Tier:
        prefix = f"tier-{tier.value}"
        entries = fields.document.entries(tier)
        data.update(_management(prefix, len(entries)))
        for i, entry in enumerate(entries):
            data.update(
                {
                    f"{prefix}-{i}-name": entry.name,
                    f"{prefix}-{i}-clinical": entry.clinical,
                    f"{prefix}-{i}-plain": entry.plain,
                    **{f"{prefix}-{i}-{u.field}": "\n".join(entry.signs(u)) for u in Urgency},
                    f"{prefix}-{i}-reader_phrases": "\n".join(entry.reader_phrases),
                    f"{prefix}-{i}-ORDER": str(i + 1),
                }
            )
    data.update(_management("refs", len(fields.document.references)))
    for i, ref in enumerate(fields.document.references):
        data.update(
            {
                f"refs-{i}-citation": ref.citation,
                f"refs-{i}-url": ref.url,
                f"refs-{i}-pmid": ref.pmid,
                f"refs-{i}-doi": ref.doi,
                f"refs-{i}-ORDER": str(i + 1),
            }
        )
    data.update(overrides)
    return data


def _management(prefix, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(initial + EXTRA_ROWS),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def assert_fts_in_step(language: str) -> None:
    """SQLite: each register's full-text table of `language` holds exactly that register's passages in it."""
    from django.db import connection

    from articles.content import Register
    from articles.models import SearchEntry
    from articles.search.sqlite import _Sqlite

    for register in Register:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {_Sqlite.table(register, language)}")  # noqa: S608 — our table name
            indexed = {row[0] for row in cursor.fetchall()}
        rows = SearchEntry.objects.filter(register=register, language=language)
        assert indexed == set(rows.values_list("id", flat=True))
