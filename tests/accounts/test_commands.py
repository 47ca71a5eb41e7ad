"""manage.py grant_role and revoke_role (accounts/management/commands/)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from review import permissions, workflow
from review.models import BoardMember
from tests import factories


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # no cached permissions


def test_grant_and_revoke_the_editor_role(db):
    user = factories.make_user("writer")
    run("grant_role", "writer", "editor")
    assert permissions.can_submit(fresh(user))
    run("revoke_role", "writer", "editor")
    assert not permissions.can_submit(fresh(user))


def test_the_board_role_needs_a_profile_so_no_half_member_exists(db):
    factories.make_user("someone")
    with pytest.raises(CommandError, match="add_board_member"):
        run("grant_role", "someone", "board")
    assert not fresh(get_user_model().objects.get(username="someone")).groups.exists()


def test_revoking_the_board_role_retires_the_member_and_granting_brings_them_back(client, reviewer, editor, article):
    run("revoke_role", "reviewer", "board")
    member = BoardMember.objects.get(user=reviewer)
    assert not member.active  # kept: past approvals name the member
    assert permissions.active_board_member(fresh(reviewer)) is None
    assert "Okafor" not in client.get("/board/").content.decode()
    review = workflow.submit(article=article, by=editor)
    assert not permissions.can_start(review, fresh(reviewer))

    run("grant_role", "reviewer", "Medical Advisory Board")
    assert permissions.can_start(review, fresh(reviewer))
    assert "Okafor" in client.get("/board/").content.decode()


def test_revoking_the_board_role_names_the_reviews_left_started(reviewer, editor, article):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    assert f"review {review.pk}" in run("revoke_role", "reviewer", "board")


def test_a_site_admin_reaches_the_django_admin_only_while_they_have_the_role(client, db):
    user = factories.make_user("operator")
    run("grant_role", "operator", "site-admin")
    client.force_login(fresh(user))
    assert client.get("/admin/").status_code == 200
    run("revoke_role", "operator", "site-admin")
    assert not fresh(user).is_staff
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(("args", "message"), [(("nobody", "editor"), "No user"), (("x", "wizard"), "Unknown role")])
def test_mistakes_are_named(db, args, message):
    factories.make_user("x")
    with pytest.raises(CommandError, match=message):
        run("grant_role", *args)
