"""
How readers describe a diagnosis (Entry.reader_phrases) gets a column of its own in the
search index, weighed between the diagnosis name and the text: SearchEntry.phrases, and on
SQLite a `phrases` column in each register's FTS5 table (an FTS5 table cannot gain a column,
so each is made again and refilled from SearchEntry). PostgreSQL's weighted vector is
computed when rows are indexed (articles.search.postgres). Run `manage.py
rebuild_search_index` afterwards so existing articles' phrases are indexed.
"""

from django.db import migrations, models

REGISTERS = ["clinical", "nurse", "student", "plain", "caregiver"]
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


def _remake(schema_editor, columns: list[str]) -> None:
    for register in REGISTERS:
        table = f"articles_search_fts_{register}"
        listed = ", ".join(columns)
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
        schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({listed}, {TOKENIZE})")
        schema_editor.execute(
            f"INSERT INTO {table}(rowid, {listed}) SELECT id, {listed} "  # noqa: S608 — constants only
            f"FROM articles_searchentry WHERE register = '{register}'"
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _remake(schema_editor, ["title", "entry_name", "condition", "body", "phrases"])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _remake(schema_editor, ["title", "entry_name", "condition", "body"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_answer_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="phrases",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(forwards, backwards),
    ]
