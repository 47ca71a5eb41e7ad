"""
The site's cache, used so that it can never lie and never break a page.

- Every key names the **render version** (a digest of the templates, the Python modules
  that shape rendered output, the sanitizer's allowlist and the versions of the libraries
  that render) and the **database identity** (a random id made when the database was
  created and renewed by a restore), so a deployment, a restored database or a Redis
  shared between sites can never serve another rendering's or another database's bytes.
- A cache that is down makes the site slower, never broken: reads miss, writes are
  dropped, and the failure is logged once until the cache answers again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import DatabaseIdentity
from articles.presentation import Presentation, body_html, content_digest

logger = logging.getLogger(__name__)

# Bump by hand when output changes for a reason the digest cannot see.
RENDER_SCHEMA = "1"
# Modules whose code decides what the rendered bytes are.
_RENDERING_MODULES = (
    "articles/rendering.py",
    "articles/presentation.py",
    "articles/content.py",
    "articles/structured_data.py",
    "accounts/audiences.py",
    "publishing/pages.py",
    "web/reader/pages.py",
)
_RENDERING_LIBRARIES = ("Django", "Markdown", "nh3")


def render_version() -> str:
    """A short digest of everything that shapes rendered pages (once per process; on every call with DEBUG,
    so that a template edited during development shows at once)."""
    if settings.DEBUG:
        return _render_version()
    return _cached_render_version()


def _render_version() -> str:
    digest = hashlib.sha256(RENDER_SCHEMA.encode())
    for name in _RENDERING_LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}".encode())
    base = Path(settings.BASE_DIR)
    files = [base / name for name in _RENDERING_MODULES]
    for directory in settings.TEMPLATES[0]["DIRS"]:
        files += sorted(Path(directory).rglob("*.html"))
    for directory in settings.LOCALE_PATHS:  # translated interface strings appear in pages
        files += sorted(Path(directory).rglob("*.mo"))
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"  # hashed static names appear in pages
    if manifest.exists():
        files.append(manifest)
    for path in files:
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_cached_render_version = functools.cache(_render_version)
render_version.cache_clear = _cached_render_version.cache_clear  # for tests that change templates


_identities: dict[tuple, str] = {}
_identity_lock = threading.Lock()


def database_identity(using: str = DEFAULT_DB_ALIAS) -> str:
    """The id of the database this process talks to (read once per process and database)."""
    settings_dict = connections[using].settings_dict
    where = (using, settings_dict["ENGINE"], str(settings_dict["NAME"]), settings_dict.get("HOST", ""))
    with _identity_lock:
        if where not in _identities:
            _identities[where] = DatabaseIdentity.current(using=using)
        return _identities[where]


def forget_database_identity() -> None:
    """Drop the remembered identities (after a restore renewed them, or in tests)."""
    with _identity_lock:
        _identities.clear()


def key(*parts: object) -> str:
    """A cache key for `parts` that names the render version and the database."""
    return ":".join(["mr", render_version(), database_identity(), *(str(p) for p in parts)])


_failing = threading.Event()


def _failed(action: str, error: Exception) -> None:
    if not _failing.is_set():
        _failing.set()
        logger.warning("Cache unavailable (%s failed: %s); serving without it until it answers again.", action, error)


def _answered() -> None:
    if _failing.is_set():
        _failing.clear()
        logger.warning("Cache answers again.")


def get(cache_key: str, default=None):
    """cache.get that treats an unreachable cache as a miss."""
    try:
        value = cache.get(cache_key, default)
    except Exception as error:  # any backend's connection error: the cache is only an optimisation
        _failed("get", error)
        return default
    _answered()
    return value


def set(cache_key: str, value, timeout=None) -> None:  # noqa: A001 — mirrors cache.set
    """cache.set that drops the value when the cache is unreachable."""
    try:
        cache.set(cache_key, value, timeout)
    except Exception as error:
        _failed("set", error)
        return
    _answered()


def add(cache_key: str, value, timeout=None) -> None:
    """cache.add (set only if absent) that does nothing when the cache is unreachable."""
    try:
        cache.add(cache_key, value, timeout)
    except Exception as error:
        _failed("add", error)
        return
    _answered()


def delete(cache_key: str) -> None:
    """cache.delete that does nothing when the cache is unreachable."""
    try:
        cache.delete(cache_key)
    except Exception as error:
        _failed("delete", error)
        return
    _answered()


BODY_CACHE_SECONDS = 60 * 60 * 24 * 30  # a month: a revision never changes; this only bounds the memory kept


def article_body_html(revision, presentation: Presentation) -> str:
    """
    The rendered differential of one revision for one audience. A revision never
    changes, so its rendering is cached, keyed by the render version, the database,
    the revision, the audience, the interface language (the headings are translated) and
    a digest of the document itself (so not even a reused revision id after a restore can
    bring back another text).
    """
    history_id = getattr(revision, "history_id", None)
    language = get_language()
    cache_key = key("body", history_id, presentation.key, language, content_digest(revision)) if history_id else None
    html = get(cache_key) if cache_key else None
    if html is None:
        html = body_html(revision, presentation)
        if cache_key:  # an unsaved preview has no id and is never cached
            set(cache_key, str(html), timeout=BODY_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 — our template's output, with author text sanitized
