"""articles/identity.py: one article per condition (held by the database), and which conditions read alike."""

import importlib
import threading
import time

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from articles import identity, synonyms
from articles.identity import canonical_words, condition_key, lookup_keys
from articles.models import Article, HistoricalArticle
from articles.services import article_update
from tests import factories
from tests.concurrency import needs_row_locks

migration = importlib.import_module("articles.migrations.0011_article_condition_key")


def article_for(editor, condition):
    return factories.make_article(by=editor, slug=condition_key(condition).replace(" ", "-"), condition=condition)


def similar(condition, **exclude):
    return sorted(Article.objects.similar_to(condition).exclude(**exclude).values_list("condition", flat=True))


# --- the same condition: the key, and the database holding it ------------------------------------


@pytest.mark.parametrize(
    ("condition", "key"),
    [
        ("Leg cramps", "leg cramps"),
        ("  LEG   Cramps. ", "leg cramps"),
        ("Leg-cramps", "leg cramps"),
        ("Crohn's disease", "crohns disease"),
        ("Crohn’s disease", "crohns disease"),
        ("Ménière's disease", "menieres disease"),
        ("Nausea & vomiting", "nausea and vomiting"),
        ("Type 2 diabetes", "type 2 diabetes"),
        ("!!!", ""),
    ],
)
def test_the_key_ignores_case_accents_apostrophes_punctuation_and_spacing(condition, key):
    assert condition_key(condition) == key


def test_an_article_stores_the_key_of_its_condition(article):
    assert Article.objects.get(pk=article.pk).condition_key == "leg cramps"


def test_the_database_refuses_a_raw_save_of_the_same_condition(article):
    # Around the services (the shell, a script, the admin): the unique constraint still holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Again", slug="leg-cramps-again", condition="  LEG-cramps ")
    assert Article.objects.count() == 1


def test_the_database_refuses_a_raw_rename_to_another_articles_condition(editor, article):
    other = article_for(editor, "Leg swelling")
    other.condition = "Leg Cramps"
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save(update_fields=["condition"])  # a save of named fields updates the key too
    assert Article.objects.get(pk=other.pk).condition == "Leg swelling"


def test_the_key_follows_a_save_of_the_condition_alone(article):
    article.condition = "Nocturnal leg cramps"
    article.save(update_fields=["condition"])
    assert Article.objects.get(pk=article.pk).condition_key == "nocturnal leg cramps"


def test_bulk_creation_fills_the_key_too(db):
    # bench_search saves thousands of articles this way (simple-history's bulk create).
    Article.objects.bulk_create([Article(title="Gout", slug="gout", condition="Gout")])
    assert Article.objects.get(slug="gout").condition_key == "gout"
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.bulk_create([Article(title="Gout again", slug="gout-again", condition="GOUT!")])


def test_model_validation_names_the_rule(article):
    with pytest.raises(ValidationError) as caught:
        Article(title="Again", slug="leg-cramps-again", condition="leg cramps").full_clean()
    assert caught.value.messages == ["There is already an article for this condition."]


def test_revisions_of_one_article_keep_no_key_and_never_conflict(editor, article):
    factories.edit_article(article, editor, "Second summary.")
    factories.edit_article(article, editor, "Third summary.")
    assert article.history.count() == 3
    assert "condition_key" not in {field.name for field in HistoricalArticle._meta.fields}
    # A condition given up by one article (its old revisions keep it) may be taken by another.
    article_update_condition(article, editor, "Nocturnal leg cramps")
    taken = factories.make_article(by=editor, slug="cramps", condition="Leg cramps")
    assert HistoricalArticle.objects.filter(condition="Leg cramps").values_list("id", flat=True).distinct().count() == 2
    assert taken.condition_key == "leg cramps"


def article_update_condition(article, editor, condition):
    return article_update(
        article=article,
        fields=factories.fields(slug=article.slug, condition=condition),
        by=editor,
        reason="Narrower condition",
        allow_similar=True,
    )


def test_the_migration_fills_the_keys_of_existing_articles(editor, article):
    Article.objects.filter(pk=article.pk).update(condition_key="")
    migration.fill_keys(apps, None)
    assert Article.objects.get(pk=article.pk).condition_key == "leg cramps"


def test_the_migration_stops_and_names_articles_already_about_the_same_condition(editor, article):
    other = article_for(editor, "Leg swelling")
    # As a database from before the constraint could hold them: the same condition twice.
    Article.objects.filter(pk=other.pk).update(condition="Leg-Cramps", condition_key="stale")
    with pytest.raises(migration.DuplicateConditions, match=r"/articles/leg-cramps/ and /articles/leg-swelling/"):
        migration.fill_keys(apps, None)


