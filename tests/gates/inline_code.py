"""No inline script or style: the CSP forbids them, so none may be written."""

import re

# Inline code: a <script> with no src, except JSON-LD data blocks (data, never run).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def inline_code_in(html: str) -> list[str]:
    """What in this HTML (a template or a rendered page) is inline script or style."""
    problems = []
    for label, pattern in (
        ("inline <script>", INLINE_SCRIPT),
        ("style attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("event handler attribute", EVENT_HANDLER),
        ("javascript: URL", JS_URL),
    ):
        problems += [f"{label}: {m.group(0)[:80]}" for m in pattern.finditer(html)]
    return problems
