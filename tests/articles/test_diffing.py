import dataclasses
from pathlib import Path

import pytest

from articles.canonical import to_markdown
from articles.content import Entry, Tier
from articles.diffing import Budget, compare, entry_changes, readable, sentences, side, text_change, word_diff
from tests import factories

DVT = Entry(name="DVT", clinical="Clot.", emergency_signs=("Swelling",))
PAD = Entry(name="PAD", clinical="Claudication.")
GOUT = Entry(name="Gout", clinical="Urate.")
CRAMP = Entry(name="Cramp", clinical="Common.")


def doc(**tiers):
    return factories.document(
        tiers={Tier.MOST_LIKELY: (), Tier.OTHER_LIKELY: (), Tier.DO_NOT_MISS: (), Tier.RARE: (), **tiers}
    )


def revision(document, **changes):
    """Anything with the article fields will do for compare()."""
    return factories.fields(document=document, **changes)


def texts(old, new):
    return to_markdown(old), to_markdown(new)


def assert_sides_rebuild(old_text, new_text):
    chunks = word_diff(old_text, new_text)
    assert side(chunks, "delete") == old_text
    assert side(chunks, "insert") == new_text
    return chunks


def test_an_added_entry():
    old = revision(doc(**{"do_not_miss": (DVT,)}))
    new = revision(doc(**{"do_not_miss": (DVT, PAD)}))
    chunks = assert_sides_rebuild(*texts(old, new))
    inserted = "".join(c.text for c in chunks if c.op == "insert")
    assert "### PAD" in inserted and "Claudication." in inserted
    assert not any(c.op == "delete" for c in chunks)
    assert [str(c) for c in entry_changes(old.document, new.document)] == ["PAD: added to Do Not Miss Diagnoses"]


def test_a_removed_entry():
    old = revision(doc(**{"rare": (GOUT, CRAMP)}))
    new = revision(doc(**{"rare": (CRAMP,)}))
    chunks = assert_sides_rebuild(*texts(old, new))
    deleted = "".join(c.text for c in chunks if c.op == "delete")
    assert "### Gout" in deleted and "Urate." in deleted
    assert "### Cramp" not in deleted
    assert [str(c) for c in entry_changes(old.document, new.document)] == ["Gout: removed from Rare Diagnoses"]


def test_reordered_entries():
    old = revision(doc(**{"rare": (GOUT, CRAMP, PAD)}))
    new = revision(doc(**{"rare": (CRAMP, PAD, GOUT)}))
    chunks = assert_sides_rebuild(*texts(old, new))
    # Gout is taken out where it was and put in where it is now; the others are untouched.
    assert "### Gout" in "".join(c.text for c in chunks if c.op == "delete")
    assert "### Gout" in "".join(c.text for c in chunks if c.op == "insert")
    changes = [str(c) for c in entry_changes(old.document, new.document)]
    assert changes == ["Gout: reordered within Rare Diagnoses"]


def test_an_entry_moved_to_another_tier():
    old = revision(doc(**{"other_likely": (DVT, CRAMP)}))
    new = revision(doc(**{"other_likely": (CRAMP,), "do_not_miss": (DVT,)}))
    chunks = assert_sides_rebuild(*texts(old, new))
    old_text, new_text = texts(old, new)
    deleted = "".join(c.text for c in chunks if c.op == "delete")
    inserted = "".join(c.text for c in chunks if c.op == "insert")
    assert "### DVT" in deleted and "### DVT" in inserted
    # It is inserted under its new tier heading.
    assert new_text.index("### DVT") > new_text.index("## Do Not Miss Diagnoses")
    assert [str(c) for c in entry_changes(old.document, new.document)] == [
        "DVT: moved from Other Likely Diagnoses to Do Not Miss Diagnoses"
    ]


