import csv
import datetime
import io
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from review import rereview, selectors, workflow
from review.exceptions import WorkflowError
from review.models import Approval, ApprovalKind, Review, ReviewComment, ReviewState
from tests import factories
from tests.helpers import text_of


@pytest.fixture
def board_client(client, reviewer):
    client.force_login(reviewer)
    return client


# --- the queue -----------------------------------------------------------------------


def test_queue_lists_waiting_revisions_oldest_first_with_how_long_they_waited(board_client, editor):
    for slug in ("b-second", "a-first"):
        article = factories.make_article(by=editor, slug=slug, title=f"Article {slug}", condition=slug)
        workflow.submit(article=article, by=editor)
    text = text_of(board_client.get("/review/"))
    waiting = text.split("Waiting for a reviewer")[1].split("I am reviewing")[0]
    assert waiting.index("Article b-second") < waiting.index("Article a-first")  # submitted first, listed first
    assert "Editor Writer" in waiting
    assert "Waiting (days)" in waiting
    Review.objects.filter(article__slug="b-second").update(submitted_at=timezone.now() - datetime.timedelta(days=3))
    row = text_of(board_client.get("/review/")).split("Article b-second")[1].split("Article a-first")[0]
    assert row.strip().endswith(" 3")  # its age in days


def test_queue_filters_by_title_or_condition_and_paginates(board_client, editor):
    for n in range(25):
        article = factories.make_article(by=editor, slug=f"a-{n:02}", title=f"Topic {n:02}", condition=f"c{n:02}")
        workflow.submit(article=article, by=editor)
    first = text_of(board_client.get("/review/"))
    assert "Topic 00" in first and "Topic 24" not in first and "Page 1 of 2" in first
    assert "Topic 24" in text_of(board_client.get("/review/?waiting=2"))
    filtered = text_of(board_client.get("/review/?q=c07"))
    assert "Topic 07" in filtered and "Topic 08" not in filtered


def test_my_reviews_and_recent_decisions_are_listed(board_client, editor, reviewer):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    text = text_of(board_client.get("/review/"))
    assert "I am reviewing Differential Diagnosis for Leg Cramps" in text
    workflow.request_changes(review=review, by=reviewer, comment="Fix.")
    assert "changes requested by Amara Okafor" in text_of(board_client.get("/review/"))


