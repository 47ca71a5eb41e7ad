"""Sign-in (carrying the reader's saved audience), lockout and password reset."""

import logging
import threading

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import connections
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from accounts.audiences import Audience, audience_remember, parse_audience, set_audience_cookie
from web.accounts.forms import PasswordResetForm, ReaderSettingsForm, SignInForm

logger = logging.getLogger(__name__)


def staff_dashboard_url(user) -> str | None:
    """The page a staff member works from: the board's queue or the editors' dashboard; None for readers."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    if user.has_perm("review.review_revision"):  # board members (also editors: the queue comes first)
        return reverse("review:queue")
    if user.has_perm("review.submit_revision"):  # editors
        return reverse("editor:dashboard")
    if user.has_perm("review.view_queue"):  # site admins
        return reverse("review:queue")
    return None


class SignInView(LoginView):
    """Django's sign-in; the audience saved on the profile follows the reader into the cookie."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Where sign-in lands without a ?next=: staff on their dashboard, everyone else as before."""
        return staff_dashboard_url(self.request.user) or super().get_default_redirect_url()

    def form_valid(self, form):
        response = super().form_valid(form)
        audience = parse_audience(form.get_user().audience)
        if audience is not None:
            set_audience_cookie(response, audience)
        return response


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers once an account or address is locked: why, for how long, and what to do."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """
    Django's password reset, answering before any e-mail is made or sent, so that neither
    the answer nor the closing of the connection depends on whether an account has that
    address. The request looks the address up (one query either way) and answers; when the
    response is closed (the server has sent it), a thread is started, for a known address
    and an unknown one alike, which makes and sends the mail, if there is one, on its own time.
    """

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.html"
    subject_template_name = "accounts/password_reset_subject.txt"

    def form_valid(self, form):
        options = {
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "from_email": self.from_email,
            "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name,
            "request": self.request,
            "html_email_template_name": self.html_email_template_name,
            "extra_email_context": self.extra_email_context,
        }
        form.get_users(form.cleaned_data["email"])  # the lookup, here: the thread needs no database
        response = HttpResponseRedirect(self.get_success_url())
        response._resource_closers.append(  # type: ignore[attr-defined]
            lambda: start_in_background(_send_reset_mail, form, options)
        )
        return response


RESET_MAIL_THREAD = "password-reset-mail"


def start_in_background(work, *args) -> threading.Thread:
    """Run work(*args) in a thread of its own (not a daemon: a worker that is stopped finishes the mail first)."""
    thread = threading.Thread(target=work, args=args, name=RESET_MAIL_THREAD)
    thread.start()
    return thread


def _send_reset_mail(form, options) -> None:
    try:
        form.save(**options)
    except Exception:  # the reader already has their answer; a mail failure is for the logs
        logger.exception("Could not send the password reset e-mail")
    finally:
        connections.close_all()  # this thread's own, should anything have opened one


@login_required
def reader_settings(request):
    """A signed-in reader's settings: the audience articles are written for (kept on the profile and in the cookie)."""
    if request.method == "POST":
        form = ReaderSettingsForm(request.POST)
        if form.is_valid():
            audience = parse_audience(form.cleaned_data["audience"])
            response = redirect("reader_settings")
            audience_remember(response=response, audience=audience, user=request.user)
            if audience is None:
                messages.success(
                    request, gettext("Saved: no audience chosen. Articles show the clinical text and offer the choice.")
                )
            else:
                messages.success(
                    request,
                    gettext("Saved: articles are now written for “%(audience)s”.")
                    % {"audience": gettext(Audience(audience).label)},
                )
            return response
    else:
        form = ReaderSettingsForm(initial={"audience": parse_audience(request.user.audience) or ""})
    return render(request, "accounts/settings.html", {"form": form})
