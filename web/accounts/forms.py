"""Django's auth forms, without autofocus: it jumps past the skip link and surprises
screen-reader users, who land mid-page with no context."""

from django.contrib.auth import forms as auth_forms


class NoAutofocus:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)


class SignInForm(NoAutofocus, auth_forms.AuthenticationForm):
    """Sign in, with a message that does not say which part was wrong."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }


class PasswordChangeForm(NoAutofocus, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(NoAutofocus, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(NoAutofocus, auth_forms.SetPasswordForm):
    pass
