"""articles.services: every write checks who, what and the article's identity rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from articles.canonical import to_markdown
from articles.exceptions import SimilarCondition
from articles.models import Article
from articles.services import article_create, article_import, article_restore, article_update, check_identity
from tests import factories


def test_one_article_per_condition_whatever_the_case_or_the_address(editor):
    factories.make_article(by=editor)  # condition "Leg cramps"
    with pytest.raises(ValidationError) as caught:
        article_create(fields=factories.fields(slug="cramps-2", condition="LEG CRAMPS"), by=editor, reason="Again")
    assert set(caught.value.error_dict) == {"condition"}
    assert caught.value.error_dict["condition"][0].code == "duplicate_condition"
    assert Article.objects.count() == 1


def test_an_update_may_not_take_another_articles_condition_or_address(editor):
    factories.make_article(by=editor)
    other = factories.make_article(by=editor, slug="low-back-pain")
    for change in ({"condition": "Leg cramps"}, {"slug": "leg-cramps", "condition": "Low back pain"}):
        with pytest.raises(ValidationError):
            article_update(article=other, fields=factories.fields(**change), by=editor, reason="Take it")
    assert other.history.count() == 1


def test_the_address_is_made_from_the_condition_when_none_is_given(editor):
    article = article_create(fields=factories.fields(slug="", condition="Night sweats"), by=editor, reason="New")
    assert article.slug == "night-sweats"


def test_the_identity_check_names_both_fields(editor):
    factories.make_article(by=editor)
    with pytest.raises(ValidationError) as caught:
        check_identity(slug="leg-cramps", condition="leg cramps")
    assert set(caught.value.error_dict) == {"slug", "condition"}


def test_importing_a_second_article_for_a_condition_is_refused_and_imports_nothing(editor, tmp_path):
    factories.make_article(by=editor)
    text = to_markdown(factories.fields(slug="leg-cramps-again", condition="Leg cramps"))
    with pytest.raises(ValidationError):
        article_import(text=text, by=editor, reason="Import")
    path = tmp_path / "again.md"
    path.write_text(text)
    with pytest.raises(CommandError, match="already an article for this condition"):
        call_command("import_article", str(path), user="editor")
    assert Article.objects.count() == 1


def test_only_editors_write(reader_user, reviewer):
    for user in (reader_user, reviewer, None):
        with pytest.raises(PermissionDenied):
            factories.make_article(by=user)


def test_the_same_condition_up_to_punctuation_and_accents_is_refused_naming_the_article(editor):
    factories.make_article(by=editor)
    with pytest.raises(ValidationError) as caught:
        factories.make_article(by=editor, slug="cramps", condition="Leg-cramps!")
    (error,) = caught.value.error_dict["condition"]
    assert error.code == "duplicate_condition"
    assert "Differential Diagnosis for Leg Cramps (/articles/leg-cramps/)" in error.message % error.params


def test_a_similar_condition_is_refused_with_the_articles_it_reads_like(editor):
    existing = factories.make_article(by=editor)  # "Leg cramps"
    for condition in ("Leg cramp", "Charley horse"):
        with pytest.raises(SimilarCondition) as caught:
            factories.make_article(by=editor, slug="new", condition=condition)
        assert (caught.value.condition, caught.value.similar) == (condition, [existing])
        assert "may be the same condition as the existing article “Differential Diagnosis for Leg Cramps”" in str(
            caught.value
        )
    assert Article.objects.count() == 1


def test_an_editor_who_confirms_a_similar_condition_is_another_gets_the_article(editor):
    factories.make_article(by=editor)
    article = article_create(
        fields=factories.fields(slug="leg-cramp", condition="Leg cramp"), by=editor, reason="New", allow_similar=True
    )
    assert article.latest_revision().condition == "Leg cramp"
    with pytest.raises(ValidationError):  # the same condition stays refused, confirmed or not
        article_create(
            fields=factories.fields(slug="again", condition="LEG CRAMP"), by=editor, reason="New", allow_similar=True
        )


def test_renaming_to_a_similar_condition_needs_the_same_confirmation(editor):
    factories.make_article(by=editor, slug="anaemia", condition="Anaemia")
    other = factories.make_article(by=editor, slug="low-back-pain")
    fields = factories.fields(slug="low-back-pain", condition="Anemia")
    with pytest.raises(SimilarCondition):
        article_update(article=other, fields=fields, by=editor, reason="Rename")
    assert other.history.count() == 1
    article_update(article=other, fields=fields, by=editor, reason="Rename", allow_similar=True)
    assert Article.objects.get(pk=other.pk).condition_key == "anemia"


def test_editing_an_article_without_changing_its_condition_never_asks(editor):
    article = factories.make_article(by=editor)
    # Confirmed once: a similar article exists. Neither it nor the article itself may stop later edits.
    article_create(
        fields=factories.fields(slug="leg-cramp", condition="Leg cramp"), by=editor, reason="New", allow_similar=True
    )
    factories.edit_article(article, editor, "A new summary.")
    revision = article_update(
        article=article,
        fields=factories.fields(summary="Case only.", condition="LEG CRAMPS"),
        by=editor,
        reason="Capitals",
    )
    assert revision.revision_number == 3
    assert Article.objects.get(pk=article.pk).condition == "LEG CRAMPS"


def test_restoring_an_old_condition_is_not_asked_again(editor):
    article = factories.make_article(by=editor, slug="anaemia", condition="Anaemia")
    article_update(
        article=article,
        fields=factories.fields(slug="anaemia", condition="Iron deficiency"),
        by=editor,
        reason="Narrower",
    )
    factories.make_article(by=editor, slug="anemia", condition="Anemia")  # like no article now
    restored = article_restore(article=article, revision=article.history.get(revision_number=1), by=editor)
    assert restored.condition == "Anaemia"


def test_importing_a_similar_condition_is_refused_unless_confirmed(editor):
    factories.make_article(by=editor)
    text = to_markdown(factories.fields(slug="leg-cramp", condition="Leg cramp"))
    with pytest.raises(SimilarCondition):
        article_import(text=text, by=editor, reason="Import")
    assert Article.objects.count() == 1
    article, revision = article_import(text=text, by=editor, reason="Import", allow_similar=True)
    assert (article.condition, revision.revision_number) == ("Leg cramp", 1)