def test_an_edited_entry_is_a_word_level_change():
    edited = dataclasses.replace(GOUT, clinical="Monosodium urate crystals.")
    old, new = revision(doc(rare=(GOUT,))), revision(doc(rare=(edited,)))
    chunks = assert_sides_rebuild(*texts(old, new))
    assert [c for c in chunks if c.op != "equal"] == [
        type(chunks[0])("delete", "Urate."),
        type(chunks[0])("insert", "Monosodium urate crystals."),
    ]
    assert [str(c) for c in entry_changes(old.document, new.document)] == ["Gout: edited"]


def test_identical_revisions_compare_as_identical():
    fields = revision(doc(rare=(GOUT,)))
    assert compare(fields, fields).identical


@pytest.mark.parametrize(
    ("old", "new"),
    [("", "a b c"), ("a b c", ""), ("one two\nthree", "one 2\nthree four\n"), ("x\n" * 50, "y\n" + "x\n" * 49)],
)
def test_word_diff_always_rebuilds_both_texts(old, new):
    assert_sides_rebuild(old, new)


# --- the readable diff ---------------------------------------------------------------------

LONG = Entry(
    name="Cramp",
    clinical="Common at night. Often in the calf. Stretching helps. Usually harmless.",
    emergency_signs=("Chest pain",),
)


def readable_of(old, new):
    return compare(revision(old), revision(new)).readable


def test_sentences_join_back_to_the_text():
    text = "One. Two?  Three!\n\nFour without end"
    assert sentences(text) == ["One. ", "Two?  ", "Three!\n\n", "Four without end"]
    assert "".join(sentences(text)) == text


def test_a_one_word_change_is_one_sentence_with_the_word_marked_and_the_rest_folded():
    edited = dataclasses.replace(
        LONG, clinical="Common at night. Often in the thigh. Stretching helps. Usually harmless."
    )
    diff = readable_of(doc(rare=(LONG, GOUT), other_likely=(PAD,)), doc(rare=(edited, GOUT), other_likely=(PAD,)))
    rare = next(t for t in diff.tiers if t.tier == Tier.RARE)
    assert rare.unchanged == ("Gout",)
    [entry] = rare.changed
    assert (entry.name, entry.kinds) == ("Cramp", ("edited",))
    [text] = entry.texts
    assert text.label == "Clinical text (physician)"
    assert [p.folded for p in text.passages] == [1, 0, 2]
    changed = text.passages[1].chunks
    assert [(c.op, c.text) for c in changed if c.op != "equal"] == [("delete", "calf."), ("insert", "thigh.")]
    assert "".join(c.text for c in changed if c.op != "insert") == "Often in the calf. "
    other = next(t for t in diff.tiers if t.tier == Tier.OTHER_LIKELY)
    assert (other.changed, other.unchanged) == ((), ("PAD",))
    assert diff.facts == () and diff.summary is None


def test_moved_and_reordered_entries_are_named_in_both_places():
    sciatica = Entry(name="Sciatica", clinical="Nerve root.")
    diff = readable_of(
        doc(other_likely=(DVT, CRAMP), rare=(GOUT, PAD, sciatica)),
        doc(other_likely=(CRAMP,), do_not_miss=(DVT,), rare=(PAD, sciatica, GOUT)),
    )
    by_tier = {t.tier: t for t in diff.tiers}
    assert [(e.name, e.kinds, e.note) for e in by_tier[Tier.DO_NOT_MISS].changed] == [
        ("DVT", ("moved",), "moved here from Other Likely Diagnoses")
    ]
    assert [(e.name, e.note) for e in by_tier[Tier.OTHER_LIKELY].changed] == [("DVT", "moved to Do Not Miss Diagnoses")]
    assert [(e.name, e.kinds) for e in by_tier[Tier.RARE].changed] == [("Gout", ("reordered",))]
    assert by_tier[Tier.RARE].unchanged == ("PAD", "Sciatica")


