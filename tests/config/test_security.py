"""config.security and the request-hygiene settings: no request ends in a 500 because of what it sent."""

import pytest
from django.db import connection

from tests import factories


def test_every_response_denies_the_browser_features_the_site_never_uses(client, db):
    for path in ("/", "/static/css/site.css", "/no-such-page/"):
        policy = client.get(path)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=cramp%00",
        "/articles/?condition=%00",
        "/admin/accounts/user/?q=%00",
        "/articles/?sort%00=title",
        "/editor/?drafts=%00",
    ],
)
def test_a_nul_byte_in_the_query_is_a_400_for_anyone(client, editor, path):
    assert client.get(path).status_code == 400
    client.force_login(editor)
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    "next_url", ["foo", "articles:index", "https://evil.example/", "//evil.example/", "/\x00x", ""]
)
def test_personalize_never_follows_a_next_that_is_not_a_path_here(client, db, next_url):
    response = client.post("/personalize/", {"audience": "patient", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_personalize_returns_to_the_same_place(client, db):
    response = client.post("/personalize/", {"audience": "patient", "next": "/articles/leg-cramps/#dx-dehydration"})
    assert response["Location"] == "/articles/leg-cramps/#dx-dehydration"


def test_sqlite_waits_for_a_busy_writer_instead_of_failing(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_a_nul_in_a_posted_title_is_a_message_beside_the_field(client, editor):
    from tests.helpers import post_data

    article = factories.make_article(by=editor)
    client.force_login(editor)
    data = post_data(factories.fields(title="Leg\x00cramps"), reason="x")
    response = client.post(f"/editor/articles/{article.slug}/edit/", data)
    assert response.status_code == 400
    assert 'id="id_article-title_error"' in response.content.decode()
