"""
Who may reach staff pages (accounts.permissions says who is staff):

- anonymous visitors are sent to sign in;
- signed-in readers (no staff role) get 404, so staff pages are not advertised;
- staff without the specific permission (a board member on an edit page) get 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.permissions import STAFF_PERMISSION, is_staff_member


def staff_page(permission: str = STAFF_PERMISSION):
    """Decorator for a staff page needing `permission` (see the module docstring)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_staff_member(user):
                raise Http404("No such page.")
            if not user.has_perm(permission):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
