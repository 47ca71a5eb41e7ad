"""
`manage.py restore FILE`: load a backup made by `manage.py backup` into this database,
then rebuild what a backup leaves out and give the database a new identity, so that no
cache entry made before the restore is ever read (publishing.caching).

The database must be migrated (`manage.py migrate`) and empty of site data, or named
for wiping with --replace. All of it happens in one transaction: a restore that fails
leaves the database as it was. Afterwards, restart the site's processes (each remembers
the database's identity) and purge any edge cache in front of the site.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from accounts.roles import ensure_roles
from articles.models import Article, DatabaseIdentity
from publishing import caching
from publishing.index import rebuild_search_index


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (into an empty database, or wipe it with --replace)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--replace", action="store_true", help="Wipe every table of this database first (nothing is kept)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file: str, replace: bool, database: str, verbosity: int = 1, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        connection = connections[database]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("This database is not fully migrated: run `manage.py migrate` first.")
        has_data = Article.objects.using(database).exists() or get_user_model().objects.using(database).exists()
        if has_data and not replace:
            raise CommandError(
                "This database already holds articles or accounts. Restore into an empty database, "
                "or add --replace to wipe this one first."
            )
        with transaction.atomic(using=database):
            if replace:
                # PostgreSQL empties no table with deferred checks pending (only possible
                # when a caller's transaction wrote rows: a test); run them now.
                connection.check_constraints()
                # Empties every table; post_migrate then makes the role groups again.
                call_command("flush", interactive=False, database=database, verbosity=0)
            # migrate (or the flush) made the role groups; the backup brings them back with
            # their own ids, and ensure_roles then sets each role's permissions as this
            # version of the code defines them.
            Group.objects.using(database).all().delete()
            call_command("loaddata", str(source), database=database, verbosity=0)
            ensure_roles()
            indexed = rebuild_search_index()
            identity = DatabaseIdentity.renew(using=database)
        caching.forget_database_identity()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {source}: {Article.objects.using(database).count()} article(s), "
                    f"{indexed} search passage(s) indexed, new database identity {identity}."
                )
            )
            self.stdout.write("Now restart the site's processes, and purge the edge cache if there is one.")
