"""
Comparing two revisions: a word-level diff of their canonical text (so it reads like a
document), and a summary of which diagnoses were added, removed or moved.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from articles.canonical import to_markdown
from articles.content import ArticleFields, Document, Entry, Tier, Urgency

_TOKEN = re.compile(r"\s+|[^\s]+")
# difflib's matcher takes time of the order of len(a) * len(b), and much more on repetitive
# text ("a b a b …" against "b a b a …"), so the work is bounded: per match, and per
# comparison. Beyond either bound a passage is shown as one deletion and one insertion:
# still exact, only less fine. Ordinary edits stay far below both.
MAX_PAIRS_PER_MATCH = 16_000  # e.g. about 60 words against 60 words
MAX_LINE_PAIRS_PER_MATCH = 40_000  # lines of one section of the canonical text, 200 against 200
MAX_PAIRS_PER_COMPARISON = 120_000


class Budget:
    """How much matching one comparison may still do."""

    def __init__(self, pairs: int = MAX_PAIRS_PER_COMPARISON):
        self.left = pairs

    def opcodes(self, a: list[str], b: list[str], per_match: int = MAX_PAIRS_PER_MATCH) -> list:
        """difflib's opcodes from `a` to `b`, or one replacement of everything when over the bounds."""
        pairs = len(a) * len(b)
        if pairs > per_match or pairs > self.left:
            return [("replace", 0, len(a), 0, len(b))]
        self.left -= pairs
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


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


def word_diff(old: str, new: str, budget: Budget | None = None) -> list[Chunk]:
    """
    The changes from `old` to `new`, word by word. When both texts have the same
    sections ("## " headings: the tiers and references, always all present in the
    canonical form), each section is compared with its namesake, so an entry moved to
    another tier reads as removed from one and added to the other. Within a section,
    lines are matched first, so a moved block is one deletion and one insertion.
    Joining the "equal" and "delete" chunks gives `old`; "equal" and "insert", `new`.
    """
    budget = budget or Budget()
    old_sections, new_sections = _sections(old), _sections(new)
    if len(old_sections) > 1 and [_heading(s) for s in old_sections] == [_heading(s) for s in new_sections]:
        chunks: list[Chunk] = []
        for before, after in zip(old_sections, new_sections, strict=True):
            chunks += _line_diff(before, after, budget)
        return _merge(chunks)
    return _merge(_line_diff(old, new, budget))


def _line_diff(old: str, new: str, budget: Budget) -> list[Chunk]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    chunks: list[Chunk] = []
    for op, i1, i2, j1, j2 in budget.opcodes(old_lines, new_lines, MAX_LINE_PAIRS_PER_MATCH):
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            chunks.append(Chunk("equal", before))
        elif op == "delete":
            chunks.append(Chunk("delete", before))
        elif op == "insert":
            chunks.append(Chunk("insert", after))
        else:
            chunks.extend(_word_chunks(before, after, budget))
    return chunks


def _word_chunks(old: str, new: str, budget: Budget) -> list[Chunk]:
    a, b = _tokens(old), _tokens(new)
    # Segments: ["equal", text] or ["change", old_text, new_text].
    segments: list[list[str]] = []
    for op, i1, i2, j1, j2 in budget.opcodes(a, b):
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
    """Two versions of an article. Each view of the change is worked out when first asked for."""

    old: object
    new: object

    @cached_property
    def chunks(self) -> list[Chunk]:
        """The raw diff: the canonical texts, word by word."""
        return word_diff(to_markdown(ArticleFields.of(self.old)), to_markdown(ArticleFields.of(self.new)))

    @cached_property
    def entries(self) -> list[EntryChange]:
        return entry_changes(self.old.document, self.new.document)  # type: ignore[attr-defined]

    @cached_property
    def readable(self) -> Readable:
        return readable(ArticleFields.of(self.old), ArticleFields.of(self.new), Budget())

    @cached_property
    def identical(self) -> bool:
        return ArticleFields.of(self.old).normalised() == ArticleFields.of(self.new).normalised()


