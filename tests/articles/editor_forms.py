"""POST data for the editor's article form, built the way the browser would send it."""

from articles.content import ArticleFields, Tier
from articles.forms import EXTRA_ROWS


def post_data(fields: ArticleFields, *, reason="", base_revision=None, action="save", audience="", **overrides):
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
                    f"{prefix}-{i}-emergency_signs": "\n".join(entry.emergency_signs),
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