@override_settings(REVIEW_INTERVAL_MONTHS=0)
def test_approved_articles_due_for_re_review_are_listed_and_can_be_reconfirmed(board_client, editor, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    text = text_of(board_client.get("/review/"))
    assert "Due for re-review" in text and "last reviewed" in text
    response = board_client.post(reverse("review:reconfirm", kwargs={"slug": article.slug}), follow=True)
    assert "re-confirmed" in response.content.decode()
    newest = Approval.objects.filter(article=article).order_by("-approved_at").first()
    assert newest.kind == ApprovalKind.RECONFIRMED
    assert newest.revision == article.latest_revision()
    assert article.history.count() == 1  # no new revision
    # Readers see the new "last reviewed" line.
    assert "Reviewed by Amara Okafor, MD, FACP" in text_of(board_client.get(f"/articles/{article.slug}/"))


def test_a_changed_article_cannot_be_reconfirmed(editor, reviewer, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    factories.edit_article(article, editor, "Changed after approval.")
    with pytest.raises(workflow.StaleRevision):
        workflow.reconfirm(article=article, by=reviewer)


def test_reconfirming_moves_the_next_review_date(editor, reviewer, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    first = Approval.objects.get(article=article)
    # The approval was made a year ago and is due today.
    year_ago = first.approved_at.replace(year=first.approved_at.year - 1)
    Approval.objects.filter(pk=first.pk).update(approved_at=year_ago, next_review_due=first.approved_at.date())
    again = workflow.reconfirm(article=article, by=reviewer)
    assert again.next_review_due == rereview.add_months(again.approved_at.date(), 12)
    assert again.next_review_due > first.approved_at.date()
    from review.publication import reader_page

    assert reader_page(slug=article.slug).approval == again  # "last reviewed" moves to the re-confirmation


# --- the review screen --------------------------------------------------------------


def test_review_shows_the_diff_against_the_approved_revision(board_client, editor, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    factories.edit_article(article, editor, "Sudden painful calf contractions.")
    review = workflow.submit(article=article, by=editor)
    html = board_client.get(review.get_absolute_url()).content.decode()
    assert "What changed since the approved revision" in html
    assert '<ins class="diff-ins"><span class="visually-hidden">added: </span>calf</ins>' in html


def test_review_of_a_never_approved_article_shows_the_whole_article(board_client, editor):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    text = text_of(board_client.get(review.get_absolute_url()))
    assert "The whole article" in text
    assert "Can present with calf pain; risk of pulmonary embolism." in text
    assert "Allen RE, Kirby KA. Nocturnal leg cramps." in text  # references
    # A full preview for each audience is one click away.
    html = board_client.get(review.get_absolute_url()).content.decode()
    assert 'href="/editor/articles/leg-cramps/revisions/1/?audience=patient"' in html


def test_the_checklist_says_what_is_missing(board_client, editor):
    # factories: "Amyloidosis" has no plain text; the DVT entry has warning signs; one reference.
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    text = text_of(board_client.get(review.get_absolute_url()))
    assert "Not done: Every diagnosis has a text for: plain language (patient) Missing for: Amyloidosis" in text
    assert "Not done: Every diagnosis has a text for: caregiver or family" in text
    assert "Done: Every Do Not Miss diagnosis says when to get emergency help" in text
    assert "Done: The article cites references" in text
    # The factory's one reference has neither link nor identifier: readers could not check it.
    assert "Not done: Every reference has a link, a PMID or a DOI that a reader can check" in text


def test_start_approve_through_the_pages(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    board_client.post(reverse("review:start", kwargs={"pk": review.pk}))
    review.refresh_from_db()
    assert (review.state, review.assignee) == (ReviewState.UNDER_REVIEW, reviewer)
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}),
        {"seen_revision": review.revision_id, "decision-comment": "Good.", "confirmed": "1"},
        follow=True,
    )
    assert "Approved revision 1" in response.content.decode()
    assert Approval.objects.get().revision_id == review.revision_id


def test_approving_a_revision_other_than_the_one_shown_fails_with_a_message(board_client, editor, reviewer):
    article = factories.make_article(by=editor)
    old = article.latest_revision()
    factories.edit_article(article, editor, "Newer.")
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}),
        {"seen_revision": old.history_id, "confirmed": "1"},
        follow=True,
    )
    assert "not the one waiting for approval" in response.content.decode()
    assert not Approval.objects.exists()


def test_request_changes_needs_a_comment_and_keeps_the_page(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    url = reverse("review:request_changes", kwargs={"pk": review.pk})
    response = board_client.post(url, {"decision-comment": "  "})
    assert response.status_code == 400
    assert "a comment is required to request changes" in response.content.decode()
    board_client.post(url, {"decision-comment": "Add warning signs for PAD."})
    review.refresh_from_db()
    assert review.state == ReviewState.CHANGES_REQUESTED


def test_an_invalid_approval_comment_is_never_dropped_and_nothing_is_approved(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    too_long = "Checked every entry. " * 300  # 6,300 characters; the limit is 5,000
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}),
        {"seen_revision": review.revision_id, "decision-comment": too_long},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep the comment to 5000 characters" in html
    assert 'id="id_decision-comment_error"' in html  # beside the field
    assert too_long.strip() in html  # the text is kept
    assert not Approval.objects.exists()
    review.refresh_from_db()
    assert review.state == ReviewState.UNDER_REVIEW


