"""
Bounded work for any input (a benchmark-style check): the inputs that once took a worker
tens of seconds go through readability, rendering, validation and the editor's preview.
Each prints its time; the test fails only on a gross bound, so CI noise cannot flake it.
"""

import time

import pytest
from django.urls import reverse

from articles.content import Document, Entry, Tier, document_errors
from articles.readability import readability
from articles.rendering import render_markdown
from tests import factories
from tests.helpers import post_data

GROSS_BOUND_SECONDS = 2.0

SLOW_INPUTS = {
    "20,000 newlines": "\n" * 20_000 + "Cramps at night.",
    "16 KB of [a](": "[a](" * 4_000,
    "10,000 [": "[" * 10_000,
    "16 KB of [a][": "[a][" * 4_000,
    "deep > quotes": "> " * 5_000 + "x",
    "nested list markers": "1. " * 3_000 + "x",
    "long list": "\n".join(f"- item {n}" for n in range(3_000)),
    "200 KB of spaces": " " * 200_000 + "word.",
}


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


@pytest.mark.parametrize("name", SLOW_INPUTS)
def test_readability_rendering_and_validation_take_bounded_time(name):
    text = SLOW_INPUTS[name]
    entry = Entry(name="Test", clinical=text, plain=text)
    document = Document(tiers={Tier.MOST_LIKELY: (entry,)})
    _, grade_time = timed(readability, text)
    html, render_time = timed(render_markdown, text)
    errors, validate_time = timed(document_errors, document)
    print(
        f"\n{name:22s} readability {grade_time * 1000:7.1f} ms · render {render_time * 1000:7.1f} ms"
        f" · validate {validate_time * 1000:7.1f} ms"
    )
    for seconds in (grade_time, render_time, validate_time):
        assert seconds < GROSS_BOUND_SECONDS
    assert "<script" not in html


@pytest.mark.parametrize("name", ["20,000 newlines", "16 KB of [a](", "nested list markers", "long list"])
def test_the_editors_preview_answers_quickly_with_a_message_beside_the_field(client, editor, name):
    article = factories.make_article(by=editor)
    client.force_login(editor)
    fields = factories.fields()
    data = post_data(fields, action="preview", reason="Trying a long text")
    data["tier-most_likely-0-plain"] = SLOW_INPUTS[name]
    response, seconds = timed(client.post, reverse("editor:edit", kwargs={"slug": article.slug}), data)
    print(f"\npreview with {name:22s} {seconds * 1000:7.1f} ms → {response.status_code}")
    assert seconds < GROSS_BOUND_SECONDS
    html = response.content.decode()
    if name == "20,000 newlines":  # blank lines are harmless and simply trimmed
        assert response.status_code == 200 and "Cramps at night." in html
    else:  # refused, with the message beside the field
        assert response.status_code == 400
        assert 'id="id_tier-most_likely-0-plain_error"' in html
    assert article.history.count() == 1


def test_text_that_bypassed_validation_still_renders_as_plain_paragraphs():
    html = str(render_markdown("[a](" * 4_000))
    assert html.startswith("<p>[a](") and "<a " not in html
