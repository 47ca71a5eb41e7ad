"""manage.py add_board_member (review/management/commands/add_board_member.py)."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article
from review import workflow
from review.models import BoardMember
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
    assert workflow.can_submit(user) and workflow.active_board_member(user) is not None
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
    assert not workflow.can_start(review, user)
    assert Article.objects.count() == 1
