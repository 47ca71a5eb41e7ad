"""
How hard a plain-language text is to read: the Flesch–Kincaid grade level, from
textstat 0.7.4 (pinned: it needs only pyphen and works with no network; newer releases
download an NLTK dictionary at first use). Plain texts should read at grade 8 or below.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

with warnings.catch_warnings():
    # textstat 0.7.4 imports pkg_resources, which warns that it is deprecated.
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    import textstat

MAX_GRADE = 8.0

# Bounded repeats: an unclosed "[" may not rescan the rest of the text.
_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_MARKUP = re.compile(r"[*_`]+")
# Horizontal whitespace only: `^\s*` would also swallow newlines, and a text of many
# blank lines then costs quadratic time (each line start rescans all that follow).
_LINE_MARKUP = re.compile(r"^[ \t]*(?:>+[ \t]?|#+[ \t]+|(?:[-+*]|\d{1,9}\.)[ \t]+)", re.MULTILINE)
# textstat's work grows with the text; a grade needs no more than this many characters.
MAX_GRADED_LENGTH = 20_000


def plain_words(markdown_text: str) -> str:
    """The words of a Markdown text, without its markup."""
    text = _LINK.sub(r"\1", markdown_text or "")
    text = _LINE_MARKUP.sub("", text)
    return _MARKUP.sub("", text).strip()


@dataclass(frozen=True)
class Readability:
    grade: float

    @property
    def too_hard(self) -> bool:
        return self.grade > MAX_GRADE

    def __str__(self):
        return f"grade {self.grade:.1f}"


def readability(markdown_text: str) -> Readability | None:
    """The reading grade of a text, or None when it has no words."""
    words = plain_words((markdown_text or "")[:MAX_GRADED_LENGTH])
    if not re.search(r"[A-Za-z]", words):
        return None
    return Readability(grade=round(textstat.flesch_kincaid_grade(words), 1))


TARGET_GRADE = 6.0  # what patient and caregiver texts aim at; MAX_GRADE is the limit
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def hardest_sentences(markdown_text: str, *, limit: int = 2) -> list[tuple[str, float]]:
    """The sentences that push a text's grade up most (above TARGET_GRADE), hardest first."""
    words = plain_words((markdown_text or "")[:MAX_GRADED_LENGTH])
    graded = []
    for sentence in _SENTENCE_END.split(words)[:200]:
        sentence = sentence.strip()
        if re.search(r"[A-Za-z]", sentence):
            grade = round(textstat.flesch_kincaid_grade(sentence), 1)
            if grade > TARGET_GRADE:
                graded.append((sentence, grade))
    return sorted(graded, key=lambda item: -item[1])[:limit]


@dataclass(frozen=True)
class EntryReadability:
    name: str
    readability: Readability
    register_label: str = "plain language (patient)"


def readability_report(document) -> list[EntryReadability]:
    """The reading grade of every entry's patient and caregiver text (entries without one are left out)."""
    report = []
    for _tier, entry in document.all_entries():
        for label, text in (("plain language (patient)", entry.plain), ("caregiver or family", entry.caregiver)):
            result = readability(text)
            if result is not None:
                report.append(EntryReadability(name=entry.name, readability=result, register_label=label))
    return report
