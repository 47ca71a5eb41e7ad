"""
The pages every quality gate checks (accessibility, valid HTML, no inline code).

A new reader page joins every gate by adding one line here.
"""

from dataclasses import dataclass

from accounts.audiences import Audience


@dataclass(frozen=True)
class GatedPage:
    name: str
    path: str
    status: int = 200
    user: str | None = None  # a demo account to sign in as, or None for an anonymous reader


READER_PAGES = [
    GatedPage("home", "/"),
    GatedPage("index", "/articles/"),
    GatedPage("leg-cramps", "/articles/leg-cramps/"),
    *[GatedPage(f"leg-cramps-{a.value}", f"/articles/leg-cramps/?audience={a.value}") for a in Audience],
    GatedPage("approved-article", "/articles/low-back-pain/"),
    GatedPage("board", "/board/"),
    GatedPage("editorial-policy", "/editorial-policy/"),
    GatedPage("search-empty", "/search/"),
    GatedPage("search-results", "/search/?q=calf+cramps+at+night"),
    GatedPage("search-no-results", "/search/?q=zzzz"),
    GatedPage("not-found", "/articles/no-such-article/", status=404),
    GatedPage("login", "/accounts/login/"),
    GatedPage("password-reset", "/accounts/password_reset/"),
    GatedPage("password-reset-bad-link", "/accounts/reset/MQ/not-a-token/"),
]

STAFF_PAGES = [
    GatedPage("editor-dashboard", "/editor/", user="editor"),
    GatedPage("editor-new", "/editor/articles/new/", user="editor"),
    GatedPage("editor-edit", "/articles/leg-cramps/edit/", user="editor"),
    GatedPage("editor-paste", "/editor/import/", user="editor"),
    GatedPage("editor-history", "/articles/leg-cramps/history/", user="editor"),
    GatedPage("editor-compare", "/articles/low-back-pain/compare/", user="editor"),
    GatedPage("editor-revision", "/articles/leg-cramps/revisions/1/?audience=patient", user="editor"),
    GatedPage("editor-restore", "/articles/leg-cramps/revisions/1/restore/", user="editor"),
    GatedPage("password-change", "/accounts/password_change/", user="editor"),
    GatedPage("forbidden", "/articles/leg-cramps/edit/", status=403, user="reviewer"),
]

ALL_PAGES = READER_PAGES + STAFF_PAGES

PAGE_IDS = [page.name for page in ALL_PAGES]