def compare(old_revision, new_revision) -> Comparison:
    """Compare two revisions (or anything with the article fields)."""
    return Comparison(old=old_revision, new=new_revision)


# --- The readable diff: per section and per diagnosis, as a reader would see it ----------

# A sentence ends at . ! or ? followed by space, or at a line break; the break stays with
# the sentence before it, so joining the pieces gives the text back.
_SENTENCE = re.compile(r"[^\n]*?(?:[.!?](?=\s)\s*|\n+|$)")
_ENTRY_TEXTS = (
    ("clinical", "Clinical text (physician)"),
    ("nurse", "Nurse and allied health"),
    ("student", "Student"),
    ("plain", "Plain language (patient)"),
    ("caregiver", "Caregiver or family"),
)
_SIGN_LISTS = (("reader_phrases", "How readers describe it"), *((u.field, u.heading) for u in Urgency))


def sentences(text: str) -> list[str]:
    """`text` cut into sentences (and line breaks); joined, they give `text` back."""
    return [s for s in _SENTENCE.findall(text or "") if s]


@dataclass(frozen=True)
class Passage:
    """Part of a changed text: changed sentences (as word chunks), or a run of unchanged ones folded."""

    chunks: tuple[Chunk, ...] = ()
    folded: int = 0  # how many unchanged sentences stand here, not shown


@dataclass(frozen=True)
class TextChange:
    """One text that changed, shown as its changed sentences with the words marked."""

    label: str
    passages: tuple[Passage, ...]


def text_change(label: str, old: str, new: str, budget: Budget | None = None) -> TextChange | None:
    """The sentences of a text that changed, words marked; the unchanged ones folded (None if equal)."""
    if old == new:
        return None
    budget = budget or Budget()
    a, b = sentences(old), sentences(new)
    passages: list[Passage] = []
    for op, i1, i2, j1, j2 in budget.opcodes(a, b):
        if op == "equal":
            passages.append(Passage(folded=i2 - i1))
        else:
            before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
            passages.append(Passage(chunks=tuple(_merge(_word_chunks(before, after, budget)))))
    return TextChange(label, tuple(passages))


@dataclass(frozen=True)
class ListChange:
    """One list of short items (warning signs at one level of urgency): what was added and removed."""

    label: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


def list_change(label: str, old: tuple[str, ...], new: tuple[str, ...]) -> ListChange | None:
    added = tuple(item for item in new if item not in old)
    removed = tuple(item for item in old if item not in new)
    return ListChange(label, added, removed) if added or removed else None


@dataclass(frozen=True)
class EntryDiff:
    """One diagnosis that changed: how (added, removed, edited, moved, reordered), and its changed texts and signs."""

    name: str
    kinds: tuple[str, ...]
    note: str
    texts: tuple[TextChange, ...]
    signs: tuple[ListChange, ...]


def entry_diff(
    old: Entry | None, new: Entry | None, kinds: tuple[str, ...], note: str = "", budget: Budget | None = None
) -> EntryDiff:
    before, after = old or Entry(name="", clinical=""), new or Entry(name="", clinical="")
    budget = budget or Budget()
    texts = [text_change(label, getattr(before, f), getattr(after, f), budget) for f, label in _ENTRY_TEXTS]
    signs = [list_change(label, getattr(before, f), getattr(after, f)) for f, label in _SIGN_LISTS]
    return EntryDiff(
        name=(new or old).name,  # type: ignore[union-attr]  # one of them is always given
        kinds=kinds,
        note=note,
        texts=tuple(t for t in texts if t),
        signs=tuple(s for s in signs if s),
    )


@dataclass(frozen=True)
class TierDiff:
    """One tier: the diagnoses that changed, in the new order, and the names of those that did not."""

    tier: Tier
    changed: tuple[EntryDiff, ...]
    unchanged: tuple[str, ...]

    @property
    def heading(self) -> str:
        return self.tier.heading


