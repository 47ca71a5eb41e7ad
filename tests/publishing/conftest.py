"""The fast path and Django's own handler, side by side (tests.serving.Sites)."""

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections

from tests.serving import Sites


@pytest.fixture
def sites(db):
    cache.clear()  # a shared cache outlives each test's database (its keys repeat between tests)
    # As Django's test client does: the test's transaction must outlive each "request".
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield Sites()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
