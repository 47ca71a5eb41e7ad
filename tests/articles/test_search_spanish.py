"""
Spanish search (articles.search.spanish and the language of every passage and query), on the
demo: its Spanish low back pain is approved (readers of /es/ get it), its Spanish leg cramps
pending (they get the English original). Run against SQLite and (in CI) PostgreSQL.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from accounts.audiences import Audience
from articles import search
from articles.models import Article, SearchEntry, SearchTerm
from articles.search import spanish
from publishing import index
from review import publication, workflow
from review.models import Review
from tests.helpers import assert_fts_in_step

CAUDA_EQUINA = "/es/articles/low-back-pain/#dx-sindrome-de-cauda-equina"
SCIATICA = "/es/articles/low-back-pain/#dx-hernia-discal-lumbar-con-radiculopatia-ciatica"
DVT = "/es/articles/leg-cramps/#dx-trombosis-venosa-profunda-tvp"


def es(query, **kwargs):
    return search.search(query, language="es", **kwargs)


def approve_spanish_leg_cramps():
    """Approve the demo's pending Spanish leg cramps, as its Spanish-reading board member would."""
    translation = Article.objects.get(slug="leg-cramps--es")
    reviewer = get_user_model().objects.get(username="reviewer2")
    review = Review.objects.filter(article=translation).order_by("-id").first()
    review = workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer, comment="Traducción fiel.")
    index.reindex(translation)  # what publishing.refresh does for a translation
    return translation


# --- the stemmer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("ciática", "ciatica", "CIÁTICA"),
        ("calambre", "calambres"),
        ("perdí", "pérdida", "perdido", "perder"),
        ("pierna", "piernas"),
        ("hinchada", "hinchado", "hinchadas"),
        ("inflamación", "inflamacion"),
        ("dolor", "dolores"),
    ],
)
def test_the_forms_of_a_spanish_word_share_a_stem_with_or_without_accents(forms):
    assert len({spanish.stem(word) for word in forms}) == 1, [spanish.stem(word) for word in forms]


def test_the_stemmer_keeps_apart_what_differs():
    assert spanish.stem("año") != spanish.stem("ano")  # ñ is a letter of its own
    assert spanish.stem("pecho") != spanish.stem("pecado")
    assert spanish.stem("vejiga") != spanish.stem("viejo")
    assert spanish.stemmed("Dolor de espalda") == "dolor de espald"


# --- what is indexed ------------------------------------------------------------------------


def test_the_spanish_index_holds_only_approved_translations_under_their_originals(demo):
    spanish_rows = SearchEntry.objects.filter(language="es")
    assert set(spanish_rows.values_list("article__slug", flat=True)) == {"low-back-pain"}
    assert set(spanish_rows.values_list("is_approved", flat=True)) == {True}
    page = publication.reader_page(slug="low-back-pain", language="es")  # what readers of /es/ get
    assert page.article.slug == "low-back-pain--es"
    assert set(spanish_rows.values_list("revision_id", flat=True)) == {page.revision.history_id}
    # The page's headings as Spanish readers see them, not the English ones.
    assert not spanish_rows.filter(body__contains="Get emergency help now").exists()
    # The Spanish vocabulary is apart from the English one.
    assert SearchTerm.objects.filter(term="es:ciatica").exists() and SearchTerm.objects.filter(term="es::ciatic")
    assert not SearchTerm.objects.filter(term="ciatica").exists()


def test_an_unapproved_translation_is_not_searchable_in_spanish(demo):
    translation = Article.objects.get(slug="leg-cramps--es")
    assert index.reindex(translation) == 0
    assert es("calambres") == [] and es("calambres nocturnos en las piernas") == []
    assert not SearchEntry.objects.filter(language="es", article__slug="leg-cramps").exists()
    # English readers still find the English original.
    assert [h for h in search.search("leg cramps") if h.article_slug == "leg-cramps"]


# --- searching in Spanish ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["ciática", "ciatica", "CIATICA", "ciáticas"])
def test_a_spanish_query_finds_the_spanish_passage_with_accents_or_without(demo, query):
    hits = es(query, audience=Audience.PATIENT)
    assert hits and hits[0].url == SCIATICA
    assert "<mark>ciática</mark>" in hits[0].passage  # cut from the passage's own text, as written
    assert search.corrected_query(search.parse_query(query, language="es")) == ""  # a known word, no correction


def test_dolor_lumbar_finds_the_spanish_article_with_spanish_links(demo):
    hits = es("dolor lumbar")
    assert hits and {h.language for h in hits} == {"es"}
    groups = search.group_by_article(hits)
    assert [g.url for g in groups] == ["/es/articles/low-back-pain/"]
    assert all(h.url.startswith("/es/articles/low-back-pain/") for h in hits)
    assert "Diagnóstico diferencial del dolor lumbar" in {h.title for h in hits}