def test_added_and_removed_entries_show_their_whole_text():
    diff = readable_of(doc(rare=(GOUT,)), doc(rare=(PAD,)))
    [added, removed] = next(t for t in diff.tiers if t.tier == Tier.RARE).changed
    assert (added.name, added.kinds, removed.name, removed.kinds) == ("PAD", ("added",), "Gout", ("removed",))
    assert [(c.op, c.text) for c in added.texts[0].passages[0].chunks] == [("insert", "Claudication.")]
    assert [(c.op, c.text) for c in removed.texts[0].passages[0].chunks] == [("delete", "Urate.")]


def test_metadata_references_and_urgency_lists_are_a_short_list_at_the_top():
    from articles.content import Reference

    old_refs = (Reference("NICE CKS: Leg cramps."), Reference("Old review.", pmid="123"))
    new_refs = (Reference("NICE CKS: Leg cramps."), Reference("Old review.", pmid="124"), Reference("New trial."))
    warned = dataclasses.replace(LONG, emergency_signs=("Chest pain", "Fainting"), see_doctor_signs=("Weak leg",))
    old = revision(factories.document(tiers={Tier.RARE: (LONG,)}, references=old_refs), title="Old title")
    new = revision(factories.document(tiers={Tier.RARE: (warned,)}, references=new_refs), title="New title")
    facts = [(f.label, f.old, f.new, f.text) for f in compare(old, new).readable.facts]
    assert facts == [
        ("Title", "Old title", "New title", ""),
        ("Reference 2 changed", "Old review. (PMID 123)", "Old review. (PMID 124)", ""),
        ("Reference 3 added", "", "New trial.", ""),
        ("Cramp, “Get emergency help now”", "", "", "1 added"),
        ("Cramp, “See a doctor soon if”", "", "", "1 added"),
    ]
    [entry] = next(t for t in compare(old, new).readable.tiers if t.tier == Tier.RARE).changed
    assert [(s.label, s.added, s.removed) for s in entry.signs] == [
        ("Get emergency help now", ("Fainting",), ()),
        ("See a doctor soon if", ("Weak leg",), ()),
    ]


def test_repetitive_text_beyond_the_bound_is_one_deletion_and_one_insertion_not_minutes_of_matching():
    old, new = "a b " * 1500, "b a " * 1500  # difflib alone takes minutes over these
    change = text_change("Clinical text (physician)", old, new)
    [passage] = change.passages
    assert [c.op for c in passage.chunks] == ["delete", "insert"]
    assert "".join(c.text for c in passage.chunks if c.op == "delete") == old
    chunks = word_diff(old, new)
    assert side(chunks, "delete") == old and side(chunks, "insert") == new


def test_a_comparison_stops_matching_finely_when_its_budget_is_spent_and_stays_exact():
    budget = Budget(pairs=10)
    fine = text_change("x", "One two three.", "One two four.", Budget())
    coarse = text_change("x", "One two three.", "One two four.", budget)
    assert [c.op for c in fine.passages[0].chunks] == ["equal", "delete", "insert"]
    assert [c.op for c in coarse.passages[0].chunks] == ["delete", "insert"]
    assert budget.left == 10 - 1  # one sentence against one was matched; the words were not


def test_an_ordinary_revision_of_a_whole_demo_article_stays_within_the_budget():
    from articles.canonical import parse

    path = Path(__file__).resolve().parents[2] / "demo" / "leg-cramps.md"
    old = parse(path.read_text())
    new_tiers = {
        tier: tuple(
            dataclasses.replace(e, clinical=e.clinical.replace(" the ", " a ", 2)) for e in old.document.entries(tier)
        )
        for tier in Tier
    }
    new = dataclasses.replace(old, document=dataclasses.replace(old.document, tiers=new_tiers))
    budget = Budget()
    diff = readable(old, new, budget)
    assert budget.left > 0
    sentences_marked = [p for t in diff.tiers for e in t.changed for c in e.texts for p in c.passages if p.chunks]
    assert sentences_marked and all(any(c.op == "equal" for c in p.chunks) for p in sentences_marked)