@dataclass(frozen=True)
class Fact:
    """One line of the short list at the top: a field or reference that changed, or a list of signs."""

    label: str
    old: str = ""
    new: str = ""
    text: str = ""  # when it is a sentence rather than old -> new


_FACT_FIELDS = (("title", "Title"), ("condition", "Condition"), ("slug", "Web address"), ("specialty", "Specialty"))


def _facts(old: ArticleFields, new: ArticleFields, tiers: list[TierDiff]) -> list[Fact]:
    facts = [
        Fact(label, getattr(old, f), getattr(new, f)) for f, label in _FACT_FIELDS if getattr(old, f) != getattr(new, f)
    ]
    facts += _reference_facts(old.document.references, new.document.references)
    for tier in tiers:
        for entry in tier.changed:
            for signs in entry.signs:
                parts = [f"{len(signs.added)} added"] * bool(signs.added) + [f"{len(signs.removed)} removed"] * bool(
                    signs.removed
                )
                facts.append(Fact(f"{entry.name}, “{signs.label}”", text=" and ".join(parts)))
    return facts


def _reference_line(ref) -> str:
    ids = [f"{label} {value}" for label, value in (("PMID", ref.pmid), ("DOI", ref.doi), ("URL", ref.url)) if value]
    return ref.citation + (f" ({', '.join(ids)})" if ids else "")


def _reference_facts(old: tuple, new: tuple) -> list[Fact]:
    a, b = [_reference_line(r) for r in old], [_reference_line(r) for r in new]
    facts: list[Fact] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            facts.append(Fact(f"Reference {j1 + k + 1} changed", a[i1 + k], b[j1 + k]))
        for k in range(i1 + pairs, i2):
            facts.append(Fact(f"Reference {k + 1} removed", a[k]))
        for k in range(j1 + pairs, j2):
            facts.append(Fact(f"Reference {k + 1} added", new=b[k]))
    return facts


def _tier_diffs(old: Document, new: Document, budget: Budget) -> list[TierDiff]:
    before, after = _index(old), _index(new)
    reordered = _reordered(old, new, before, after)
    tiers = []
    for tier in Tier:
        changed, unchanged = [], []
        for entry in new.entries(tier):
            key = entry.name.casefold()
            if key not in before:
                changed.append(entry_diff(None, entry, ("added",), budget=budget))
                continue
            old_tier, old_entry = before[key]
            kinds = ("moved",) if old_tier != tier else ("reordered",) if key in reordered else ()
            note = f"moved here from {old_tier.heading}" if old_tier != tier else ""
            if old_entry != entry:
                kinds += ("edited",)
            if kinds:
                changed.append(entry_diff(old_entry, entry, kinds, note, budget))
            else:
                unchanged.append(entry.name)
        for entry in old.entries(tier):
            key = entry.name.casefold()
            if key not in after:
                changed.append(entry_diff(entry, None, ("removed",), budget=budget))
            elif after[key][0] != tier:
                changed.append(EntryDiff(entry.name, ("moved",), f"moved to {after[key][0].heading}", (), ()))
        tiers.append(TierDiff(tier, tuple(changed), tuple(unchanged)))
    return tiers


@dataclass(frozen=True)
class Readable:
    """The change as a reader would see it: a short list of facts, the summary, then each tier."""

    facts: tuple[Fact, ...]
    summary: TextChange | None
    tiers: tuple[TierDiff, ...]


def readable(old: ArticleFields, new: ArticleFields, budget: Budget | None = None) -> Readable:
    """The readable diff between two versions of an article's fields."""
    budget = budget or Budget()
    tiers = _tier_diffs(old.document, new.document, budget)
    return Readable(
        facts=tuple(_facts(old, new, tiers)),
        summary=text_change("Summary", old.summary, new.summary, budget),
        tiers=tuple(tiers),
    )
