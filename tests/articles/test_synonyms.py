"""The synonym table: what a row may say, who may change it, how search reads it, and its editor pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from articles import search, synonyms
from articles.models import Synonym
from tests.helpers import text_of


def test_the_migration_seeds_lay_terms_abbreviations_and_spellings(db):
    terms = set(Synonym.objects.values_list("term", flat=True))
    assert {"charley horse", "heart attack", "dvt", "pad", "hypokalaemia", "oedema", "anaemia", "haemorrhage"} <= terms


def test_terms_are_stored_the_way_search_splits_queries(editor):
    row = synonyms.synonym_create(
        term="  Tummy-Ache ", equivalents="Abdominal pain, , abdominal PAIN, belly", two_way=False, by=editor
    )
    assert (row.term, row.equivalents, row.updated_by) == ("tummy ache", "abdominal pain, belly", editor)


@pytest.mark.parametrize(
    ("term", "equivalents", "field", "message"),
    [
        ("", "leg cramp", "term", "Write the word or phrase"),
        ("!!!", "leg cramp", "term", "Write the word or phrase"),
        ("one two three four five", "x", "term", "to 4 words"),
        ("cramp", "", "equivalents", "at least one word"),
        ("cramp", "cramp", "equivalents", "different from the term"),
        ("cramp", ", ".join(f"word{n}" for n in range(9)), "equivalents", "at most 8"),
        ("charley horse", "leg cramp", "term", "already in the table"),
    ],
)
def test_bad_rows_are_refused_with_a_message_for_the_field(editor, term, equivalents, field, message):
    with pytest.raises(ValidationError) as error:
        synonyms.synonym_create(term=term, equivalents=equivalents, two_way=True, by=editor)
    assert any(message in text for text in error.value.message_dict[field])


def test_only_editors_change_the_table(db, reviewer, reader_user, site_admin, editor):
    row = Synonym.objects.get(term="dvt")
    for user in (None, reader_user, reviewer, site_admin):
        with pytest.raises(PermissionDenied):
            synonyms.synonym_create(term="zzz", equivalents="yyy", two_way=True, by=user)
        with pytest.raises(PermissionDenied):
            synonyms.synonym_update(synonym=row, term="dvt", equivalents="clot", two_way=True, by=user)
        with pytest.raises(PermissionDenied):
            synonyms.synonym_delete(synonym=row, by=user)
    assert Synonym.objects.get(term="dvt").equivalents == "deep vein thrombosis"
    synonyms.synonym_update(
        synonym=row, term="DVT", equivalents="deep vein thrombosis, blood clot", two_way=True, by=editor
    )
    assert Synonym.objects.get(term="dvt").equivalents == "deep vein thrombosis, blood clot"
    synonyms.synonym_delete(synonym=row, by=editor)
    assert not Synonym.objects.filter(term="dvt").exists()


def test_one_way_rows_widen_the_readers_word_and_two_way_rows_work_both_ways(db):
    expansions = synonyms.expansion_map()
    assert "leg cramp" in expansions["charley horse"]
    assert "charley horse" not in expansions.get("leg cramp", ())
    assert "hypokalemia" in expansions["hypokalaemia"] and "hypokalaemia" in expansions["hypokalemia"]


def test_a_query_reads_a_synonym_phrase_as_one_concept(db):
    concepts = search.parse_query("Charley horse at night")
    assert [c.text for c in concepts] == ["charley horse", "night"]
    assert "leg cramp" in concepts[0].alternatives


def test_a_new_row_changes_what_search_finds(demo, django_user_model):
    editor = django_user_model.objects.get(username="editor")
    assert search.search("zebrafinch") == []
    synonyms.synonym_create(term="zebrafinch", equivalents="sarcoidosis", two_way=False, by=editor)
    assert search.search("zebrafinch")[0].entry_name == "Sarcoidosis"


def _editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_editors_add_a_synonym_and_see_it_in_the_table(editor):
    client = _editor_client(editor)
    response = client.post("/editor/synonyms/", {"term": "Gippy tummy", "equivalents": "diarrhoea", "two_way": ""})
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "Added to the synonym table" in page and "gippy tummy" in page
    assert not Synonym.objects.get(term="gippy tummy").two_way


def test_a_refused_row_shows_the_message_beside_the_field_and_keeps_the_text(editor):
    client = _editor_client(editor)
    response = client.post("/editor/synonyms/", {"term": "DVT", "equivalents": "clot in a vein <b>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "id_term_error" in html and "already in the table" in html
    assert 'value="clot in a vein &lt;b&gt;"' in html
    assert Synonym.objects.get(term="dvt").equivalents == "deep vein thrombosis"


def test_editors_change_and_remove_a_row_after_confirming(editor):
    client = _editor_client(editor)
    row = Synonym.objects.get(term="oedema")
    assert "oedema" in text_of(client.get(f"/editor/synonyms/{row.pk}/"))
    response = client.post(
        f"/editor/synonyms/{row.pk}/", {"term": "oedema", "equivalents": "edema, swelling", "two_way": "on"}
    )
    assert response.status_code == 302
    assert Synonym.objects.get(pk=row.pk).equivalents == "edema, swelling"
    confirm = text_of(client.get(f"/editor/synonyms/{row.pk}/delete/"))
    assert "Remove the synonym “oedema”?" in confirm and Synonym.objects.filter(pk=row.pk).exists()
    assert client.post(f"/editor/synonyms/{row.pk}/delete/").status_code == 302
    assert not Synonym.objects.filter(pk=row.pk).exists()


def test_the_table_can_be_searched_and_says_when_nothing_matches(editor):
    client = _editor_client(editor)
    found = text_of(client.get("/editor/synonyms/", {"q": "haem"}))
    assert "haemorrhage" in found and "gord" not in found
    assert "No synonym contains “zzzz”" in text_of(client.get("/editor/synonyms/", {"q": "zzzz"}))


def test_board_members_may_not_change_the_table(reviewer):
    client = Client()
    client.force_login(reviewer)
    assert client.post("/editor/synonyms/", {"term": "x y", "equivalents": "z"}).status_code == 403
    assert not Synonym.objects.filter(term="x y").exists()
