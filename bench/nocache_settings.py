"""
MedReview with every Django cache off, for the benchmark's "every cache off" row: the
dummy cache backend (every read misses, nothing is stored) and no published pages in
the cache, so each article page comes from the database (one query).
"""

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
PUBLISHED_PAGES_IN_CACHE = False