def test_an_invalid_request_changes_comment_is_shown_beside_the_field(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    response = board_client.post(
        reverse("review:request_changes", kwargs={"pk": review.pk}), {"decision-comment": "x" * 6000}
    )
    assert response.status_code == 400
    assert 'id="id_decision-comment_error"' in response.content.decode()
    review.refresh_from_db()
    assert review.state == ReviewState.UNDER_REVIEW


@override_settings(REVIEW_INTERVAL_MONTHS=0)
def test_an_invalid_reconfirm_comment_reshows_the_confirmation_and_reconfirms_nothing(board_client, editor, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    url = reverse("review:reconfirm", kwargs={"slug": article.slug})
    assert "Re-confirm unchanged" in board_client.get(url).content.decode()  # the confirmation step
    response = board_client.post(url, {"decision-comment": "Still accurate. " * 400})
    assert response.status_code == 400
    assert "Still accurate. Still accurate." in response.content.decode()
    assert Approval.objects.filter(article=article).count() == 1


@override_settings(REVIEW_INTERVAL_MONTHS=0)
def test_reconfirm_with_a_newer_draft_offers_the_way_forward_not_a_dead_end(board_client, editor, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    factories.edit_article(article, editor, "A newer draft.")
    text = text_of(board_client.get(reverse("review:reconfirm", kwargs={"slug": article.slug})))
    assert "has a newer draft (revision 2) that nobody has submitted" in text
    assert "Compare with approved" in text
    assert "Re-confirm unchanged" not in text.replace("Re-confirm “", "")


def test_a_board_member_who_wrote_changes_sees_why_they_cannot_approve(client, editor):
    both = factories.make_board_member("writer-reviewer", also_editor=True)
    article = factories.make_article(by=both)
    review = workflow.submit(article=article, by=both)
    client.force_login(both)
    text = text_of(client.get(review.get_absolute_url()))
    assert "You cannot review this revision: you wrote some of the changes it contains" in text
    assert "Start review" not in text
    response = client.post(reverse("review:start", kwargs={"pk": review.pk}), follow=True)
    assert "another board member must review it" in response.content.decode()
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED


# --- comments ----------------------------------------------------------------------


def test_reviewers_and_editors_comment_in_order_optionally_on_one_entry(client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    url = reverse("review:comment", kwargs={"pk": review.pk})
    client.force_login(reviewer)
    client.post(url, {"comment-body": "Cite a guideline <b>here</b>.", "comment-entry_name": "Dehydration"})
    client.force_login(editor)
    client.post(url, {"comment-body": "Added NICE NG158.", "comment-entry_name": ""})
    comments = list(ReviewComment.objects.order_by("created_at"))
    assert [(c.author, c.entry_name) for c in comments] == [(reviewer, "Dehydration"), (editor, "")]
    html = client.get(review.get_absolute_url()).content.decode()
    assert "Cite a guideline &lt;b&gt;here&lt;/b&gt;." in html
    assert "about <em>Dehydration</em>" in html
    assert html.index("Cite a guideline") < html.index("Added NICE NG158.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"comment-body": "", "comment-entry_name": ""}, "This field is required."),
        ({"comment-body": "x", "comment-entry_name": "Not an entry"}, "Select a valid choice."),
        ({"comment-body": "x" * 5001, "comment-entry_name": ""}, "at most 5000 characters"),
    ],
)
def test_bad_comments_get_a_message_and_keep_the_text(board_client, editor, data, message):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    response = board_client.post(reverse("review:comment", kwargs={"pk": review.pk}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReviewComment.objects.exists()


# --- notifications ---------------------------------------------------------------------


def test_board_members_are_told_of_a_submission(editor, reviewer, reviewer2, django_capture_on_commit_callbacks):
    reviewer.email, reviewer2.email, editor.email = "r1@example.org", "r2@example.org", "ed@example.org"
    for user in (reviewer, reviewer2, editor):
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["r1@example.org", "r2@example.org"]
    assert f"/review/{review.pk}/" in mail.outbox[0].body


def test_the_author_is_told_of_the_decision_with_the_comment(editor, reviewer, django_capture_on_commit_callbacks):
    editor.email = "ed@example.org"
    editor.save()
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(review=review, by=reviewer, comment="Add PAD warning signs.")
    assert mail.outbox[-1].to == ["ed@example.org"]
    assert "returned with requested changes" in mail.outbox[-1].body
    assert "Add PAD warning signs." in mail.outbox[-1].body


def test_the_assignee_is_told_when_their_review_is_superseded(editor, reviewer, django_capture_on_commit_callbacks):
    reviewer.email = "r1@example.org"
    reviewer.save()
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        factories.edit_article(article, editor, "Newer.")
    assert mail.outbox[-1].to == ["r1@example.org"]
    assert "superseded" in mail.outbox[-1].subject


class BrokenMailServer:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@override_settings(EMAIL_BACKEND="tests.review.test_board_pages.BrokenMailServer")
def test_a_mail_failure_is_logged_and_never_loses_the_transition(
    editor, reviewer, caplog, django_capture_on_commit_callbacks
):
    reviewer.email = "r1@example.org"
    reviewer.save()
    with (
        caplog.at_level(logging.ERROR, logger="review.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    assert Review.objects.get(pk=review.pk).state == ReviewState.SUBMITTED
    assert "Could not send review e-mail" in caplog.text


# --- audit trail -------------------------------------------------------------------------


def test_audit_page_and_csv_export_list_every_transition_and_approval(client, editor, reviewer, tmp_path):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.request_changes(review=review, by=reviewer, comment="More refs.")
    factories.edit_article(article, editor, "More refs added.")
    review2 = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review2, by=reviewer)
    workflow.approve(review=review2, by=reviewer, comment="Good.")

    client.force_login(editor)
    text = text_of(client.get(reverse("review:audit", kwargs={"slug": article.slug})))
    assert "Under review Changes requested More refs." in text
    assert "Approved after review" in text

    out = tmp_path / "audit.csv"
    call_command("export_audit", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [
        (r["actor"], r["from_state"], r["to_state"], r["revision"]) for r in rows if r["action"] == "transition"
    ] == [
        ("editor", "", "Submitted", "1"),
        ("reviewer", "Submitted", "Under review", "1"),
        ("reviewer", "Under review", "Changes requested", "1"),
        ("editor", "", "Submitted", "2"),
        ("reviewer", "Submitted", "Under review", "2"),
        ("reviewer", "Under review", "Approved", "2"),
    ]
    approvals = [r for r in rows if r["action"] == "Approved after review"]
    assert len(approvals) == 1 and approvals[0]["comment"] == "Good."


def test_export_audit_for_an_unknown_article_is_a_clear_error(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No article"):
        call_command("export_audit", "--article", "nope")


# --- assigning, approvals needed, go-live -----------------------------------------------


def test_a_site_admin_reassigns_a_review_from_its_screen(client, editor, reviewer, reviewer2, site_admin):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    client.force_login(site_admin)
    text = text_of(client.get(review.get_absolute_url()))
    assert "Reassign this review" in text and "Release this review" in text
    response = client.post(reverse("review:assign", kwargs={"pk": review.pk}), {"assign-assignee": reviewer2.pk})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.assignee == reviewer2
    text = text_of(client.get(review.get_absolute_url()))
    assert f"Assigned to {reviewer2}" in text  # the review's history says so


def test_assigning_to_nobody_or_an_author_is_refused_beside_the_field(client, editor, reviewer, site_admin):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    client.force_login(site_admin)
    url = reverse("review:assign", kwargs={"pk": review.pk})
    response = client.post(url, {"assign-assignee": ""})
    assert response.status_code == 400
    assert "Choose the board member to give this review to." in text_of(response)
    response = client.post(url, {"assign-assignee": editor.pk})  # not a board member
    assert response.status_code == 400
    assert "Choose someone from the list" in text_of(response)
    review.refresh_from_db()
    assert review.assignee is None


def test_editors_cannot_assign_or_release(client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    client.force_login(editor)
    assert (
        client.post(reverse("review:assign", kwargs={"pk": review.pk}), {"assign-assignee": reviewer.pk}).status_code
        == 403
    )
    assert client.post(reverse("review:release", kwargs={"pk": review.pk})).status_code == 403
    assert "Assign this review" not in text_of(client.get(review.get_absolute_url()))


def test_the_reviewer_releases_their_review_back_to_the_queue(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    response = board_client.post(reverse("review:release", kwargs={"pk": review.pk}), follow=True)
    assert "back in the queue" in text_of(response)
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED


@override_settings(REQUIRED_APPROVALS=2)
def test_the_review_screen_says_how_many_approvals_it_has(board_client, client, editor, reviewer, reviewer2):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    assert "0 of 2 approvals" in text_of(board_client.get(review.get_absolute_url()))
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}),
        {"seen_revision": review.revision_id, "confirmed": "1"},
        follow=True,
    )
    text = text_of(response)
    assert "1 of 2 approvals" in text
    assert "back in the queue for a different board member" in text
    assert "Start review" not in text  # the first approver cannot give the second approval


def test_a_scheduled_approval_says_when_it_goes_live(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}),
        {"seen_revision": review.revision_id, "decision-go_live_at": "2099-01-01T09:00"},
    )
    assert response.status_code == 400  # more than a year ahead
    assert "Choose a time within 366 days." in text_of(response)
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}),
        {"seen_revision": review.revision_id, "decision-go_live_at": "2000-01-01T09:00"},
    )
    assert "Choose a time in the future" in text_of(response)
    when = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=9, minute=30)
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}),
        {"seen_revision": review.revision_id, "decision-go_live_at": when.strftime("%Y-%m-%dT%H:%M"), "confirmed": "1"},
        follow=True,
    )
    text = text_of(response)
    assert f"Goes live on {when:%-d %b %Y}, 09:30" in text
    assert "readers keep the previous approved version" in text
    assert "Change go-live time" in text


