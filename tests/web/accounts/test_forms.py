"""Django's auth forms as MedReview shows them (web/accounts/forms.py): no autofocus, a neutral sign-in error."""

import pytest
from django.test import RequestFactory

from web.accounts.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm


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
