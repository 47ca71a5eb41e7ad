"""The audit trail as CSV, for the export command and the audit page's download."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from articles.models import Article
from review.selectors import audit_trail

COLUMNS = ["article", "at", "actor", "action", "from_state", "to_state", "revision", "comment"]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is quoted with '."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_audit_csv(stream, articles: Iterable[Article], *, kind: str = "") -> None:
    """Write every transition and approval of `articles` (or those of one `kind`) to `stream` as CSV."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    for article in articles:
        for entry in audit_trail(article, kind=kind):
            writer.writerow(
                [
                    safe_cell(article.slug),
                    entry.at.isoformat(),
                    safe_cell(entry.actor.get_username() if entry.actor else ""),
                    safe_cell(entry.action),
                    safe_cell(entry.from_state),
                    safe_cell(entry.to_state),
                    entry.revision_number,
                    safe_cell(entry.comment),
                ]
            )
