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
]

PAGE_IDS = [page.name for page in READER_PAGES]
