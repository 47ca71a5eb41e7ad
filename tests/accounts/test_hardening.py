"""Accounts that resist guessing and an admin that cannot escalate (web/accounts/views.py, clients.py, admin.py)."""

import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from accounts import roles
from review import permissions
from tests import factories
from web.accounts import views
from web.accounts.forms import PasswordResetForm
from web.accounts.views import RESET_MAIL_THREAD, PasswordResetView, start_in_background

LOGIN = "/accounts/login/"


def sign_in(client, username, password, address="203.0.113.9"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(AXES_FAILURE_LIMIT=5)
def test_a_brute_force_is_locked_out_after_the_configured_failures_even_with_the_right_password(client, reviewer):
    for attempt in range(5):
        response = sign_in(client, "reviewer", f"wrong-{attempt}")
        assert response.status_code in (200, 400, 429)
    response = sign_in(client, "reviewer", factories.PASSWORD)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=5)
def test_guesses_from_elsewhere_cannot_lock_a_board_member_out(client, reviewer):
    attacker, member = "198.51.100.7", "192.0.2.1"
    for _ in range(5):
        sign_in(client, "reviewer", "wrong", address=attacker)
    assert sign_in(client, "reviewer", factories.PASSWORD, address=attacker).status_code == 429
    assert sign_in(client, "reviewer", factories.PASSWORD, address=member).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_guesses_spread_over_addresses_cannot_lock_the_member_out_either(client, reviewer):
    for attempt in range(10):
        sign_in(client, "reviewer", "wrong", address=f"198.51.100.{attempt}")
    assert sign_in(client, "reviewer", factories.PASSWORD, address="192.0.2.1").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_an_address_is_paused_after_the_limit_whatever_usernames_it_tries(client, reviewer):
    for attempt in range(5):
        sign_in(client, f"guess{attempt}", "wrong")
    assert sign_in(client, "reviewer", factories.PASSWORD).status_code == 429
    assert sign_in(client, "reviewer", factories.PASSWORD, address="192.0.2.1").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_an_admin_unlocks_the_account(client, reviewer):
    for _ in range(5):
        sign_in(client, "reviewer", "wrong")
    call_command("axes_reset_username", "reviewer")
    assert sign_in(client, "reviewer", factories.PASSWORD).status_code == 302


def test_site_admins_may_see_and_clear_lockouts(site_admin):
    assert site_admin.has_perm("axes.view_accessattempt") and site_admin.has_perm("axes.delete_accessattempt")


