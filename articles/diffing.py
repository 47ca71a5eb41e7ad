"""
Comparing two revisions: a word-level diff of their canonical text (so it reads like a
document), and a summary of which diagnoses were added, removed or moved.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from articles.canonical import to_markdown
from articles.content import ArticleFields, Document

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


_SECTION = re.compile(r"^(?=## )", re.MULTILINE)


def _sections(text: str) -> list[str]:
    return _SECTION.split(text)


def _heading(section: str) -> str:
    return section.split("\n", 1)[0] if section.startswith("## ") else ""


def word_diff(old: str, new: str) -> list[Chunk]:
    """
    The changes from `old` to `new`, word by word. When both texts have the same
    sections ("## " headings: the tiers and references, always all present in the
    canonical form), each section is compared with its namesake, so an entry moved to
    another tier reads as removed from one and added to the other. Within a section,
    lines are matched first, so a moved block is one deletion and one insertion.
    Joining the "equal" and "delete" chunks gives `old`; "equal" and "insert", `new`.
    """
    old_sections, new_sections = _sections(old), _sections(new)
    if len(old_sections) > 1 and [_heading(s) for s in old_sections] == [_heading(s) for s in new_sections]:
        chunks: list[Chunk] = []
        for before, after in zip(old_sections, new_sections, strict=True):
            chunks += _line_diff(before, after)
        return _merge(chunks)
    return _merge(_line_diff(old, new))


def _line_diff(old: str, new: str) -> list[Chunk]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    chunks: list[Chunk] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            chunks.append(Chunk("equal", before))
        elif op == "delete":
            chunks.append(Chunk("delete", before))
        elif op == "insert":
            chunks.append(Chunk("insert", after))
        else:
            chunks.extend(_word_chunks(before, after))
    return chunks


def _word_chunks(old: str, new: str) -> list[Chunk]:
    a, b = _tokens(old), _tokens(new)
    # Segments: ["equal", text] or ["change", old_text, new_text].
    segments: list[list[str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(["equal", "".join(a[i1:i2])])
        else:
            segments.append(["change", "".join(a[i1:i2]), "".join(b[j1:j2])])
    # A lone space between two changes joins them, so that a rewritten phrase reads as
    # one deletion and one insertion rather than word-by-word alternation.
    joined: list[list[str]] = []
    for index, segment in enumerate(segments):
        between_changes = (
            segment[0] == "equal"
            and not segment[1].strip()
            and 0 < index < len(segments) - 1
            and segments[index - 1][0] == "change"
            and segments[index + 1][0] == "change"
        )
        if between_changes:
            segment = ["change", segment[1], segment[1]]
        if segment[0] == "change" and joined and joined[-1][0] == "change":
            joined[-1][1] += segment[1]
            joined[-1][2] += segment[2]
        else:
            joined.append(segment)
    chunks = []
    for segment in joined:
        if segment[0] == "equal":
            chunks.append(Chunk("equal", segment[1]))
        else:
            chunks += [Chunk("delete", segment[1]), Chunk("insert", segment[2])]
    return chunks


def _merge(chunks: list[Chunk]) -> list[Chunk]:
    merged: list[Chunk] = []
    for chunk in chunks:
        if not chunk.text:
            continue
        if merged and merged[-1].op == chunk.op:
            merged[-1] = Chunk(chunk.op, merged[-1].text + chunk.text)
        else:
            merged.append(chunk)
    return merged


def side(chunks: list[Chunk], which: str) -> str:
    """Rebuild the old ("delete") or new ("insert") text from a diff."""
    return "".join(c.text for c in chunks if c.op in ("equal", which))


@dataclass(frozen=True)
class EntryChange:
    kind: str  # "added", "removed", "moved", "reordered", "edited"
    name: str
    detail: str = ""

    def __str__(self):
        return f"{self.name}: {self.kind}{' ' + self.detail if self.detail else ''}"


def entry_changes(old: Document, new: Document) -> list[EntryChange]:
    """Which diagnoses were added, removed, moved to another tier, reordered or edited."""
    before, after = _index(old), _index(new)
    reordered = _reordered(old, new, before, after)
    changes: list[EntryChange] = []
    for key, (tier, entry) in after.items():
        if key not in before:
            changes.append(EntryChange("added", entry.name, f"to {tier.heading}"))
            continue
        old_tier, old_entry = before[key]
        if old_tier != tier:
            changes.append(EntryChange("moved", entry.name, f"from {old_tier.heading} to {tier.heading}"))
        elif key in reordered:
            changes.append(EntryChange("reordered", entry.name, f"within {tier.heading}"))
        if old_entry != entry:
            changes.append(EntryChange("edited", entry.name))
    for key, (tier, entry) in before.items():
        if key not in after:
            changes.append(EntryChange("removed", entry.name, f"from {tier.heading}"))
    return changes


def _index(doc: Document) -> dict:
    return {entry.name.casefold(): (tier, entry) for tier, entry in doc.all_entries()}


def _reordered(old: Document, new: Document, before: dict, after: dict) -> set[str]:
    """Entries that stayed in their tier but changed place relative to the others that did."""
    moved: set[str] = set()
    for tier in {t for t, _ in before.values()}:
        stayed = {k for k, (t, _) in before.items() if t == tier and k in after and after[k][0] == tier}
        old_order = [e.name.casefold() for e in old.entries(tier) if e.name.casefold() in stayed]
        new_order = [e.name.casefold() for e in new.entries(tier) if e.name.casefold() in stayed]
        matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
        kept = {name for block in matcher.get_matching_blocks() for name in old_order[block.a : block.a + block.size]}
        moved |= stayed - kept
    return moved


@dataclass(frozen=True)
class Comparison:
    old: object
    new: object
    chunks: list[Chunk]
    entries: list[EntryChange]

    @property
    def identical(self) -> bool:
        return all(c.op == "equal" for c in self.chunks)


def compare(old_revision, new_revision) -> Comparison:
    """Compare two revisions (or anything with the article fields)."""
    old_text = to_markdown(ArticleFields.of(old_revision))
    new_text = to_markdown(ArticleFields.of(new_revision))
    return Comparison(
        old=old_revision,
        new=new_revision,
        chunks=word_diff(old_text, new_text),
        entries=entry_changes(old_revision.document, new_revision.document),
    )
