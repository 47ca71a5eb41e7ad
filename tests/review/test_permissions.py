"""review.permissions: who may start, decide and assign a review (the rules the workflow enforces)."""

import pytest

from review import permissions, workflow
from review.exceptions import (
    FourEyesViolation,
    NotPermitted,
)
from tests import factories


def test_can_start_and_can_decide_agree_with_what_the_transitions_allow(article, editor, reviewer, reviewer2):
    writer = factories.make_board_member("writer-member", also_editor=True)
    factories.edit_article(article, writer, "Written by a board member.")
    review = workflow.submit(article=article, by=editor)
    assert not permissions.can_start(review, editor)  # not a board member
    assert not permissions.can_start(review, writer)  # wrote part of it (four eyes)
    with pytest.raises(FourEyesViolation):
        workflow.start_review(review=review, by=writer)
    assert permissions.can_start(review, reviewer)
    assert not permissions.can_decide(review, reviewer)  # not started yet
    workflow.start_review(review=review, by=reviewer)
    review.refresh_from_db()
    assert not permissions.can_start(review, reviewer2)  # already started
    assert not permissions.can_decide(review, reviewer2)  # not theirs
    with pytest.raises(NotPermitted):
        workflow.approve(review=review, by=reviewer2)
    assert permissions.can_decide(review, reviewer)
    workflow.approve(review=review, by=reviewer)
    review.refresh_from_db()
    assert not permissions.can_decide(review, reviewer)  # decided


def test_editors_and_readers_cannot_assign(article, editor, reader_user, reviewer):
    review = workflow.submit(article=article, by=editor)
    for user in (editor, reader_user):
        with pytest.raises(NotPermitted):
            workflow.assign(review=review, to=reviewer, by=user)
    assert not permissions.can_assign(editor)


def test_a_review_cannot_be_assigned_to_an_author_of_its_changes_or_a_non_member(
    editor, reviewer, reviewer2, site_admin
):
    writer = factories.make_board_member("writer", also_editor=True)
    article = factories.make_article(by=writer)
    review = workflow.submit(article=article, by=writer)
    with pytest.raises(FourEyesViolation, match="wrote some of the changes"):
        workflow.assign(review=review, to=writer, by=site_admin)
    with pytest.raises(NotPermitted, match="not an active member"):
        workflow.assign(review=review, to=editor, by=site_admin)
    assert {m.user for m in permissions.assignable_members(review)} == {reviewer, reviewer2}