def test_a_few_wrong_passwords_then_the_right_one_signs_in(client, reviewer):
    for _ in range(3):
        sign_in(client, "reviewer", "wrong")
    assert sign_in(client, "reviewer", factories.PASSWORD).status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_readers_do_not_share_one_question_limit(client, editor):
    from articles.models import Question
    from review import workflow

    article = factories.make_article(by=editor)
    workflow.submit(article=article, by=editor)
    for reader in range(7):  # more readers than one visitor's limit of 5
        response = client.post(
            f"/articles/{article.slug}/questions/",
            {"question": f"Question from reader {reader}?"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{reader}",
        )
        assert response.status_code == 302
    assert Question.objects.count() == 7


# --- password reset -----------------------------------------------------------------------


def reset_request(address):
    request = RequestFactory().post("/accounts/password_reset/", {"email": address})
    request._dont_enforce_csrf_checks = True
    return request


@pytest.fixture
def mail_threads(monkeypatch):
    """Every thread the reset view starts, as it starts it (web.accounts.views.start_in_background)."""
    started = []

    def recording(work, *args):
        thread = start_in_background(work, *args)
        started.append(thread)
        return thread

    monkeypatch.setattr(views, "start_in_background", recording)
    yield started
    for thread in started:
        thread.join(timeout=30)


@pytest.fixture
def slow_mail_server(monkeypatch):
    """Sending a reset mail takes until the test releases it (a slow SMTP server)."""
    release = threading.Event()
    send = PasswordResetForm.send_mail

    def slow_send(self, *args, **kwargs):
        assert release.wait(timeout=30)
        send(self, *args, **kwargs)

    monkeypatch.setattr(PasswordResetForm, "send_mail", slow_send)
    yield release
    release.set()


@pytest.mark.parametrize("known", [True, False])
def test_password_reset_answers_and_closes_before_any_mail_is_sent(editor, known, mail_threads, slow_mail_server):
    editor.email = "editor@example.org"
    editor.save()
    response = PasswordResetView.as_view()(reset_request("editor@example.org" if known else "nobody@example.org"))
    assert response.status_code == 302
    assert mail_threads == []  # the answer is made; nothing is started yet
    started = time.monotonic()
    response.close()  # the server has sent the response: the mail goes out on its own thread
    assert time.monotonic() - started < 5  # the close does not wait for the (slow) mail server
    (thread,) = mail_threads  # one thread, for a known address and an unknown one alike
    assert thread.name == RESET_MAIL_THREAD
    assert mail.outbox == []
    slow_mail_server.set()
    thread.join(timeout=30)
    assert len(mail.outbox) == (1 if known else 0)


def test_the_reset_mail_is_made_without_the_database(editor, django_assert_num_queries):
    """The request looks the address up; the thread then needs no connection of its own."""
    editor.email = "editor@example.org"
    editor.save()
    form = PasswordResetForm(data={"email": "editor@example.org"})
    assert form.is_valid()
    form.get_users("editor@example.org")
    with django_assert_num_queries(0):
        form.save(request=RequestFactory().get("/"), email_template_name="accounts/password_reset_email.html")
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_is_logged_not_raised(editor, monkeypatch, caplog, mail_threads):
    editor.email = "editor@example.org"
    editor.save()

    def refuse(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(PasswordResetForm, "save", refuse)
    response = PasswordResetView.as_view()(reset_request("editor@example.org"))
    response.close()
    (thread,) = mail_threads
    thread.join(timeout=30)
    assert "Could not send the password reset e-mail" in caplog.text


# --- the admin cannot escalate ---------------------------------------------------------------


@pytest.fixture
def admin_client_of(client, site_admin):
    client.force_login(site_admin)
    return client


def test_a_site_admin_cannot_tick_superuser_staff_groups_or_permissions(admin_client_of, site_admin, editor):
    page = admin_client_of.get(f"/admin/accounts/user/{editor.pk}/change/").content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in page
    board = Group.objects.get(name=roles.BOARD)
    response = admin_client_of.post(
        f"/admin/accounts/user/{editor.pk}/change/",
        {
            **complete_user_form(editor),
            "first_name": "Renamed",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [board.pk],
        },
    )
    assert response.status_code == 302  # the change was saved ...
    editor.refresh_from_db()
    assert editor.first_name == "Renamed"
    assert not editor.is_superuser and not editor.is_staff  # ... without the privileges
    assert not editor.groups.filter(name=roles.BOARD).exists()


def complete_user_form(user) -> dict:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "audience": "",
    }


def test_a_site_admin_may_edit_an_editors_name_but_not_another_admin_or_a_superuser(admin_client_of, editor):
    other_admin = factories.make_site_admin("otheradmin")
    boss = factories.make_user("boss", is_superuser=True, is_staff=True)
    assert admin_client_of.get(f"/admin/accounts/user/{editor.pk}/change/").status_code == 200
    for account in (other_admin, boss):
        response = admin_client_of.post(
            f"/admin/accounts/user/{account.pk}/change/", {**complete_user_form(account), "first_name": "Changed"}
        )
        account.refresh_from_db()
        assert account.first_name != "Changed"
        assert response.status_code in (302, 403)


def test_a_superuser_may_grant_roles(client, editor):
    boss = factories.make_user("boss", is_superuser=True, is_staff=True)
    client.force_login(boss)
    page = client.get(f"/admin/accounts/user/{editor.pk}/change/").content.decode()
    assert 'name="groups"' in page and 'name="is_superuser"' in page


def test_a_superuser_writes_like_an_editor_but_reviews_only_as_a_board_member(client, editor):
    """Our decision: superusers are break-glass accounts with every permission, but the
    board's decisions need an active board membership, and four eyes still apply."""
    from review import workflow

    boss = factories.make_user("boss", is_superuser=True, is_staff=True)
    article = factories.make_article(by=editor)
    client.force_login(boss)
    assert client.get(f"/editor/articles/{article.slug}/edit/").status_code == 200
    review = workflow.submit(article=article, by=editor)
    assert not permissions.can_start(review, boss)
    assert client.get(f"/review/{review.pk}/").status_code == 200


# --- no half-set-up board member from the admin ----------------------------------------


def test_a_board_member_profile_made_in_the_admin_gives_the_role_and_deactivating_takes_it(client, editor):
    from review import workflow
    from review.models import BoardMember

    boss = factories.make_user("boss", is_superuser=True, is_staff=True)
    client.force_login(boss)
    person = factories.make_user("newmember", first="New", last="Member")
    client.post(
        "/admin/review/boardmember/add/",
        {"user": person.pk, "credentials": "MD", "specialty": "Neurology", "bio": "", "active": "on"},
    )
    member = BoardMember.objects.get(user=person)
    person.refresh_from_db()
    assert person.groups.filter(name=roles.BOARD).exists()
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    assert permissions.can_start(review, person)  # at once, with nothing else to set up
    client.post(
        f"/admin/review/boardmember/{member.pk}/change/",
        {"user": person.pk, "credentials": "MD", "specialty": "Neurology", "bio": ""},  # active unticked
    )
    assert not person.groups.filter(name=roles.BOARD).exists()


def test_the_user_form_refuses_a_board_role_without_a_profile(client, db):
    boss = factories.make_user("boss", is_superuser=True, is_staff=True)
    client.force_login(boss)
    person = factories.make_user("halfmember")
    board = Group.objects.get(name=roles.BOARD)
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/", {**complete_user_form(person), "groups": [board.pk]}
    )
    assert response.status_code == 200 and "board member profile" in response.content.decode()
    assert not person.groups.filter(name=roles.BOARD).exists()
