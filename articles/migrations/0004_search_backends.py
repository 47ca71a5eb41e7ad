"""
The full-text index behind articles.search, for whichever database this is:
SQLite gets an FTS5 table mirroring SearchEntry (porter stemming); PostgreSQL gets a GIN
index on SearchEntry.search_vector.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_fts "
    "USING fts5(title, entry_name, condition, body, tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS articles_search_fts"
POSTGRES_CREATE = (
    "CREATE INDEX IF NOT EXISTS articles_searchentry_vector_gin ON articles_searchentry USING gin (search_vector)"
)
POSTGRES_DROP = "DROP INDEX IF EXISTS articles_searchentry_vector_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_entries")]
    operations = [migrations.RunPython(create, drop)]
