"""review.rereview: when an approval falls due again."""

import datetime

import pytest
from django.test import override_settings

from review import rereview
from tests import factories


def test_an_approval_is_due_for_review_in_twelve_months_by_default(article, editor, reviewer):
    approval = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    approved_on = approval.approved_at.date()
    assert approval.next_review_due == rereview.add_months(approved_on, 12)
    assert approval.next_review_due.year == approved_on.year + 1


@override_settings(REVIEW_INTERVAL_MONTHS=6)
def test_the_review_interval_is_a_setting(article, editor, reviewer):
    approval = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    assert approval.next_review_due == rereview.add_months(approval.approved_at.date(), 6)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 15), 3, datetime.date(2026, 2, 15)),
        (datetime.date(2025, 10, 3), 12, datetime.date(2026, 10, 3)),
    ],
)
def test_add_months(day, months, expected):
    assert rereview.add_months(day, months) == expected
