import pytest
from django.core.management import CommandError, call_command

from articles.canonical import to_markdown
from articles.content import Tier
from articles.models import Article, HistoricalArticle
from demo.loader import DEMO_DIR
from tests import factories


def test_import_then_export_gives_back_the_same_text(editor, tmp_path):
    source = DEMO_DIR / "leg-cramps.md"
    call_command("import_article", str(source), "--user", "editor")
    call_command("export_articles", str(tmp_path / "out"))
    assert (tmp_path / "out" / "leg-cramps.md").read_text() == source.read_text()


def test_import_records_the_user_and_reason(editor):
    call_command("import_article", str(DEMO_DIR / "leg-cramps.md"), "--user", "editor", "--reason", "Initial import")
    revision = Article.objects.get(slug="leg-cramps").latest_revision()
    assert (revision.history_user, revision.history_change_reason) == (editor, "Initial import")


def test_reimporting_an_unchanged_file_makes_no_revision(editor):
    path = str(DEMO_DIR / "leg-cramps.md")
    call_command("import_article", path, "--user", "editor")
    call_command("import_article", path, "--user", "editor")
    assert HistoricalArticle.objects.count() == 1


def test_importing_a_changed_file_adds_a_revision(editor, tmp_path):
    call_command("import_article", str(DEMO_DIR / "leg-cramps.md"), "--user", "editor")
    changed = tmp_path / "leg-cramps.md"
    changed.write_text((DEMO_DIR / "leg-cramps.md").read_text().replace("Dehydration\n", "Dehydration or heat\n", 1))
    call_command("import_article", str(changed), "--user", "editor")
    article = Article.objects.get(slug="leg-cramps")
    assert article.latest_revision().revision_number == 2
    assert "Dehydration or heat" in [e.name for e in article.document.entries(Tier.OTHER_LIKELY)]


def test_plain_text_import_makes_a_draft(editor, tmp_path):
    path = tmp_path / "gout.txt"
    path.write_text("Differential Diagnosis for Gout\n\nSingle Most Likely Diagnosis\n  • Gout: Urate crystals.\n")
    call_command("import_article", str(path), "--user", "editor")
    article = Article.objects.get(slug="gout")
    assert not article.reviews.exists()  # a draft: nobody has submitted it


def test_malformed_input_names_the_line_and_imports_nothing(editor, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("Differential Diagnosis for Gout\n\nRare Diagnoses\n  • Gout urate crystals\n")
    with pytest.raises(CommandError, match="line 4: expected “Name: explanation”"):
        call_command("import_article", str(path), "--user", "editor")
    assert not Article.objects.exists()


def test_plain_text_never_overwrites_an_existing_article(editor, tmp_path):
    call_command("import_article", str(DEMO_DIR / "leg-cramps.md"), "--user", "editor")
    path = tmp_path / "seed.txt"
    path.write_text("Differential Diagnosis for Leg Cramps\n\nRare Diagnoses\n  • Gout: x.\n")
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_article", str(path), "--user", "editor")
    assert HistoricalArticle.objects.count() == 1


def test_import_needs_an_editor(reader_user):
    with pytest.raises(CommandError, match="permission"):
        call_command("import_article", str(DEMO_DIR / "leg-cramps.md"), "--user", "reader")
    assert not Article.objects.exists()


def test_import_of_a_missing_file_is_a_clear_error(editor, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_article", str(tmp_path / "nope.md"), "--user", "editor")


def _canonical_file(tmp_path, **overrides):
    path = tmp_path / f"{overrides['slug']}.md"
    path.write_text(to_markdown(factories.fields(**overrides)))
    return str(path)


def test_import_of_a_similar_condition_names_the_article_and_the_option(editor, tmp_path):
    factories.make_article(by=editor)  # "Leg cramps", /articles/leg-cramps/
    path = _canonical_file(tmp_path, slug="leg-cramp", condition="Leg cramp")
    with pytest.raises(CommandError) as caught:
        call_command("import_article", path, "--user", "editor")
    message = str(caught.value)
    assert "\n" not in message
    assert "“Leg cramp” may be the same condition as the existing article" in message
    assert "“Differential Diagnosis for Leg Cramps” (condition “Leg cramps”, /articles/leg-cramps/)" in message
    assert "--allow-similar" in message
    assert Article.objects.count() == 1


def test_import_with_allow_similar_makes_the_article(editor, tmp_path):
    factories.make_article(by=editor)
    path = _canonical_file(tmp_path, slug="leg-cramp", condition="Leg cramp")
    call_command("import_article", path, "--user", "editor", "--allow-similar")
    assert Article.objects.get(slug="leg-cramp").condition == "Leg cramp"


def test_import_with_allow_similar_still_refuses_the_same_condition(editor, tmp_path):
    factories.make_article(by=editor)
    path = _canonical_file(tmp_path, slug="cramps", condition="LEG-CRAMPS")
    with pytest.raises(CommandError, match="already an article for this condition"):
        call_command("import_article", path, "--user", "editor", "--allow-similar")
    assert Article.objects.count() == 1
