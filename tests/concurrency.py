"""Send requests from separate threads, released at the same moment (for race tests)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client


def needs_row_locks():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks for truly concurrent writers; CI runs this on PostgreSQL")


def at_once(*calls):
    """Run each `call(client)` in its own thread with its own signed-in client; return results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, user, call):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            results[index] = call(client)
        except Exception as exc:  # surfaced below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, user, call)) for i, (user, call) in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results
