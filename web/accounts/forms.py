"""Django's auth forms, without autofocus: it jumps past the skip link and surprises
screen-reader users, who land mid-page with no context. The sign-in forms (the site's and
the admin's) refuse an over-long username before anything looks it up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.audiences import Audience


class NoAutofocus:
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)


class BoundedUsername:
    """
    A username longer than the account's column (User.username: 150) is refused beside the
    field, so authenticate() never runs and django-axes never stores it (its attempts table
    holds 255 characters: longer, PostgreSQL refuses the row and the page would be a 500).
    Django's AuthenticationForm sets the field's max_length only after the field is made, so
    the field's own length check never runs.
    """

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username") or ""
        limit = getattr(self.fields["username"], "max_length", None)
        if limit is not None and len(username) > limit:
            raise forms.ValidationError(
                _("Usernames are at most %(limit)d characters: check what you typed."),
                code="max_length",
                params={"limit": limit},
            )
        return username


class SignInForm(NoAutofocus, BoundedUsername, auth_forms.AuthenticationForm):
    """Sign in, with a message that does not say which part was wrong."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
    }


class AdminSignInForm(BoundedUsername, AdminAuthenticationForm):
    """The Django admin's sign-in (/admin/login/; config/apps.py installs it), with the same bound."""


class PasswordChangeForm(NoAutofocus, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(NoAutofocus, auth_forms.PasswordResetForm):
    """
    The accounts an address belongs to are looked up once, while the request is answered
    (the same query whether or not there is one); making and sending the mail later
    (save(), in web.accounts.views) then needs no database.
    """

    _users: list[Any] | None = None

    def get_users(self, email: str) -> Any:
        if self._users is None:
            self._users = list(super().get_users(email))
        return iter(self._users)


class SetPasswordForm(NoAutofocus, auth_forms.SetPasswordForm):
    pass


class ReaderSettingsForm(forms.Form):
    """A signed-in reader's stored audience (accounts.audiences): one of the five, or none."""

    NO_PREFERENCE = ""
    audience = forms.ChoiceField(
        label=_("Which best describes you?"),
        choices=[(NO_PREFERENCE, _("No preference (articles show the clinical text and offer the choice)"))]
        + list(Audience.choices),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the descriptions listed.")},
    )
