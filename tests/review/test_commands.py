"""The review app's commands: add_board_member, publish_due, send_review_reminders."""

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article
from review import permissions, publication, workflow
from review.models import Approval, BoardMember, ReviewReminder
from tests import factories

ANA = {
    "first_name": "Ana",
    "last_name": "Silva",
    "email": "ana@example.org",
    "credentials": "MD, PhD",
    "specialty": "Neurology",
    "bio": "Consultant neurologist.",
}


def fresh_ana():
    return get_user_model().objects.get(username="ana")


def add(username="ana", **options):
    out = io.StringIO()
    call_command("add_board_member", username, stdout=out, **{**ANA, **options})
    return out.getvalue()


def test_a_new_member_can_start_a_review_at_once(client, editor, article):
    add(password="a-long-board-password-7")
    ana = get_user_model().objects.get(username="ana")
    review = workflow.submit(article=article, by=editor)
    client.force_login(ana)
    queue = client.get("/review/")
    assert queue.status_code == 200
    detail = client.get(f"/review/{review.pk}/").content.decode()
    assert "Start review" in detail
    workflow.start_review(review=review, by=ana)
    assert "Ana Silva, MD, PhD" in client.get("/board/").content.decode()
    assert fresh_ana().check_password("a-long-board-password-7")


def test_without_a_password_the_member_gets_a_link_to_set_one(client, db):
    out = add(no_password=True)
    ana = get_user_model().objects.get(username="ana")
    assert not ana.has_usable_password()
    link = re.search(r"(http://\S+/accounts/reset/\S+/)", out).group(1)
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]  # Django's own password-reset page accepts it
    assert 'name="new_password1"' in response.content.decode()


def test_the_profile_holds_what_readers_see(db):
    add(password="a-long-board-password-7")
    member = BoardMember.objects.get(user__username="ana")
    assert (member.credentials, member.specialty, member.bio, member.active) == (
        "MD, PhD",
        "Neurology",
        "Consultant neurologist.",
        True,
    )
    assert member.user.email == "ana@example.org"
    assert not member.user.is_staff  # the Django admin is for site admins


def test_a_weak_password_leaves_nothing_behind(db):
    with pytest.raises(CommandError, match="Password refused"):
        add(password="123")
    assert not get_user_model().objects.filter(username="ana").exists()
    assert not BoardMember.objects.exists()


def test_a_new_member_needs_a_name(db):
    with pytest.raises(CommandError, match="--first-name and --last-name"):
        call_command("add_board_member", "ana", credentials="MD", specialty="Neurology", no_password=True)


def test_an_editor_can_become_a_member_too_and_keeps_their_password(editor):
    add("editor", credentials="RN", specialty="Nursing", first_name=None, last_name=None, email=None, bio=None)
    user = get_user_model().objects.get(username="editor")
    assert user.check_password(factories.PASSWORD)
    assert permissions.can_submit(user) and permissions.active_board_member(user) is not None
    assert user.get_full_name() == "Editor Writer"


def test_running_it_again_updates_the_profile(db):
    add(password="a-long-board-password-7")
    add(credentials="MD, PhD, FRCP", bio=None)
    member = BoardMember.objects.get(user__username="ana")
    assert (member.credentials, member.bio) == ("MD, PhD, FRCP", "Consultant neurologist.")
    assert BoardMember.objects.count() == 1


def test_a_member_does_not_review_their_own_changes(editor):
    # Adding a member changes none of the workflow's rules: four eyes still hold.
    add("editor", credentials="RN", specialty="Nursing", first_name=None, last_name=None, email=None, bio=None)
    user = get_user_model().objects.get(username="editor")
    article = factories.make_article(by=user)
    review = workflow.submit(article=article, by=user)
    assert not permissions.can_start(review, user)
    assert Article.objects.count() == 1


# --- publish_due and send_review_reminders (cron) ---------------------------------------


def _scheduled(article, editor, reviewer, *, hours=2):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    at = timezone.now() + datetime.timedelta(hours=hours)
    return workflow.approve(review=review, by=reviewer, go_live_at=at)


