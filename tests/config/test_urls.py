"""config.urls: each part of the web layer under its own prefix; old staff addresses answer 308 to the new ones."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/articles/leg-cramps/edit/", "/editor/articles/leg-cramps/edit/"),
        ("/articles/leg-cramps/history/?page=2", "/editor/articles/leg-cramps/history/?page=2"),
        ("/articles/leg-cramps/compare/", "/editor/articles/leg-cramps/compare/"),
        ("/articles/leg-cramps/revisions/3/", "/editor/articles/leg-cramps/revisions/3/"),
        ("/articles/leg-cramps/revisions/3/restore/", "/editor/articles/leg-cramps/revisions/3/restore/"),
        ("/articles/leg-cramps/submit/", "/editor/articles/leg-cramps/submit/"),
        ("/articles/leg-cramps/delete/", "/editor/articles/leg-cramps/delete/"),
        ("/articles/leg-cramps/audit/", "/review/articles/leg-cramps/audit/"),
        ("/articles/leg-cramps/audit.csv", "/review/articles/leg-cramps/audit.csv"),
        ("/articles/leg-cramps/withdraw/", "/review/articles/leg-cramps/withdraw/"),
    ],
)
def test_an_old_staff_address_answers_308_to_its_new_one(client, old, new):
    response = client.get(old)
    assert response.status_code == 308
    assert response["Location"] == new
    assert client.post(old).status_code == 308  # a form posted to the old address is sent on, body and all


def test_reader_addresses_stay_where_others_link_to_them():
    assert reverse("articles:detail", kwargs={"slug": "leg-cramps"}) == "/articles/leg-cramps/"
    assert reverse("articles:index") == "/articles/"
    assert reverse("home") == "/" and reverse("search") == "/search/" and reverse("feed") == "/feed/"
    assert reverse("editor:edit", kwargs={"slug": "leg-cramps"}) == "/editor/articles/leg-cramps/edit/"
    assert reverse("review:answers") == "/review/answers/"
