from pathlib import Path

import pytest

from articles import canonical
from articles.canonical import ArticleTextError, parse, to_markdown
from articles.content import Document, Entry, Reference, Tier
from demo.loader import DEMO_DIR
from tests import factories

DEMO_FILES = sorted(DEMO_DIR.glob("*.md"))


def test_there_are_demo_articles():
    assert {p.stem for p in DEMO_FILES} >= {"leg-cramps", "low-back-pain"}


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.stem)
def test_demo_articles_round_trip_without_loss(path: Path):
    text = path.read_text(encoding="utf-8")
    fields = parse(text)
    assert to_markdown(fields) == text
    assert parse(to_markdown(fields)) == fields


def test_tricky_content_round_trips():
    doc = Document(
        tiers={
            Tier.MOST_LIKELY: (
                Entry(
                    name="Name: with a colon (e.g., this)",
                    clinical=(
                        "Para one with **bold** and a [link](https://example.org).\n\n"
                        "- a list\n- in text\n\n---\n\nAfter a rule."
                    ),
                    plain="Plain 1.\n\n1. numbered\n2. list",
                    emergency_signs=("Sign one: urgent", "- starts with a dash"),
                ),
            ),
            Tier.RARE: (Entry(name="Only clinical", clinical="Text."),),
        },
        references=(
            Reference(citation="Cite one. URL: not a field", url="https://example.org/a", pmid="123", doi="10.1000/x"),
            Reference(citation="Cite two."),
        ),
    )
    fields = factories.fields(document=doc, summary="Line one.\nLine two.")
    assert parse(to_markdown(fields)) == fields.normalised()


def test_empty_tiers_are_written_so_diffs_stay_aligned():
    text = to_markdown(factories.fields(document=Document()))
    for tier in Tier:
        assert f"## {tier.heading}" in text


def _lines_of(text):
    return text.split("\n")


@pytest.mark.parametrize(
    ("mutate", "line_no", "message"),
    [
        (lambda t: t.replace("---\n", "", 1), 1, "header"),
        (lambda t: t.replace("slug: leg-cramps", "colour: blue"), 3, "expected one of"),
        (lambda t: t.replace("## Rare Diagnoses", "## Unusual Diagnoses"), None, "is not a section"),
        (lambda t: t.replace("#### Plain language", "#### Lay text", 1), None, "is not a part of a diagnosis"),
        (lambda t: t.replace("- Swelling in one leg", "Swelling in one leg"), None, "warning sign"),
        (lambda t: t.replace("1. Allen RE", "Allen RE"), None, "each reference"),
        (
            lambda t: t.replace("## Other Likely Diagnoses\n\n", "## Other Likely Diagnoses\n\nstray text\n\n"),
            None,
            "before the first diagnosis",
        ),
    ],
)
def test_malformed_text_names_the_line(mutate, line_no, message):
    good = to_markdown(factories.fields())
    bad = mutate(good)
    assert bad != good
    with pytest.raises(ArticleTextError) as excinfo:
        parse(bad)
    error = excinfo.value
    assert message in error.message
    assert error.line is not None
    if line_no is not None:
        assert error.line == line_no
    # The named line really is where the problem is (or just after the header).
    assert 1 <= error.line <= len(_lines_of(bad))
    assert str(error).startswith(f"line {error.line}:")


def test_a_document_rule_broken_in_text_is_reported():
    text = to_markdown(factories.fields()).replace("Deposition of amyloid proteins.", "")
    with pytest.raises(ArticleTextError, match="clinical text is missing"):
        parse(text)


def test_looks_canonical():
    assert canonical.looks_canonical("---\ntitle: x")
    assert not canonical.looks_canonical("Differential Diagnosis for X")


THREE_LEVELS = """---
title: Differential Diagnosis for Leg Cramps
slug: leg-cramps
condition: Leg cramps
---

## Single Most Likely Diagnosis

### Benign nocturnal leg cramps

Sudden painful calf contractions at night.

#### Get emergency help now

- A cold, pale, painful leg

#### Get help today if

- One leg swollen, warm and red

#### See a doctor soon if

- Cramps that disturb sleep most nights

## References

## Must not miss

- Deep vein thrombosis
- Acute limb ischaemia
"""


def test_three_levels_of_urgency_and_the_must_not_miss_list_survive_a_round_trip():
    from articles.content import Urgency

    fields = parse(THREE_LEVELS)
    entry = fields.document.entries(Tier.MOST_LIKELY)[0]
    assert entry.signs(Urgency.EMERGENCY) == ("A cold, pale, painful leg",)
    assert entry.signs(Urgency.TODAY) == ("One leg swollen, warm and red",)
    assert entry.signs(Urgency.SOON) == ("Cramps that disturb sleep most nights",)
    assert fields.document.must_not_miss == ("Deep vein thrombosis", "Acute limb ischaemia")
    assert parse(to_markdown(fields)) == fields
    assert Document.from_json(fields.document.to_json()) == fields.document


def test_a_document_saved_with_two_levels_reads_with_no_sign_lost():
    old = {
        "tiers": {"most_likely": [{"name": "X", "clinical": "Y", "emergency_signs": ["A"], "see_doctor_signs": ["B"]}]}
    }
    entry = Document.from_json(old).entries(Tier.MOST_LIKELY)[0]
    assert (entry.emergency_signs, entry.today_signs, entry.see_doctor_signs) == (("A",), (), ("B",))
