"""Sign-in, sign-out and passwords: Django's own auth views. Mounted at /accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from web.accounts.forms import PasswordChangeForm, SetPasswordForm
from web.accounts.views import PasswordResetView, SignInView, reader_settings

# There is no public sign-up (site admins create accounts).
urlpatterns = [
    path("login/", SignInView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", reader_settings, name="reader_settings"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(
            form_class=PasswordChangeForm, template_name="accounts/password_change_form.html"
        ),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordForm, template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
