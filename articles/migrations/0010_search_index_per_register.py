"""
A full-text index per register, so that a search reads only its register's passages.

Every query names one register, yet one index over all five made each query walk the
other four registers' entries too: at 10,000 articles (450,000 passages) that was most of
the cost of a search.

- SQLite: one FTS5 table per register (articles_search_fts_<register>) instead of one
  table with a register column. bm25 reads every row holding each searched word to weigh
  it, so a table a fifth of the size is about five times cheaper to rank, and the query no
  longer carries a `register : ...` term that itself matched a fifth of all rows.
- PostgreSQL: partial GIN indexes per register on the stored vector, and on the diagnosis
  name's own vector (the step that looks for every concept in a diagnosis name), instead of
  one GIN index over all registers ANDed with the register's B-tree bitmap. The old GIN
  index matched a name query against every passage holding the words anywhere and rechecked
  each of them on the heap.
- PostgreSQL, GIN without the pending list (fastupdate off), here and on the vocabulary's
  trigram index: with it, new entries wait in an unsorted list that every search reads
  through until a VACUUM merges it (up to 4 MB); on the vocabulary that made each typo
  correction take 7 ms instead of 0.3 ms at 10,000 articles. Indexing pays a little more
  instead: passages are written far less often than they are searched.

The registers are written out here (articles.content.Register as of this migration): a
later register needs a later migration, for its FTS5 table on SQLite (without it, indexing
that register fails) and its indexes on PostgreSQL (without them, its searches are slower).
tests/articles/test_search.py checks that every register has both.
"""

from django.db import migrations

REGISTERS = ["clinical", "nurse", "student", "plain", "caregiver"]

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE articles_search_fts_{register} "
    "USING fts5(title, entry_name, condition, body, tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_FILL = (
    "INSERT INTO articles_search_fts_{register}(rowid, title, entry_name, condition, body) "
    "SELECT id, title, entry_name, condition, body FROM articles_searchentry WHERE register = '{register}'"
)
SQLITE_SHARED = (
    "CREATE VIRTUAL TABLE articles_search_fts "
    "USING fts5(title, entry_name, condition, body, register, tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_SHARED_FILL = (
    "INSERT INTO articles_search_fts(rowid, title, entry_name, condition, body, register) "
    "SELECT id, title, entry_name, condition, body, register FROM articles_searchentry"
)
# The expressions must be the ones articles.search queries with, or the planner cannot use them:
# SearchVector("entry_name", config="english") is to_tsvector('english', COALESCE(entry_name, '')).
POSTGRES_VECTOR = (
    "CREATE INDEX IF NOT EXISTS articles_searchentry_vector_{register} "
    "ON articles_searchentry USING gin (search_vector) WITH (fastupdate = off) WHERE register = '{register}'"
)
POSTGRES_NAME = (
    "CREATE INDEX IF NOT EXISTS articles_searchentry_name_{register} ON articles_searchentry "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(entry_name, ''))) WITH (fastupdate = off) "
    "WHERE register = '{register}'"
)
POSTGRES_SHARED = (
    "CREATE INDEX IF NOT EXISTS articles_searchentry_vector_gin ON articles_searchentry USING gin (search_vector)"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search_fts")
        for register in REGISTERS:
            schema_editor.execute(SQLITE_TABLE.format(register=register))
            schema_editor.execute(SQLITE_FILL.format(register=register))
    elif vendor == "postgresql":
        for register in REGISTERS:
            schema_editor.execute(POSTGRES_VECTOR.format(register=register))
            schema_editor.execute(POSTGRES_NAME.format(register=register))
        schema_editor.execute("DROP INDEX IF EXISTS articles_searchentry_vector_gin")
        schema_editor.execute("ALTER INDEX articles_searchterm_trgm SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list('articles_searchterm_trgm'::regclass)")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for register in REGISTERS:
            schema_editor.execute(f"DROP TABLE IF EXISTS articles_search_fts_{register}")
        schema_editor.execute(SQLITE_SHARED)
        schema_editor.execute(SQLITE_SHARED_FILL)
    elif vendor == "postgresql":
        schema_editor.execute("ALTER INDEX articles_searchterm_trgm RESET (fastupdate)")
        schema_editor.execute(POSTGRES_SHARED)
        for register in REGISTERS:
            schema_editor.execute(f"DROP INDEX IF EXISTS articles_searchentry_vector_{register}")
            schema_editor.execute(f"DROP INDEX IF EXISTS articles_searchentry_name_{register}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_synonyms_vocabulary")]
    operations = [migrations.RunPython(forwards, backwards)]
