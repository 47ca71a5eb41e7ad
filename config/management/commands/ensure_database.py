"""
`manage.py ensure_database`: create the PostgreSQL database DATABASE_URL names when it does
not exist yet (the first `make run` against a new server), or say in one line why it
cannot. SQLite creates its file itself, so there is nothing to do there.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import OperationalError
from psycopg import sql


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it does not exist (SQLite: nothing to do)."

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return
        name = connection.settings_dict["NAME"]
        try:
            connection.ensure_connection()
            return  # it exists and answers
        except OperationalError as error:
            if f'database "{name}" does not exist' not in str(error):
                raise CommandError(f"Cannot reach PostgreSQL: {str(error).strip().splitlines()[0]}") from error
        self._create(connection, name)
        self.stdout.write(f"Created the PostgreSQL database {name}.")

    def _create(self, connection, name: str) -> None:
        """CREATE DATABASE through the server's maintenance database, as the configured user."""
        with connection._nodb_cursor() as cursor:
            try:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except Exception as error:  # noqa: BLE001 — any refusal is reported in one line
                raise CommandError(
                    f"Could not create the database {name} ({str(error).strip().splitlines()[0]}). "
                    f"Create it yourself: createdb {name}"
                ) from error
