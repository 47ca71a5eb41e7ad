"""
A language per search passage (SearchEntry.language): English readers search the originals'
passages, Spanish readers those of the approved Spanish translations (articles.search.spanish).

- SQLite: an FTS5 table per register for the Spanish passages, articles_search_fts_es_<register>,
  holding their stems (Python stems them: FTS5's porter stemmer is English only), so the
  tokenizer only splits words — and folds no accent, which the stemmer has folded already
  but for the tilde of ñ ("año" is not "ano").
- PostgreSQL: nothing new — the Spanish passages' weighted vector is made of the same stems
  with the 'simple' configuration, in the same column and the same per-register GIN indexes.

Run `manage.py rebuild_search_index` afterwards so approved translations are indexed.
"""

from django.db import migrations, models

REGISTERS = ["clinical", "nurse", "student", "plain", "caregiver"]
LANGUAGES = ["es"]
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_fts_{language}_{register} "
    "USING fts5(title, entry_name, condition, body, phrases, tokenize='unicode61 remove_diacritics 0')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for language in LANGUAGES:
            for register in REGISTERS:
                schema_editor.execute(SQLITE_TABLE.format(language=language, register=register))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for language in LANGUAGES:
            for register in REGISTERS:
                schema_editor.execute(f"DROP TABLE IF EXISTS articles_search_fts_{language}_{register}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_translations")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(default="en", max_length=8),
        ),
        migrations.RunPython(forwards, backwards),
    ]
