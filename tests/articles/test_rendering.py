from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.rendering import render_markdown, sanitize

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![pixel](https://evil.example/track.png)",
    "![x](data:image/png;base64,AAAA)",
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    "<svg onload=alert(1)>",
    "<object data=x></object><embed src=x>",
    "<form action=https://evil.example><input name=q></form>",
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    "<!--<script>alert(1)</script>-->",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "`<script>` in code is fine",
]

SAFE_TAGS = {"a", "abbr", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "sub", "sup", "ul"}


class _Elements(HTMLParser):
    """Collects the real elements and attributes of an HTML fragment (not escaped text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements_of(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_leaves_nothing_that_can_run(text):
    html = str(render_markdown(text))
    for tag, attrs in elements_of(html):
        assert tag in SAFE_TAGS, html
        assert not any(name.startswith("on") or name == "style" for name in attrs), html
        if "href" in attrs:
            assert urlsplit(attrs["href"].strip()).scheme in {"http", "https", "mailto"}, html
    assert "<script" not in html.lower()


def test_the_checker_itself_sees_dangerous_markup():
    # Guard against a checker that passes everything.
    assert elements_of('<p><img src="x" onerror="y"></p>') == [("p", {}), ("img", {"src": "x", "onerror": "y"})]
    assert elements_of("<p>&lt;script&gt;</p>") == [("p", {})]


def test_raw_html_is_shown_as_text_not_markup():
    assert str(render_markdown("<b>bold</b>")) == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_links_get_nofollow_noopener():
    html = str(render_markdown("[NICE](https://www.nice.org.uk/guidance/ng158)"))
    assert html == '<p><a href="https://www.nice.org.uk/guidance/ng158" rel="nofollow noopener">NICE</a></p>'


def test_markdown_formatting_survives():
    html = str(render_markdown("**strong** and *em*\n\n- one\n- two"))
    assert "<strong>strong</strong>" in html
    assert "<em>em</em>" in html
    assert "<ul>" in html and "<li>one</li>" in html


def test_sanitizer_alone_strips_what_markdown_would_not_produce():
    html = sanitize(
        '<p class="x" style="color:red">a<script>alert(1)</script><img src="https://evil.example/i.png"></p>'
    )
    assert html == "<p>a</p>"


def test_empty_text_renders_empty():
    assert str(render_markdown("")) == ""