def _run(name) -> str:
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_publish_due_publishes_only_what_is_due_and_says_so(editor, reviewer, article):
    approval = _scheduled(article, editor, reviewer)
    assert "Nothing due" in _run("publish_due")
    assert publication.reader_page_for(article) is not None and not publication.reader_page_for(article).is_approved
    # Its time comes (the clock is not ours to move, so the schedule is moved back instead).
    Approval.objects.filter(pk=approval.pk).update(go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    output = _run("publish_due")
    assert f"{article.slug}: revision 1 published" in output
    assert publication.reader_page_for(article).approval == approval
    assert "Nothing due" in _run("publish_due")  # a second run does nothing


def _due(article, editor, reviewer, days):
    approval = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    Approval.objects.filter(pk=approval.pk).update(next_review_due=timezone.localdate() + datetime.timedelta(days=days))
    return approval


def test_send_review_reminders_mails_the_board_once_per_due_article(editor, reviewer, reviewer2):
    reviewer.email, reviewer2.email = "r1@example.org", "r2@example.org"
    reviewer.save()
    reviewer2.save()
    overdue = factories.make_article(by=editor, slug="overdue-one", title="Overdue one")
    soon = factories.make_article(by=editor, slug="due-soon", title="Due soon")
    later = factories.make_article(by=editor, slug="due-later", title="Due later")
    _due(overdue, editor, reviewer, -3)
    _due(soon, editor, reviewer, 10)
    _due(later, editor, reviewer, 200)
    mail.outbox.clear()
    output = _run("send_review_reminders")
    assert "overdue-one: reminded 2 board members" in output and "due-soon: reminded 2" in output
    assert "due-later" not in output
    assert sorted(m.subject for m in mail.outbox) == ["Re-review due: Due soon", "Re-review overdue: Overdue one"]
    assert all(sorted(m.to) == ["r1@example.org", "r2@example.org"] for m in mail.outbox)
    assert "/review/reconfirm/overdue-one/" in next(m.body for m in mail.outbox if "Overdue" in m.subject)

    assert "No reminders to send" in _run("send_review_reminders")  # nothing twice
    assert len(mail.outbox) == 2
    assert ReviewReminder.objects.count() == 2


def test_a_new_due_date_gets_a_new_reminder(editor, reviewer):
    reviewer.email = "r1@example.org"
    reviewer.save()
    article = factories.make_article(by=editor)
    approval = _due(article, editor, reviewer, 5)
    _run("send_review_reminders")
    Approval.objects.filter(pk=approval.pk).update(next_review_due=timezone.localdate() + datetime.timedelta(days=6))
    assert f"{article.slug}: reminded 1 board member " in _run("send_review_reminders")


def test_check_library_reports_a_planted_conflict_and_nothing_on_a_consistent_library(editor, reviewer):
    import dataclasses

    from django.core.management.base import CommandError

    from articles.content import ArticleFields, Entry, Tier
    from review.revisions import revision_update

    factories.approved_article(editor, reviewer)
    out = io.StringIO()
    call_command("check_library", "--latest", stdout=out)
    assert "No urgency conflicts in 1 articles." in out.getvalue()
    other = factories.make_article(by=editor, slug="leg-swelling", condition="Leg swelling", title="Leg swelling")
    fields = ArticleFields.of(other)
    dvt_today = Entry(name="DVT", clinical="A clot.", today_signs=("A swollen, painful calf",))
    document = dataclasses.replace(fields.document, tiers={**fields.document.tiers, Tier.DO_NOT_MISS: (dvt_today,)})
    revision_update(article=other, fields=dataclasses.replace(fields, document=document), by=editor, reason="DVT")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 urgency conflict"):
        call_command("check_library", "--latest", stdout=out)
    assert "“Deep vein thrombosis (DVT)”" in out.getvalue() and "leg-swelling" in out.getvalue()


def test_the_demo_library_has_no_urgency_conflict(demo):
    out = io.StringIO()
    call_command("check_library", stdout=out)  # as readers get it
    call_command("check_library", "--latest", stdout=out)
    assert out.getvalue().count("No urgency conflicts") == 2, out.getvalue()


def test_a_member_can_be_given_the_languages_they_review_in(db):
    add(password="a-long-board-password-7", languages="es, ES")
    assert fresh_ana().board_member.languages == "es" and fresh_ana().board_member.reviews_in("es")
    with pytest.raises(CommandError, match="fr is not a translation language"):
        add(languages="fr")
    assert fresh_ana().board_member.languages == "es"
