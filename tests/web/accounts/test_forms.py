"""Django's auth forms as MedReview shows them (web/accounts/forms.py): no autofocus, a neutral sign-in error."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import RequestFactory

from web.accounts.forms import AdminSignInForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm


def test_no_field_of_any_auth_form_takes_the_focus(reader_user):
    forms = [
        SignInForm(RequestFactory().get("/")),
        PasswordChangeForm(reader_user),
        PasswordResetForm(),
        SetPasswordForm(reader_user),
    ]
    assert [
        (type(f).__name__, n) for f in forms for n, field in f.fields.items() if "autofocus" in field.widget.attrs
    ] == []
    assert "autofocus" not in "".join(str(form) for form in forms)


@pytest.mark.parametrize("username", ["reader", "nobody"])
def test_a_failed_sign_in_does_not_say_whether_the_account_exists(reader_user, username):
    form = SignInForm(RequestFactory().post("/"), data={"username": username, "password": "wrong password"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["Enter a correct username and password. Both are case-sensitive."]


# --- sign-in input is bounded before it reaches the lockout store (django-axes) -----------------

LIMIT = 150  # User.username's max_length


@pytest.mark.parametrize("form_class", [SignInForm, AdminSignInForm])
def test_a_username_longer_than_the_column_is_refused_beside_the_field(db, form_class, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("authenticate() was called")

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", must_not_run)
    form = form_class(RequestFactory().post("/"), data={"username": "u" * (LIMIT + 1), "password": "x"})
    assert not form.is_valid()
    assert form.errors["username"] == [f"Usernames are at most {LIMIT} characters: check what you typed."]


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize("length", [300, 10_000])
def test_a_long_username_gets_the_page_with_a_message_on_any_database(client, db, url, length):
    """On PostgreSQL a username over 255 characters once reached django-axes' attempts table: a 500."""
    response = client.post(url, {"username": "u" * length, "password": "x"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert f"Usernames are at most {LIMIT} characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # never counted, never stored


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_username_at_the_limit_is_checked_and_counted_as_usual(client, db, url):
    response = client.post(url, {"username": "u" * LIMIT, "password": "x"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "Usernames are at most" not in response.content.decode()
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["u" * LIMIT]


def test_the_admin_signs_in_with_the_bounded_form():
    assert admin.site.login_form is AdminSignInForm