def test_changing_the_go_live_time_or_publishing_now_needs_the_confirmation_step(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    when = timezone.now() + datetime.timedelta(days=3)
    workflow.approve(review=review, by=reviewer, seen_revision=review.revision, go_live_at=when)
    url = reverse("review:schedule", kwargs={"pk": review.pk})

    # "Change go-live time" with the field empty (what Enter in it sends) only asks.
    response = board_client.post(url, {"schedule-go_live_at": ""})
    assert response.status_code == 200
    text = text_of(response)
    assert "Publish now?" in text and "Readers get revision 1 as soon as you confirm." in text
    approval = review.approvals.get()
    assert approval.published_at is None and approval.go_live_at == when

    later = (timezone.localtime() + datetime.timedelta(days=5)).replace(hour=8, minute=15, second=0, microsecond=0)
    response = board_client.post(url, {"schedule-go_live_at": later.strftime("%Y-%m-%dT%H:%M")})
    assert f"Readers get revision 1 on {later:%-d %B %Y} at 08:15" in text_of(response)
    assert review.approvals.get().go_live_at == when  # still unchanged

    response = board_client.post(url, {"schedule-go_live_at": "", "confirmed": "1"}, follow=True)
    assert "Published: readers now get this revision." in text_of(response)
    assert review.approvals.get().published_at is not None


def test_the_schedule_confirmation_refuses_a_review_with_nothing_scheduled(board_client, editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    response = board_client.post(reverse("review:schedule", kwargs={"pk": review.pk}), {"schedule-go_live_at": ""})
    assert response.status_code == 302
    assert "no scheduled approval to change" in text_of(board_client.get(response.headers["Location"]))


def _long_history(article, editor, reviewer, reviews):
    """`reviews` reviews of `article`, each started and sent back: three events each."""
    for n in range(reviews):
        if article.reviews.exists():
            factories.edit_article(article, editor, f"Summary {n}.")
        review = workflow.submit(article=article, by=editor)
        workflow.start_review(review=review, by=reviewer)
        workflow.request_changes(review=review, by=reviewer, comment=f"Round {n}")


def test_the_audit_page_is_paginated_newest_first(board_client, editor, reviewer):
    article = factories.make_article(by=editor)
    _long_history(article, editor, reviewer, 10)  # 30 events: two pages of 25
    url = reverse("review:audit", kwargs={"slug": article.slug})
    first = text_of(board_client.get(url))
    assert "Page 1 of 2" in first
    assert "Round 9" in first and "Round 0" not in first  # newest first
    second = text_of(board_client.get(url + "?page=2"))
    assert "Round 0" in second and "Round 9" not in second


def test_the_audit_page_filters_and_its_csv_download_follows_the_filter(board_client, editor, reviewer, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    _long_history(article, editor, reviewer, 1)
    url = reverse("review:audit", kwargs={"slug": article.slug})
    html = board_client.get(url + "?kind=approvals").content.decode()
    assert f'href="{reverse("review:audit_csv", kwargs={"slug": article.slug})}?kind=approvals"' in html
    text = text_of(board_client.get(url + "?kind=approvals"))
    assert "Approved after review" in text and "Round 0" not in text

    response = board_client.get(reverse("review:audit_csv", kwargs={"slug": article.slug}) + "?kind=approvals")
    assert response["Content-Type"].startswith("text/csv")
    assert f"audit-{article.slug}-approvals.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "article" and len(rows) == 2 and rows[1][3] == "Approved after review"

    everything = list(
        csv.reader(
            io.StringIO(board_client.get(reverse("review:audit_csv", kwargs={"slug": article.slug})).content.decode())
        )
    )
    assert len(everything) > len(rows) and any(row[7] == "Round 0" for row in everything)


def test_an_unknown_audit_filter_shows_everything(board_client, editor, reviewer):
    article = factories.make_article(by=editor)
    _long_history(article, editor, reviewer, 1)
    response = board_client.get(reverse("review:audit", kwargs={"slug": article.slug}) + "?kind=<script>&page=999")
    assert response.status_code == 200
    assert "Round 0" in text_of(response)


def test_readers_and_anonymous_visitors_get_no_audit_csv(client, reader_user, editor):
    article = factories.make_article(by=editor)
    url = reverse("review:audit_csv", kwargs={"slug": article.slug})
    assert client.get(url).status_code == 302
    client.force_login(reader_user)
    assert client.get(url).status_code == 404


# --- re-confirm when the text has moved on, and wording -------------------------------------


def _overdue(article):
    Approval.objects.filter(article=article).update(next_review_due=timezone.localdate() - datetime.timedelta(days=1))


def test_an_overdue_article_with_a_newer_draft_offers_submitting_it_not_a_reconfirm(
    client, editor, reviewer, reviewer2
):
    member_and_editor = factories.make_board_member("both", also_editor=True, name=("Both", "Roles"))
    article = factories.approved_article(editor, reviewer2)
    _overdue(article)
    factories.edit_article(article, editor, "A draft nobody submitted.")
    client.force_login(reviewer)
    queue = text_of(client.get("/review/"))
    assert "A newer draft (revision 2) is not submitted" in queue
    page = text_of(client.get(reverse("review:reconfirm", kwargs={"slug": article.slug})))
    assert "newer draft (revision 2) that nobody has submitted" in page
    assert "Re-confirm unchanged" not in page and "Submit the draft for review" not in page  # not an editor
    client.force_login(member_and_editor)
    html = client.get(reverse("review:reconfirm", kwargs={"slug": article.slug})).content.decode()
    assert "Submit the draft for review" in html
    assert f'action="{reverse("editor:submit", kwargs={"slug": article.slug})}"' in html


def test_an_overdue_article_with_a_submitted_revision_links_to_its_review(board_client, editor, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    _overdue(article)
    factories.edit_article(article, editor, "Submitted update.")
    review = workflow.submit(article=article, by=editor)
    assert "Review the submitted revision 2" in text_of(board_client.get("/review/"))
    page = board_client.get(reverse("review:reconfirm", kwargs={"slug": article.slug})).content.decode()
    assert f'href="{review.get_absolute_url()}"' in page
    assert "Re-confirm unchanged" not in page


def test_refusals_read_as_sentences(editor, reviewer, reviewer2):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.request_changes(review=review, by=reviewer, comment="Add a reference.")
    with pytest.raises(WorkflowError) as refused:
        workflow.start_review(review=review, by=reviewer2)
    assert str(refused.value) == "This review is already decided: the board asked for changes; it cannot be started."
    with pytest.raises(WorkflowError) as refused:
        workflow.approve(review=review, by=reviewer)
    assert str(refused.value) == "This review is already decided: the board asked for changes."


@override_settings(REQUIRED_APPROVALS=2)
def test_a_first_of_two_approvals_is_not_listed_as_recently_approved(editor, reviewer):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    assert Approval.objects.filter(review=review).exists()
    assert not selectors.recent_approvals().exists()


def test_on_the_due_day_the_queue_says_overdue_as_the_reader_page_does(board_client, editor, reviewer2):
    article = factories.approved_article(editor, reviewer2)
    Approval.objects.filter(article=article).update(next_review_due=timezone.localdate())
    assert "overdue since" in text_of(board_client.get("/review/"))
    assert "Review overdue since" in text_of(Client().get(f"/articles/{article.slug}/"))


@override_settings(REVIEW_DUE_SOON_DAYS=45, REVIEW_INTERVAL_MONTHS=6)
def test_the_review_cycle_on_pages_is_the_one_the_settings_give(board_client, editor, reviewer2):
    factories.approved_article(editor, reviewer2)
    assert "due within 45 days" in text_of(board_client.get("/review/"))
    assert "due for review again 6 months after its approval" in text_of(Client().get("/editorial-policy/"))


def test_approve_first_shows_what_goes_live_and_decides_nothing_until_confirmed(board_client, editor, reviewer):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    url = reverse("review:approve", kwargs={"pk": review.pk})
    # Enter in the go-live field submits the form with its first button, Approve: a confirmation, no decision.
    response = board_client.post(url, {"seen_revision": review.revision_id, "decision-comment": "Checked."})
    assert response.status_code == 200
    text = text_of(response)
    assert "Confirm your approval" in text and "revision 1" in text
    assert "Readers get this revision as soon as you confirm." in text and "never been approved" in text
    assert not Approval.objects.exists() and Review.objects.get(pk=review.pk).state == ReviewState.UNDER_REVIEW
    html = response.content.decode()
    assert 'name="confirmed" value="1"' in html and 'name="decision-comment" value="Checked."' in html
    board_client.post(url, {"seen_revision": review.revision_id, "decision-comment": "Checked.", "confirmed": "1"})
    assert Approval.objects.get().comment == "Checked."


def test_the_confirmation_is_refused_to_a_member_who_may_not_decide(board_client, editor, reviewer2):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer2)  # someone else's review
    response = board_client.post(
        reverse("review:approve", kwargs={"pk": review.pk}), {"seen_revision": review.revision_id}, follow=True
    )
    assert "Confirm your approval" not in text_of(response)
    assert "Only the board member this review is assigned to" in text_of(response)
