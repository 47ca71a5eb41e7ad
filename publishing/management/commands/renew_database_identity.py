"""
`manage.py renew_database_identity`: give this database a new identity, so that nothing
cached for its old contents is read again (cache keys name it: publishing.caching).

`manage.py restore` does this itself. Run it after any other restore — pg_restore, psql,
copying an SQLite file back — and then restart the site's processes, which each
remember the identity they read.
"""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from articles.models import DatabaseIdentity
from publishing import caching


class Command(BaseCommand):
    help = "Give the database a new identity after a restore, so no cache entry from before it is read."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database: str, verbosity: int = 1, **options):
        identity = DatabaseIdentity.renew(using=database)
        caching.forget_database_identity()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"The database's identity is now {identity}."))
            self.stdout.write("Restart the site's processes: each remembers the identity it read.")
