"""articles.services: every write checks who, what and the article's identity rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from articles.canonical import to_markdown
from articles.models import Article
from articles.services import article_create, article_import, article_update, check_identity
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
