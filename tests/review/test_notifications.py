"""Review e-mails (review/notifications.py): to the right people, after the commit, never losing a transition."""

import pytest
from django.core import mail
from django.db import transaction

from review import workflow
from review.models import Review, ReviewState
from tests import factories


@pytest.fixture
def addressed(editor, reviewer, reviewer2):
    for user in (editor, reviewer, reviewer2):
        user.email = f"{user.username}@example.org"
        user.save()


def test_a_submission_mails_every_active_board_member_but_never_before_the_commit(
    addressed, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        review = workflow.submit(article=factories.make_article(by=editor), by=editor)
        assert mail.outbox == []  # nothing leaves while the transaction could still roll back
    assert callbacks
    (message,) = mail.outbox
    assert sorted(message.to) == ["reviewer2@example.org", "reviewer@example.org"]
    assert f"/review/{review.pk}/" in message.body


def test_a_rolled_back_submission_sends_nothing(addressed, editor, django_capture_on_commit_callbacks):
    article = factories.make_article(by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                workflow.submit(article=article, by=editor)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Review.objects.exists()


def test_a_decision_mails_the_submitter(addressed, editor, reviewer, django_capture_on_commit_callbacks):
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    workflow.start_review(review=review, by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(review=review, by=reviewer, comment="Add the references.")
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert "Add the references." in mail.outbox[0].body


def test_a_mail_server_failure_is_logged_and_the_transition_stands(
    addressed, editor, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    assert Review.objects.get(pk=review.pk).state == ReviewState.SUBMITTED
    assert "Could not send review e-mail" in caplog.text
