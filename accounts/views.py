"""The reader's audience choice, and sign-in that carries it."""

from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.audiences import audience_remember, parse_audience, set_audience_cookie
from accounts.forms import SignInForm


def safe_next_url(request, next_url: str, *, default: str = "/") -> str:
    """`next_url` if it is a path on this site, else `default`: never another host, never a view name."""
    if (
        next_url.startswith("/")
        and "\x00" not in next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return next_url
    return default


@require_POST
def personalize(request):
    """Set or clear the reader's audience, then return to the same place on the same page."""
    audience = parse_audience(request.POST.get("audience"))
    response = HttpResponseRedirect(safe_next_url(request, request.POST.get("next", "")))
    audience_remember(response=response, audience=audience, user=request.user)
    return response


class SignInView(LoginView):
    """Django's sign-in; the audience saved on the profile follows the reader into the cookie."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audience = parse_audience(form.get_user().audience)
        if audience is not None:
            set_audience_cookie(response, audience)
        return response
