import re
import threading

from django.core import mail

from tests import factories
from web.accounts.views import RESET_MAIL_THREAD


def wait_for_reset_mail():
    """The reset mail is sent from a thread started once the response is closed: wait for it."""
    for thread in threading.enumerate():
        if thread.name == RESET_MAIL_THREAD:
            thread.join(timeout=30)


def test_sign_in_and_out(client, editor):
    response = client.post("/accounts/login/", {"username": "editor", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert "Editor dashboard" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Editor dashboard" not in client.get("/").content.decode()


def test_a_wrong_password_says_so_and_keeps_the_username(client, editor):
    response = client.post("/accounts/login/", {"username": "editor", "password": "nope"})
    html = response.content.decode()
    assert "Enter a correct username and password" in html
    assert 'value="editor"' in html


def test_sign_in_returns_to_the_page_asked_for(client, editor):
    response = client.get("/editor/")
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/login/?next=/editor/"
    response = client.post(
        "/accounts/login/?next=/editor/", {"username": "editor", "password": factories.PASSWORD, "next": "/editor/"}
    )
    assert response.headers["Location"] == "/editor/"


def test_password_reset_sends_a_working_link(client, editor):
    editor.email = "editor@example.org"
    editor.save()
    client.post("/accounts/password_reset/", {"email": "editor@example.org"})
    wait_for_reset_mail()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert "Set a new password" in response.content.decode()
    new = "a-brand-new-long-password-7"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    response = client.post("/accounts/login/", {"username": "editor", "password": new})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_password_rules_are_djangos_validators(client, editor):
    client.force_login(editor)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": factories.PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    html = response.content.decode()
    assert "This password is too short." in html
    assert "This password is entirely numeric." in html


def test_there_is_no_public_sign_up(client, db):
    assert client.get("/accounts/signup/").status_code == 404
    assert client.get("/accounts/register/").status_code == 404


def test_site_admins_see_article_history_in_the_django_admin_read_only(client, editor, site_admin):
    article = factories.make_article(by=editor)
    client.force_login(site_admin)
    assert client.get("/admin/").status_code == 200
    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert history.status_code == 200
    assert "First draft" in history.content.decode()
    assert client.get("/admin/articles/article/add/").status_code == 403
