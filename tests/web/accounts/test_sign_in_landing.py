"""Where sign-in lands (web.accounts.views.SignInView): staff on their dashboard, ?next= first, readers as before."""

import pytest

from tests import factories


def _sign_in(client, username, next_url=None):
    data = {"username": username, "password": factories.PASSWORD}
    path = "/accounts/login/"
    if next_url:
        data["next"] = next_url
        path += f"?next={next_url}"
    return client.post(path, data)


@pytest.mark.parametrize(
    ("fixture", "landing"),
    [("editor", "/editor/"), ("reviewer", "/review/"), ("site_admin", "/review/"), ("reader_user", "/")],
)
def test_sign_in_lands_each_role_on_its_dashboard(client, request, fixture, landing):
    user = request.getfixturevalue(fixture)
    response = _sign_in(client, user.username)
    assert response.status_code == 302
    assert response.headers["Location"] == landing


def test_a_board_member_who_also_edits_lands_on_the_queue(client, db):
    factories.make_board_member("both", also_editor=True)
    assert _sign_in(client, "both").headers["Location"] == "/review/"


@pytest.mark.parametrize("fixture", ["editor", "reviewer", "reader_user"])
def test_next_still_wins(client, request, fixture):
    user = request.getfixturevalue(fixture)
    assert _sign_in(client, user.username, "/articles/").headers["Location"] == "/articles/"


def test_next_to_another_site_is_ignored_and_staff_land_on_their_dashboard(client, editor):
    assert _sign_in(client, "editor", "https://evil.example/").headers["Location"] == "/editor/"
