"""The site's addresses: each part of the web layer under its own prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    # Reader pages in every language: English unprefixed (today's addresses), Spanish under /es/.
    *i18n_patterns(path("", include("web.reader.urls")), prefix_default_language=False),
    path("editor/", include("web.editor.urls")),
    path("review/", include("web.board.urls")),
    path("accounts/", include("web.accounts.urls")),
    path("articles/", include("web.moved")),  # old addresses of staff pages: redirects
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler400 = "config.errors.bad_request"
# The 503 page when the database cannot be reached (raised outside a view), else the 500 page.
handler500 = "config.errors.server_error"
