"""web.editor.translations: an editor starts a translation from a copy of the text readers get."""

from articles.models import Article
from tests import factories
from tests.helpers import text_of


def test_an_editor_starts_the_spanish_translation_and_lands_on_its_form(client, editor, reviewer):
    original = factories.approved_article(editor, reviewer)
    client.force_login(editor)
    page = text_of(client.get("/editor/articles/leg-cramps/edit/"))
    assert "start the Spanish translation" in page
    confirm = client.get("/editor/articles/leg-cramps/translate/es/")
    assert "starts as a copy of its revision 1" in text_of(confirm)
    assert not Article.objects.filter(language="es").exists()  # a GET changes nothing
    response = client.post("/editor/articles/leg-cramps/translate/es/")
    spanish = Article.objects.get(language="es")
    assert response.status_code == 302 and response["Location"] == "/editor/articles/leg-cramps--es/edit/"
    assert spanish.translation_of == original and spanish.source_revision.revision_number == 1
    form = text_of(client.get(response["Location"]))
    assert "translation of “Differential Diagnosis for Leg Cramps”, following its revision 1" in form
    assert "The original (English)" in form
    assert "edit the Spanish translation" in text_of(client.get("/editor/articles/leg-cramps/edit/"))
    # Asking again opens the translation that exists.
    assert (
        client.post("/editor/articles/leg-cramps/translate/es/")["Location"] == "/editor/articles/leg-cramps--es/edit/"
    )


def test_no_translation_into_a_language_the_site_does_not_have(client, editor):
    factories.make_article(by=editor)
    client.force_login(editor)
    assert client.get("/editor/articles/leg-cramps/translate/fr/").status_code == 404
    assert client.get("/editor/articles/leg-cramps/translate/en/").status_code == 404


def test_board_members_may_not_start_a_translation(client, editor, reviewer):
    factories.make_article(by=editor)
    client.force_login(reviewer)
    assert client.post("/editor/articles/leg-cramps/translate/es/").status_code == 403
    assert not Article.objects.filter(language="es").exists()
