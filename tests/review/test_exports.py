"""The audit trail as CSV (review/exports.py): every event, and no cell a spreadsheet would run."""

import csv
import io

import pytest

from articles.models import Article
from review import workflow
from review.exports import COLUMNS, safe_cell, write_audit_csv
from tests import factories


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_start_a_formula_is_quoted(text):
    assert safe_cell(text) == "'" + text


def test_plain_cells_and_numbers_are_unchanged():
    assert (safe_cell("leg-cramps"), safe_cell(3), safe_cell("")) == ("leg-cramps", "3", "")


def test_every_transition_and_approval_is_a_row_and_hostile_comments_stay_text(editor, reviewer):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer, comment='=HYPERLINK("http://evil")')
    stream = io.StringIO()
    write_audit_csv(stream, Article.objects.all())
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert list(rows[0]) == COLUMNS
    assert len(rows) >= 3 and {row["article"] for row in rows} == {"leg-cramps"}
    assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row.values())
