import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from review import permissions, publication, workflow
from review.exceptions import (
    CommentRequired,
    FourEyesViolation,
    IllegalTransition,
    NotPermitted,
    StaleRevision,
)
from review.models import Approval, BoardMember, Review, ReviewEvent, ReviewState
from tests import factories

# --- the happy path and the record ---------------------------------------------------


def test_submit_start_approve_pins_the_exact_revision(article, editor, reviewer):
    revision = article.latest_revision()
    review = workflow.submit(article=article, by=editor)
    assert (review.state, review.revision, review.submitted_by) == (ReviewState.SUBMITTED, revision, editor)

    workflow.start_review(review=review, by=reviewer)
    review.refresh_from_db()
    assert (review.state, review.assignee) == (ReviewState.UNDER_REVIEW, reviewer)

    approval = workflow.approve(review=review, by=reviewer, comment="Fine")
    review.refresh_from_db()
    assert review.state == ReviewState.APPROVED
    assert approval.revision == revision
    assert approval.approved_by == reviewer


def test_every_transition_is_recorded_and_can_be_read_back(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor, comment="Ready")
    workflow.start_review(review=review, by=reviewer)
    workflow.request_changes(review=review, by=reviewer, comment="Add a reference for DVT.")
    events = list(review.events.values_list("from_state", "to_state", "actor__username", "comment"))
    assert events == [
        ("", "submitted", "editor", "Ready"),
        ("submitted", "under_review", "reviewer", ""),
        ("under_review", "changes_requested", "reviewer", "Add a reference for DVT."),
    ]
    assert all(e.at is not None for e in review.events.all())


def test_approving_writes_no_new_revision(article, editor, reviewer):
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    assert article.history.count() == 1


# --- what readers get ----------------------------------------------------------------


def test_readers_get_the_newest_approved_revision_not_a_later_edit(article, editor, reviewer):
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    approved_revision = article.latest_revision()
    factories.edit_article(article, editor, "An unreviewed change.")

    page = publication.reader_page(slug=article.slug)
    assert page.revision == approved_revision
    assert page.revision.summary == "Sudden painful muscle contractions."
    assert page.is_approved

    # Once the edit is approved in turn, readers get it.
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    page = publication.reader_page(slug=article.slug)
    assert page.revision.summary == "An unreviewed change."


def test_a_never_submitted_draft_is_not_shown_to_readers(article):
    assert publication.reader_page(slug=article.slug) is None


def test_a_submitted_never_approved_article_is_shown_as_pending(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    page = publication.reader_page(slug=article.slug)
    assert not page.is_approved
    assert page.step == publication.TrackerStep.SUBMITTED
    workflow.start_review(review=review, by=reviewer)
    assert publication.reader_page(slug=article.slug).step == publication.TrackerStep.UNDER_REVIEW


def test_a_pending_article_shows_the_submitted_revision_not_a_later_draft(article, editor):
    workflow.submit(article=article, by=editor)
    submitted = article.latest_revision()
    factories.edit_article(article, editor, "Draft after submitting.")
    assert publication.reader_page(slug=article.slug).revision == submitted


# --- four eyes -------------------------------------------------------------------------


def test_a_board_member_cannot_approve_their_own_changes(editor, reviewer):
    both = factories.make_board_member("writer-reviewer", also_editor=True)
    article = factories.make_article(by=both)
    review = workflow.submit(article=article, by=both)
    with pytest.raises(FourEyesViolation):
        workflow.start_review(review=review, by=both)
    # Another member can.
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)


def test_four_eyes_covers_every_change_since_the_last_approval(article, editor, reviewer, reviewer2):
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    both = factories.make_board_member("writer-reviewer", also_editor=True)
    factories.edit_article(article, both, "A change by a board member.")
    factories.edit_article(article, editor, "Then an editor's change.")
    review = workflow.submit(article=article, by=editor)
    # The newest revision is the editor's, but it contains the board member's change.
    with pytest.raises(FourEyesViolation):
        workflow.start_review(review=review, by=both)
    workflow.start_review(review=review, by=reviewer2)
    workflow.approve(review=review, by=reviewer2)


