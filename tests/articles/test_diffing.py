import dataclasses

import pytest

from articles.canonical import to_markdown
from articles.content import Entry, Tier
from articles.diffing import compare, entry_changes, side, word_diff
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