def test_a_spanish_misspelling_is_corrected_from_the_spanish_vocabulary(demo):
    concepts = search.parse_query("ciatca", language="es")
    assert search.corrected_query(concepts) == "ciatica"
    assert es("ciatca")[0].url == SCIATICA


@pytest.mark.parametrize("query", ["ciática", "dolor lumbar", "leg cramps", "sciatica", "back pain", "lumbago"])
def test_a_spanish_query_never_returns_english_rows_nor_an_english_query_spanish_ones(demo, query):
    assert all(h.language == "es" and h.url.startswith("/es/") for h in es(query))
    assert all(h.language == "en" and h.url.startswith("/articles/") for h in search.search(query))


def test_english_readers_still_get_the_english_passages(demo):
    first = search.search("sciatica", audience=Audience.PATIENT)[0]
    assert first.url.startswith("/articles/low-back-pain/#") and first.language == "en"
    assert "<mark>" in first.passage and "ciática" not in first.passage.lower()


# --- red flags in Spanish ---------------------------------------------------------------------


@pytest.mark.parametrize("audience", [None, Audience.PATIENT, Audience.CAREGIVER, Audience.NURSE])
def test_a_spanish_description_of_cauda_equina_puts_it_first_with_the_emergency_line(demo, audience):
    hits = es("perdí el control de la vejiga y me duele la espalda", audience=audience)
    assert hits[0].url == CAUDA_EQUINA and hits[0].is_emergency
    assert "Pérdida del control de la vejiga o del intestino" in " ".join(search.emergency_line(hits))


@pytest.mark.parametrize("audience", [None, Audience.PATIENT, Audience.CAREGIVER])
def test_a_spanish_description_of_a_clot_in_the_lung_puts_dvt_first_once_its_translation_is_approved(demo, audience):
    query = "dolor de pecho y me falta el aire con la pierna hinchada"
    # The Spanish leg cramps is pending: none of its passages, and no emergency (at most words shared with
    # the approved low back pain, a long account's "pain" and "leg").
    before = es(query, audience=audience)
    assert all(hit.article_slug != "leg-cramps" and not hit.is_emergency for hit in before)
    approve_spanish_leg_cramps()
    hits = es(query, audience=audience)
    assert hits[0].url == DVT and hits[0].is_emergency
    assert any("Falta de aire" in sign for sign in search.emergency_line(hits))


def test_the_spanish_search_page_opens_with_the_emergency_line_and_spanish_links(demo, client):
    response = client.get("/es/search/", {"q": "perdí el control de la vejiga y me duele la espalda"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="emergency-line"' in html and f'href="{CAUDA_EQUINA}"' in html
    assert html.index('class="emergency-line"') < html.index('class="results"')
    assert "Pérdida del control de la vejiga o del intestino" in html
    english = client.get("/search/", {"q": "perdí el control de la vejiga y me duele la espalda"}).content.decode()
    assert "/es/articles/" not in english


# --- answers in Spanish -----------------------------------------------------------------------


def test_a_question_about_the_spanish_translation_gets_a_spanish_passage(demo):
    translation = Article.objects.get(slug="low-back-pain--es")
    answers = search.answer("¿La ciática mejora sin cirugía?", article=translation, audience=Audience.PATIENT)
    assert answers and answers[0].from_this_article
    assert {a.hit.language for a in answers} == {"es"} and answers[0].hit.url == SCIATICA
    original = Article.objects.get(slug="low-back-pain")
    english = search.answer("Does sciatica get better without surgery?", article=original, audience=Audience.PATIENT)
    assert english and {a.hit.language for a in english} == {"en"}


def test_a_question_asked_on_the_spanish_page_is_answered_there_in_spanish(demo, client):
    asked = client.post(
        "/es/articles/low-back-pain/questions/",
        {"question": "¿La ciática mejora sin cirugía?", "audience": Audience.PATIENT.value},
    )
    assert asked.status_code == 302 and asked["Location"].startswith("/es/questions/")
    page = client.get(asked["Location"]).content.decode()
    assert "/es/articles/low-back-pain/" in page and "#dx-hernia-discal-lumbar-con-radiculopatia-ciatica" in page


def test_the_spanish_full_text_tables_keep_in_step_with_the_spanish_passages(demo):
    """SQLite: each register's Spanish FTS5 table holds exactly that register's Spanish passages."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite keeps a table per register and language; PostgreSQL indexes SearchEntry itself")

    assert_fts_in_step("es")
    original = Article.objects.get(slug="low-back-pain")
    search.index_article(original, revision=None, is_approved=False, language="es")
    assert_fts_in_step("es")
    assert es("ciática") == [] and search.search("sciatica")  # the English passages stay
    index.reindex(Article.objects.get(slug="low-back-pain--es"))
    assert_fts_in_step("es")
    assert es("ciática")