# --- similar conditions: the rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Leg cramp", "Leg cramps"),
        ("Headache", "Headaches"),
        ("Chest pain", "Chest pains"),
        ("Rash", "Rashes"),
        ("Allergy", "Allergies"),
        ("Sinus", "Sinuses"),
        ("Abscess", "Abscesses"),
        ("Swollen foot", "Swollen feet"),
        ("Oedema", "Edema"),
        ("Ankle oedema", "Ankle edemas"),
        ("Anaemia", "Anemia"),
        ("Diarrhoea", "Diarrhea"),
        ("Haematuria", "Hematuria"),
        ("Ischaemic stroke", "Ischemic stroke"),
        ("Gastro-oesophageal reflux", "Gastro-esophageal reflux"),
        ("Paediatric fever", "Pediatric fever"),
    ],
)
def test_plurals_and_british_spellings_read_alike(one, other):
    assert canonical_words(one) == canonical_words(other)
    assert condition_key(other) in lookup_keys(one)
    assert condition_key(one) in lookup_keys(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Leg cramps", "Leg swelling"),
        ("Headache", "Heartache"),
        ("Hypokalaemia", "Hyperkalaemia"),
        ("Hypothyroidism", "Hyperthyroidism"),
        ("Type 1 diabetes", "Type 2 diabetes"),
        ("Ileus", "Ileum"),
        ("Leg cramps", "Leg cramps in pregnancy"),
        ("Chest pain", "Chest wall pain"),
        ("Back pain", "Low back pain"),
    ],
)
def test_different_conditions_do_not_read_alike(one, other):
    assert canonical_words(one) != canonical_words(other)
    assert condition_key(other) not in lookup_keys(one, synonyms=synonyms.STARTER_SYNONYMS)
    assert condition_key(one) not in lookup_keys(other, synonyms=synonyms.STARTER_SYNONYMS)


def test_a_phrase_of_the_synonym_table_reads_as_its_equivalents_both_ways():
    rows = [
        ("charley horse", "leg cramp", False),
        ("heart attack", "myocardial infarction, acute coronary syndrome", True),
    ]
    assert "leg cramps" in lookup_keys("Charley horse", synonyms=rows)
    assert "charley horse" in lookup_keys("Leg cramps", synonyms=rows)  # one-way rows count both ways here
    assert "myocardial infarction in pregnancy" in lookup_keys("Heart attacks in pregnancy", synonyms=rows)
    assert "acute coronary syndrome" in lookup_keys(
        "Myocardial infarction", synonyms=rows
    )  # equivalents of a two-way row
    assert "leg cramps" not in lookup_keys("Charley horse")  # no table, no synonym


def test_the_lookup_is_bounded_however_long_the_condition():
    condition = " ".join(f"words{n} pains" for n in range(30))[:120]
    keys = lookup_keys(condition, synonyms=synonyms.STARTER_SYNONYMS)
    assert len(keys) <= identity.MAX_READINGS * identity.MAX_KEYS_PER_READING
    assert keys[0] == condition_key(condition)


# --- similar conditions: finding the articles ---------------------------------------------------------


def test_similar_articles_are_found_by_plural_spelling_and_synonym(editor):
    for condition in ("Leg cramps", "Leg swelling", "Oedema", "Heart attack", "Headache"):
        article_for(editor, condition)
    assert similar("Leg cramp") == ["Leg cramps"]
    assert similar("Edemas") == ["Oedema"]
    assert similar("Myocardial infarction") == ["Heart attack"]  # the migration's starter synonyms
    assert similar("Charley horse") == ["Leg cramps"]
    assert similar("Heartache") == []
    assert similar("Leg pain") == []


def test_rows_an_editor_adds_to_the_synonym_table_count(editor):
    article_for(editor, "Patellofemoral pain syndrome")
    assert similar("Runner's knee") == []
    synonyms.synonym_create(term="runners knee", equivalents="patellofemoral pain syndrome", two_way=True, by=editor)
    assert similar("Runner's knee") == ["Patellofemoral pain syndrome"]


def test_the_same_condition_is_not_among_the_similar_ones(editor, article):
    assert similar("LEG CRAMPS") == []
    assert list(Article.objects.for_condition("LEG-CRAMPS ")) == [article]


def test_finding_similar_articles_is_two_queries_whatever_the_library(editor):
    for n in range(30):
        factories.make_article(by=editor, slug=f"condition-{n}", condition=f"Condition {n}")
    with CaptureQueriesContext(connection) as queries:
        found = similar("Conditions 7")
    assert found == ["Condition 7"]
    assert len(queries) == 2  # the synonym table, then one indexed lookup of the keys


# --- two editors creating the same condition at the same moment (PostgreSQL) ----------------------


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_committed_meanwhile_is_the_same_validation_error_not_a_crash():
    needs_row_locks()
    editor = factories.make_editor("editor")
    first_saved, let_first_commit = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                factories.make_article(by=editor)  # "Leg cramps", not yet committed
                first_saved.set()
                let_first_commit.wait(timeout=30)
        finally:
            connections.close_all()

    def second():
        try:
            # Its check cannot see the uncommitted row; its insert waits on the unique index, then fails.
            factories.make_article(by=editor, slug="cramps", condition="LEG-CRAMPS")
        except Exception as error:  # examined below, in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert first_saved.wait(timeout=30)
    two = threading.Thread(target=second)
    two.start()
    waiting_on_a_lock(timeout=10)
    let_first_commit.set()
    one.join(timeout=30)
    two.join(timeout=30)
    assert isinstance(outcome.get("error"), ValidationError), outcome
    assert outcome["error"].error_dict["condition"][0].code == "duplicate_condition"
    assert list(Article.objects.values_list("slug", flat=True)) == ["leg-cramps"]


def waiting_on_a_lock(*, timeout):
    """Wait until another connection waits on a lock (the second insert, on the unique index)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second insert never waited on the first one's row")
