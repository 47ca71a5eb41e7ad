"""Gate: every URL, for every role, gives what the matrix says."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories
from tests.gates.permission_matrix import LOGIN, MATRIX, REDIRECT, ROLES, urls_without_a_row
from tests.gates.shared_demo import RolledBack


def make_role_users() -> dict:
    """One user per role, and a draft article, beside the demo data."""
    User = get_user_model()
    editor = User.objects.get(username="editor")
    factories.make_article(by=editor, slug="a-draft", title="A draft")
    return {
        "anonymous": None,
        "reader": factories.make_user("plain-reader"),
        "editor": editor,
        "board": User.objects.get(username="reviewer"),
        # A site admin by role (staff, in the Site admins group), not a superuser.
        "admin": factories.make_site_admin("site-admin"),
        "superuser": factories.make_user("root-user", is_staff=True, is_superuser=True),
    }


@pytest.fixture(scope="module")
def role_users(demo_db, django_db_blocker):
    """The users, made once for this module over the shared demo and rolled back after it."""
    users = RolledBack(django_db_blocker, make_role_users)
    yield users.open()
    users.close()


def test_every_url_has_a_row():
    assert urls_without_a_row() == set()


def test_a_url_without_a_row_fails_the_gate():
    assert urls_without_a_row("tests.gates.extra_urls") == {"unlisted"}


@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.name}{'' if callable(r.kwargs) else r.kwargs or ''}")
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, db, role_users, row, role):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    kwargs = row.kwargs() if callable(row.kwargs) else row.kwargs
    url = reverse(row.url_name, kwargs=kwargs) + row.query
    response = getattr(client, row.method)(url)
    expected = row.expected(role)
    if expected == REDIRECT:
        assert response.status_code == 302, (url, role, response.status_code)
    elif expected == LOGIN:
        assert response.status_code == 302, (url, role, response.status_code)
        location = response.headers["Location"]
        assert location.startswith((settings.LOGIN_URL, "/admin/login/")), location
    else:
        assert response.status_code == expected, (url, role, response.status_code)
