"""A signed-in reader's settings page (web.accounts.views.reader_settings): see and change the stored audience."""

import pytest

from accounts.audiences import COOKIE_NAME
from tests.helpers import text_of

URL = "/accounts/settings/"


def test_anonymous_readers_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.headers["Location"].startswith("/accounts/login/?next=")


def test_the_page_shows_the_stored_audience_checked(client, reader_user):
    reader_user.audience = "caregiver"
    reader_user.save()
    client.force_login(reader_user)
    html = client.get(URL).content.decode()
    assert 'value="caregiver" id="id_audience_4" checked' in html or 'value="caregiver"' in html
    assert html.count(" checked") == 1
    checked = html[: html.index(" checked")].rsplit("<input", 1)[1]
    assert 'value="caregiver"' in checked


@pytest.mark.parametrize("audience", ["patient", "nurse"])
def test_saving_changes_the_profile_and_the_cookie_and_articles_follow(client, reader_user, audience):
    client.force_login(reader_user)
    response = client.post(URL, {"audience": audience})
    assert response.status_code == 302 and response.headers["Location"] == URL
    reader_user.refresh_from_db()
    assert reader_user.audience == audience
    assert response.cookies[COOKIE_NAME].value == audience
    assert "Saved: articles are now written for" in text_of(client.get(URL))


def test_no_preference_clears_the_choice(client, reader_user):
    reader_user.audience = "student"
    reader_user.save()
    client.force_login(reader_user)
    response = client.post(URL, {"audience": ""})
    reader_user.refresh_from_db()
    assert reader_user.audience == ""
    assert response.cookies[COOKIE_NAME].value == ""  # deleted
    assert "no audience chosen" in text_of(client.get(URL))


def test_an_unknown_audience_is_refused_beside_the_field_and_nothing_changes(client, reader_user):
    reader_user.audience = "patient"
    reader_user.save()
    client.force_login(reader_user)
    response = client.post(URL, {"audience": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "Choose one of the descriptions listed." in text_of(response)
    assert "<script>alert(1)</script>" not in response.content.decode()
    reader_user.refresh_from_db()
    assert reader_user.audience == "patient"


def test_the_header_links_to_the_settings_for_every_signed_in_user(client, reader_user, editor):
    for user in (reader_user, editor):
        client.force_login(user)
        assert f'href="{URL}"' in client.get("/articles/").content.decode()
