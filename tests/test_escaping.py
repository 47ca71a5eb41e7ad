"""
Escaped everywhere: markup typed into every field an editor, a board member or a reader
can fill comes out as text in HTML pages, the feed, the sitemap, e-mail and the CSV export.
"""

import csv
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.management import call_command

from articles.content import Document, Entry, Reference, Tier
from articles.questions import question_ask
from review import workflow
from review.comments import comment_add
from review.exports import safe_cell
from tests import factories

MARK = '<img src=x onerror="alert(1)">'


class LiveMarkup(HTMLParser):
    """Collects what a browser would run or load from author text: img, script, handlers, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("img", "iframe", "object", "embed"):
            self.found.append(tag)
        if tag == "script" and attributes.get("type") != "application/ld+json" and not attributes.get("src"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def hostile_fields():
    entry = Entry(
        name=f"Cramp {MARK}",
        clinical=f"Clinical {MARK} <script>alert(2)</script> [link](javascript:alert(3))",
        plain=f"Plain {MARK}",
        emergency_signs=(f"Sign {MARK}",),
    )
    document = Document(
        tiers={
            Tier.MOST_LIKELY: (entry,),
            Tier.DO_NOT_MISS: (Entry(name="DVT", clinical="Clot.", emergency_signs=("Swelling",)),),
        },
        references=(Reference(citation=f"Citation {MARK}", url="https://example.org/?a=<b>"),),
    )
    return factories.fields(
        title=f"Title {MARK}",
        condition=f"Condition {MARK}",
        specialty=f"Specialty {MARK}",
        summary=f"Summary {MARK}",
        document=document,
    )


@pytest.fixture
def hostile_article(editor, reviewer, django_capture_on_commit_callbacks):
    editor.email, reviewer.email = "editor@example.org", "reviewer@example.org"
    editor.save(), reviewer.save()
    article = factories.make_article(by=editor, **vars(hostile_fields()), reason="Reason =1+1")
    with django_capture_on_commit_callbacks(execute=True):  # the workflow mails after commit
        review = workflow.submit(article=article, by=editor, comment=f"Submit {MARK}")
        workflow.start_review(review=review, by=reviewer)
        comment_add(review=review, by=reviewer, body=f'=HYPERLINK("http://evil") {MARK}', entry_name="")
        workflow.approve(review=review, by=reviewer, comment=f"=cmd|' /C calc'!A0 {MARK}")
    question_ask(article=article, text=f"Question {MARK}", audience="patient", visitor="v")
    return article


def assert_no_live_markup(text, where):
    parser = LiveMarkup()
    parser.feed(text)
    assert parser.found == [], where
    assert "<img" not in text and "<script>alert" not in text, where


@pytest.mark.parametrize(
    "path",
    ["/", "/articles/", "/articles/{slug}/", "/articles/{slug}/?audience=patient", "/search/?q=cramp", "/board/"],
)
def test_reader_pages_show_markup_as_text(client, hostile_article, path):
    html = client.get(path.format(slug=hostile_article.slug)).content.decode()
    assert_no_live_markup(html, path)


@pytest.mark.parametrize(
    "path",
    ["/review/{review}/", "/editor/articles/{slug}/history/", "/review/articles/{slug}/audit/", "/editor/", "/review/"],
)
def test_staff_pages_show_markup_as_text(client, hostile_article, reviewer, path):
    client.force_login(reviewer)
    review = hostile_article.reviews.latest("id")
    response = client.get(path.format(slug=hostile_article.slug, review=review.pk))
    assert response.status_code in (200, 403)
    assert_no_live_markup(response.content.decode(), path)


def test_the_feed_and_sitemap_carry_markup_as_text(client, hostile_article):
    feed = client.get("/feed/").content.decode()
    assert_no_live_markup(feed, "feed")
    entry = ET.fromstring(feed).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}title").text == f"Title {MARK}"
    assert_no_live_markup(client.get("/sitemap.xml").content.decode(), "sitemap")


def test_e_mail_is_plain_text_with_one_line_headers(hostile_article):
    assert mail.outbox, "the workflow sends mail"
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert not getattr(message, "alternatives", None)  # no HTML part to run anything in


def test_the_csv_export_neutralises_formulas(hostile_article, tmp_path):
    path = tmp_path / "audit.csv"
    call_command("export_audit", output=str(path))
    rows = list(csv.reader(io.StringIO(path.read_text())))
    assert len(rows) > 3
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any(cell.startswith("'=cmd") for cell in cells)


def test_safe_cell_quotes_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(start + "1").startswith("'")
    assert safe_cell("Plain") == "Plain"
