"""
`manage.py backup FILE`: everything the site would miss — accounts and roles, articles
with their whole history, readers' questions, reviews, their events, comments and
approvals (the audit trail), board members and the admin's log — as one file in
Django's XML serialization, gzip-compressed when FILE ends in .xml.gz. XML because it
keeps timestamps to the microsecond (Django's JSON keeps milliseconds, which would
reorder revisions made in the same millisecond). Works the same on SQLite and
PostgreSQL, and a backup of one restores into the other. Derived data (the search index, stored reader
pages, the database's identity) is left out: `restore` rebuilds or renews it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# What a backup holds: whole apps, plus the parts of Django's apps that are ours.
INCLUDED = ["accounts", "auth.group", "articles", "review", "admin.logentry"]
SUFFIXES = (".xml", ".xml.gz")
# Derived from the rest, or private to one database: left out, rebuilt by `restore`.
DERIVED = ["articles.searchentry", "articles.searchterm", "articles.databaseidentity", "publishing.publishedpage"]


def derived_models() -> list[str]:
    """The DERIVED labels whose models exist in this version of the code."""
    present = []
    for label in DERIVED:
        try:
            apps.get_model(label)
        except LookupError:
            continue
        present.append(label)
    return present


class Command(BaseCommand):
    help = "Write the site's data (articles with history, reviews, audit trail, accounts) to FILE (.xml or .xml.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write, e.g. medreview-2026-11-25.xml.gz")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: str, database: str, verbosity: int = 1, **options):
        target = Path(file)
        if not target.name.endswith(SUFFIXES):
            raise CommandError(f"Name the backup file with .xml.gz (compressed) or .xml, e.g. {target.stem}.xml.gz")
        if not target.parent.is_dir():
            raise CommandError(f"No such folder: {target.parent}")
        # Written beside the target and renamed at the end, so FILE is never half a backup.
        # The name keeps FILE's extension, which tells dumpdata whether to compress.
        partial = target.with_name(f".partial-{target.name}")
        connection = connections[database]
        outermost = not connection.in_atomic_block  # in a test, the suite's transaction is already open
        try:
            with transaction.atomic(using=database):
                if connection.vendor == "postgresql" and outermost:
                    # One snapshot for every table, whatever is written meanwhile.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                call_command(
                    "dumpdata",
                    *INCLUDED,
                    format="xml",
                    exclude=derived_models(),
                    # References to users, groups, permissions and content types by name
                    # (permissions and content types are made anew by migrate); every row
                    # keeps its own id, so links and the admin's log still point right.
                    natural_foreign=True,
                    database=database,
                    output=str(partial),
                    verbosity=0,
                )
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({target.stat().st_size:,} bytes)."))
