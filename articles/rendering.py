"""
The one place where author text becomes HTML.

Markdown → HTML with raw HTML switched off (it is shown as text), then sanitized by an
allowlist with nh3, the maintained binding to the Ammonia sanitizer. bleach, named by
the first design, is unmaintained since its final 6.4.0 release (see README); keeping
the sanitizer behind `sanitize()` means it can be swapped here and nowhere else.
"""

import re
import threading

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "sub", "sup", "ul"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"


class _NoRawHtml(markdown.Extension):
    """Treat raw HTML in Markdown as text: authors write Markdown, not HTML."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes; links get rel=nofollow noopener."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


# Python-Markdown's work grows with the text times its unmatched brackets, and nested
# block markers on one line ("1. 1. 1. …") recurse once each. These bounds keep any text
# a writer can save to a few tens of milliseconds (tests/articles/test_slow_inputs.py).
MAX_TEXT_LENGTH = 6000
MAX_BRACKETS = 40
MAX_NESTING = 8
_BLOCK_MARKER = re.compile(r"[ \t]{0,3}(?:>|[-+*][ \t]|\d{1,9}[.)][ \t])[ \t]*")


def _nesting(line: str) -> int:
    """How many block markers (quote or list) open one line, counted without backtracking."""
    depth, position = 0, 0
    while depth <= MAX_NESTING:
        match = _BLOCK_MARKER.match(line, position)
        if match is None or match.end() == position:
            break
        depth, position = depth + 1, match.end()
    return depth


def markdown_problems(text: str) -> list[str]:
    """What makes `text` too costly to render as Markdown, as sentences a writer can act on."""
    problems = []
    if len(text) > MAX_TEXT_LENGTH:
        problems.append(f"is {len(text):,} characters long; keep it to {MAX_TEXT_LENGTH:,}.")
    if text.count("[") > MAX_BRACKETS:
        problems.append(f"has more than {MAX_BRACKETS} square brackets; use fewer links.")
    if any(_nesting(line) > MAX_NESTING for line in text[: MAX_TEXT_LENGTH * 2].split("\n")):
        problems.append(f"nests quotes or lists more than {MAX_NESTING} deep.")
    return problems


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown converter per thread, reset between texts (building one costs more than converting)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(
            extensions=[_NoRawHtml(), "sane_lists"], output_format="html"
        )
    return converter.reset()


def _as_plain_text(text: str) -> str:
    """A text too costly for Markdown, shown as escaped paragraphs instead."""
    paragraphs = [p.strip() for p in text[:MAX_TEXT_LENGTH].split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def render_markdown(text: str) -> SafeString:
    """Author Markdown → sanitized HTML, safe to put in a page as it is.

    Text saved before today's limits, or that bypassed validation, still renders in
    bounded time: it is shown as plain paragraphs instead of Markdown."""
    if not text:
        return mark_safe("")
    if markdown_problems(text):
        return mark_safe(_as_plain_text(text))  # noqa: S308 — escaped paragraph by paragraph
    try:
        html = _converter().convert(text)
    except RecursionError:
        html = _as_plain_text(text)
    return mark_safe(sanitize(html))  # noqa: S308 — sanitized by the allowlist just above