def test_four_eyes_is_checked_again_at_approval(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    # The reviewer is made an editor and (illegitimately) given authorship of the revision.
    revision = review.revision
    type(revision).objects.filter(pk=revision.pk).update(history_user=reviewer)
    with pytest.raises(FourEyesViolation):
        workflow.approve(review=review, by=reviewer)
    assert not Approval.objects.exists()


def test_changes_approved_before_do_not_count_against_the_author(article, editor, reviewer, reviewer2):
    both = factories.make_board_member("writer-reviewer", also_editor=True)
    factories.edit_article(article, both, "Board member's change.")
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    factories.edit_article(article, editor, "Editor's later change.")
    review = workflow.submit(article=article, by=editor)
    # The board member's own change was approved by someone else, so they may review the rest.
    workflow.start_review(review=review, by=both)
    approval = workflow.approve(review=review, by=both)
    review.refresh_from_db()
    assert review.state == ReviewState.APPROVED
    assert (approval.revision, approval.approved_by) == (article.latest_revision(), both)


# --- supersede -------------------------------------------------------------------------


@pytest.mark.parametrize("started", [False, True])
def test_a_newer_save_supersedes_a_pending_review(article, editor, reviewer, started):
    review = workflow.submit(article=article, by=editor)
    if started:
        workflow.start_review(review=review, by=reviewer)
    factories.edit_article(article, editor, "Newer text.")
    review.refresh_from_db()
    assert review.state == ReviewState.SUPERSEDED
    assert review.events.last().to_state == ReviewState.SUPERSEDED
    assert review.events.last().actor == editor
    if started:
        with pytest.raises(StaleRevision):
            workflow.approve(review=review, by=reviewer)
    assert not Approval.objects.exists()


def test_an_unchanged_save_supersedes_nothing(article, editor):
    review = workflow.submit(article=article, by=editor)
    factories.edit_article(article, editor, "Sudden painful muscle contractions.")
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED


def test_approval_refuses_a_revision_other_than_the_one_the_reviewer_saw(article, editor, reviewer):
    old = article.latest_revision()
    factories.edit_article(article, editor, "Second.")
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    with pytest.raises(StaleRevision):
        workflow.approve(review=review, by=reviewer, seen_revision=old)
    workflow.approve(review=review, by=reviewer, seen_revision=review.revision)


# --- illegal moves and permissions ---------------------------------------------------


def test_transition_table_respects_the_pipeline(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    with pytest.raises(IllegalTransition):  # approve before starting
        workflow.approve(review=review, by=reviewer)
    with pytest.raises(IllegalTransition):  # request changes before starting
        workflow.request_changes(review=review, by=reviewer, comment="x")
    workflow.start_review(review=review, by=reviewer)
    with pytest.raises(IllegalTransition):  # start twice
        workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    with pytest.raises(IllegalTransition):  # decide twice
        workflow.request_changes(review=review, by=reviewer, comment="too late")
    with pytest.raises(IllegalTransition):
        workflow.approve(review=review, by=reviewer)


def test_every_final_state_has_no_way_out():
    for state in (ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED, ReviewState.SUPERSEDED):
        assert workflow.TRANSITIONS[state] == frozenset()


def test_request_changes_needs_a_comment(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    with pytest.raises(CommentRequired):
        workflow.request_changes(review=review, by=reviewer, comment="   ")
    review.refresh_from_db()
    assert review.state == ReviewState.UNDER_REVIEW


def test_only_the_assignee_decides(article, editor, reviewer, reviewer2):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    with pytest.raises(NotPermitted):
        workflow.approve(review=review, by=reviewer2)


def test_only_editors_submit(article, reviewer, reader_user, site_admin):
    for user in (reviewer, reader_user, site_admin):
        with pytest.raises(NotPermitted):
            workflow.submit(article=article, by=user)
    assert not Review.objects.exists()


def test_only_active_board_members_review(article, editor, reader_user, site_admin, reviewer):
    review = workflow.submit(article=article, by=editor)
    for user in (editor, reader_user, site_admin):
        with pytest.raises(NotPermitted):
            workflow.start_review(review=review, by=user)
    BoardMember.objects.filter(user=reviewer).update(active=False)
    with pytest.raises(NotPermitted):
        workflow.start_review(review=review, by=reviewer)
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED
    assert ReviewEvent.objects.count() == 1


def test_a_revision_cannot_be_submitted_twice_or_after_approval(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    with pytest.raises(IllegalTransition):
        workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    with pytest.raises(IllegalTransition):
        workflow.submit(article=article, by=editor)


def test_only_the_newest_revision_can_be_submitted(article, editor):
    old = article.latest_revision()
    factories.edit_article(article, editor, "Second.")
    with pytest.raises(StaleRevision):
        workflow.submit(article=article, by=editor, revision=old)


def test_resubmitting_after_changes_requested_makes_a_new_review(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.request_changes(review=review, by=reviewer, comment="Fix it.")
    factories.edit_article(article, editor, "Fixed.")
    second = workflow.submit(article=article, by=editor)
    assert second.pk != review.pk
    assert second.revision.revision_number == 2


def test_the_database_allows_only_one_open_review_per_article(article, editor):
    review = workflow.submit(article=article, by=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            article=article,
            revision=review.revision,
            state=ReviewState.SUBMITTED,
            submitted_by=editor,
            submitted_at=review.submitted_at,
        )


def test_actions_cannot_be_called_from_templates():
    for action in (workflow.submit, workflow.start_review, workflow.approve, workflow.request_changes):
        assert action.alters_data is True


# --- next review due -----------------------------------------------------------------


# --- may start / may decide: one rule for views and transitions --------------------------


def test_the_current_approval_is_the_newest_of_the_newest_approved_revision(article, editor, reviewer, reviewer2):
    first = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    again = workflow.reconfirm(article=article, by=reviewer2)
    assert Approval.objects.current_for(article.pk) == again
    factories.edit_article(article, editor, "Second.")
    second = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    assert Approval.objects.current_for(article.pk) == second
    assert list(Approval.objects.current()) == [second]
    assert first.revision_id < second.revision_id


# --- assigning, releasing ------------------------------------------------------------


def test_a_board_member_assigns_a_waiting_review_to_another_member(article, editor, reviewer, reviewer2):
    review = workflow.submit(article=article, by=editor)
    workflow.assign(review=review, to=reviewer2, by=reviewer, comment="Cardiology: yours.")
    review.refresh_from_db()
    assert (review.state, review.assignee) == (ReviewState.UNDER_REVIEW, reviewer2)
    event = review.events.last()
    assert (event.action, event.assignee, event.actor, event.comment) == (
        "assigned",
        reviewer2,
        reviewer,
        "Cardiology: yours.",
    )
    assert permissions.can_decide(review, reviewer2) and not permissions.can_decide(review, reviewer)


def test_a_site_admin_reassigns_a_started_review(article, editor, reviewer, reviewer2, site_admin):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.assign(review=review, to=reviewer2, by=site_admin)
    review.refresh_from_db()
    assert (review.state, review.assignee) == (ReviewState.UNDER_REVIEW, reviewer2)
    assert list(review.events.values_list("from_state", "to_state", "action"))[-1] == (
        "under_review",
        "under_review",
        "assigned",
    )
    workflow.approve(review=review, by=reviewer2)  # the new assignee decides


def test_a_decided_review_cannot_be_assigned(article, editor, reviewer, reviewer2):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    with pytest.raises(IllegalTransition, match="already decided: approved"):
        workflow.assign(review=review, to=reviewer2, by=reviewer)


def test_release_puts_a_started_review_back_to_waiting(article, editor, reviewer, reviewer2):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.release(review=review, by=reviewer)
    review.refresh_from_db()
    assert (review.state, review.assignee) == (ReviewState.SUBMITTED, None)
    assert review.events.last().action == "released"
    workflow.start_review(review=review, by=reviewer2)  # anyone may start it again
    with pytest.raises(NotPermitted):
        workflow.release(review=review, by=editor)
    workflow.release(review=review, by=reviewer)  # another board member may release it too
    with pytest.raises(IllegalTransition, match="only a review in progress"):
        workflow.release(review=review, by=reviewer)


def test_the_assignee_is_told_by_email_after_commit(
    article, editor, reviewer, reviewer2, site_admin, django_capture_on_commit_callbacks
):
    from django.core import mail

    reviewer.email, reviewer2.email = "r1@example.org", "r2@example.org"
    reviewer.save()
    reviewer2.save()
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign(review=review, to=reviewer2, by=site_admin)
    assert [m.to for m in mail.outbox] == [["r2@example.org"], ["r1@example.org"]]
    assert "Assigned to you" in mail.outbox[0].subject
    assert f"/review/{review.pk}/" in mail.outbox[0].body


# --- REQUIRED_APPROVALS --------------------------------------------------------------


@override_settings(REQUIRED_APPROVALS=2)
def test_with_two_required_a_revision_needs_two_different_members(article, editor, reviewer, reviewer2):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    first = workflow.approve(review=review, by=reviewer)
    review.refresh_from_db()
    assert not first.complete
    assert (review.state, review.assignee) == (ReviewState.SUBMITTED, None)
    assert publication.reader_page_for(article).approval is None  # readers do not get it yet
    assert Approval.objects.current_for(article.pk) is None

    with pytest.raises(FourEyesViolation, match="already approved"):
        workflow.start_review(review=review, by=reviewer)
    with pytest.raises(FourEyesViolation, match="already approved"):
        workflow.assign(review=review, to=reviewer, by=reviewer2)
    workflow.start_review(review=review, by=reviewer2)
    second = workflow.approve(review=review, by=reviewer2)
    review.refresh_from_db()
    assert second.complete and review.state == ReviewState.APPROVED
    assert Approval.objects.current_for(article.pk) == second
    assert publication.reader_page_for(article).approval == second


@override_settings(REQUIRED_APPROVALS=2)
def test_with_two_required_an_author_cannot_be_the_second_approver(editor, reviewer):
    writer = factories.make_board_member("writer", also_editor=True)
    article = factories.make_article(by=writer)
    review = workflow.submit(article=article, by=writer)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    with pytest.raises(FourEyesViolation, match="wrote some of the changes"):
        workflow.start_review(review=review, by=writer)


def test_with_the_default_one_approval_is_enough(article, editor, reviewer):
    approval = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    assert approval.complete and approval.is_live
    assert Approval.objects.current_for(article.pk) == approval


# --- scheduled go-live ---------------------------------------------------------------


def test_a_scheduled_approval_goes_live_only_when_publish_due_runs_after_its_time(article, editor, reviewer, reviewer2):
    first = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    factories.edit_article(article, editor, "A newer summary.")
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer2)
    at = timezone.now() + datetime.timedelta(hours=2)
    scheduled = workflow.approve(review=review, by=reviewer2, go_live_at=at)
    assert scheduled.is_scheduled and not scheduled.is_live
    assert publication.reader_page_for(article).approval == first  # readers keep the previous revision

    assert workflow.publish_due(now=at - datetime.timedelta(minutes=1)) == []  # not yet
    assert publication.reader_page_for(article).approval == first
    # Its time has passed, but readers still get the old one until the command runs.
    assert Approval.objects.current_for(article.pk) == first

    done = workflow.publish_due(now=at + datetime.timedelta(minutes=1))
    assert [(a.pk, outcome) for a, outcome in done] == [(scheduled.pk, "published")]
    assert publication.reader_page_for(article).approval == scheduled
    assert workflow.publish_due(now=at + datetime.timedelta(minutes=2)) == []  # idempotent
    assert review.events.last().action == "published"


def test_only_the_approver_or_a_site_admin_may_reschedule(article, editor, reviewer, reviewer2, site_admin):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    approval = workflow.approve(review=review, by=reviewer, go_live_at=timezone.now() + datetime.timedelta(days=1))
    later = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(NotPermitted):
        workflow.schedule(approval=approval, by=reviewer2, go_live_at=later)
    workflow.schedule(approval=approval, by=site_admin, go_live_at=later)
    approval.refresh_from_db()
    assert approval.go_live_at == later
    workflow.schedule(approval=approval, by=reviewer, go_live_at=None)  # publish now
    approval.refresh_from_db()
    assert approval.is_live
    assert publication.reader_page_for(article).approval == approval
    with pytest.raises(IllegalTransition, match="already live"):
        workflow.schedule(approval=approval, by=reviewer, go_live_at=later)


def test_a_time_in_the_past_publishes_at_once(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    approval = workflow.approve(review=review, by=reviewer, go_live_at=timezone.now() - datetime.timedelta(hours=1))
    assert approval.is_live


def test_approving_a_revision_that_disagrees_with_the_library_needs_a_recorded_reason(editor, reviewer, reviewer2):
    import dataclasses

    from articles.content import ArticleFields, Entry, Tier
    from review.exceptions import LibraryConflict
    from review.revisions import revision_update

    factories.approved_article(editor, reviewer)  # leg cramps: DVT with emergency signs
    other = factories.make_article(by=editor, slug="leg-swelling", condition="Leg swelling", title="Leg swelling")
    fields = ArticleFields.of(other)
    dvt_today = Entry(name="DVT", clinical="A clot.", today_signs=("A swollen, painful calf",))
    document = dataclasses.replace(fields.document, tiers={**fields.document.tiers, Tier.DO_NOT_MISS: (dvt_today,)})
    revision_update(article=other, fields=dataclasses.replace(fields, document=document), by=editor, reason="DVT")
    review = workflow.submit(article=other, by=editor)
    workflow.start_review(review=review, by=reviewer2)
    with pytest.raises(LibraryConflict) as refused:
        workflow.approve(review=review, by=reviewer2)
    assert "leg-cramps" in str(refused.value)
    assert not Approval.objects.filter(review=review).exists()
    approval = workflow.approve(review=review, by=reviewer2, library_override="Same-day is right for a calf alone.")
    assert "Approved over 1 library conflict: Same-day is right for a calf alone." in approval.comment


def test_an_assignment_that_crosses_another_is_refused_and_changes_nothing(
    article, editor, reviewer, reviewer2, site_admin
):
    from review.exceptions import StaleAssignment

    review = workflow.submit(article=article, by=editor)
    seen = ""  # both looked at the waiting review, with nobody assigned
    workflow.assign(review=review, to=reviewer, by=site_admin, seen_assignee_id=seen)
    with pytest.raises(StaleAssignment, match="now assigned to"):
        workflow.assign(review=review, to=reviewer2, by=reviewer, seen_assignee_id=seen)
    review.refresh_from_db()
    assert review.assignee == reviewer
    with pytest.raises(StaleAssignment):
        workflow.release(review=review, by=site_admin, seen_assignee_id=seen)
    workflow.release(review=review, by=site_admin, seen_assignee_id=reviewer.pk)
    review.refresh_from_db()
    assert review.assignee is None
