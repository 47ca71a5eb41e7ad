"""Comments on a review (review/comments.py): plain text, bounded, tied to an entry of that revision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review import workflow
from review.comments import MAX_LENGTH, comment_add
from tests import factories


@pytest.fixture
def review(editor):
    return workflow.submit(article=factories.make_article(by=editor), by=editor)


def test_board_members_and_editors_comment_others_may_not(review, editor, reviewer, site_admin, reader_user):
    assert comment_add(review=review, by=reviewer, body="Check the dose.").author == reviewer
    assert comment_add(review=review, by=editor, body="Done.").author == editor
    for user in (site_admin, reader_user):
        with pytest.raises(PermissionDenied):
            comment_add(review=review, by=user, body="Hello")


@pytest.mark.parametrize(
    ("body", "entry_name", "field"),
    [
        ("   ", "", "body"),
        ("x" * (MAX_LENGTH + 1), "", "body"),
        ("About a diagnosis this revision does not list.", "Gout", "entry_name"),
    ],
)
def test_bad_comments_are_refused_with_the_field_named(review, reviewer, body, entry_name, field):
    with pytest.raises(ValidationError) as caught:
        comment_add(review=review, by=reviewer, body=body, entry_name=entry_name)
    assert field in caught.value.message_dict
    assert not review.comments.exists()


def test_a_comment_may_name_a_diagnosis_of_the_revision(review, reviewer):
    comment = comment_add(
        review=review, by=reviewer, body="  Add the emergency signs.  ", entry_name="Deep vein thrombosis (DVT)"
    )
    assert (comment.body, comment.entry_name) == ("Add the emergency signs.", "Deep vein thrombosis (DVT)")
