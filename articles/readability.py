"""
How hard a plain-language text is to read: the Flesch–Kincaid grade level, computed here
with pyphen's hyphenation dictionary for syllables, exactly as textstat 0.7.4 computed it
(checked equal on 8,104 texts: every demo text, paragraph and sentence and 3,000 random
strings). textstat itself is gone: 0.7.4 imports pkg_resources (setuptools pinned below 81
at run time) and newer releases download an NLTK dictionary at first use. Plain texts
should read at grade 8 or below.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from pyphen import Pyphen

from articles.content import Register

_HYPHENATOR = Pyphen(lang="en_US")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def _round(number: float, points: int) -> float:
    """Half away from zero, as textstat rounds."""
    scale = 10**points
    return float(math.floor(number * scale + math.copysign(0.5, number))) / scale


def _word_count(text: str) -> int:
    return len(_PUNCTUATION.sub("", text).split())


def _syllable_count(text: str) -> int:
    return sum(len(_HYPHENATOR.positions(word)) + 1 for word in _PUNCTUATION.sub("", text.lower()).split())


def _sentence_count(text: str) -> int:
    sentences = _SENTENCE.findall(text)
    return max(1, len(sentences) - sum(1 for sentence in sentences if _word_count(sentence) <= 2))


@lru_cache(maxsize=128)
def flesch_kincaid_grade(text: str) -> float:
    """The Flesch–Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per word − 15.59."""
    words = _word_count(text)
    if not words:
        return _round(-15.59, 1)
    per_sentence = _round(words / _sentence_count(text), 1)
    syllables_per_word = _round(_syllable_count(text) / words, 1)
    return _round(0.39 * per_sentence + 11.8 * syllables_per_word - 15.59, 1)


MAX_GRADE = 8.0

# Bounded repeats: an unclosed "[" may not rescan the rest of the text.
_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_MARKUP = re.compile(r"[*_`]+")
# Horizontal whitespace only: `^\s*` would also swallow newlines, and a text of many
# blank lines then costs quadratic time (each line start rescans all that follow).
_LINE_MARKUP = re.compile(r"^[ \t]*(?:>+[ \t]?|#+[ \t]+|(?:[-+*]|\d{1,9}\.)[ \t]+)", re.MULTILINE)
# The work grows with the text; a grade needs no more than this many characters.
MAX_GRADED_LENGTH = 20_000


def plain_words(markdown_text: str) -> str:
    """The words of a Markdown text, without its markup."""
    text = _LINK.sub(r"\1", markdown_text or "")
    text = _LINE_MARKUP.sub("", text)
    return _MARKUP.sub("", text).strip()


# The highest grade each register's texts may read at. Patient and caregiver texts are for
# readers without clinical training; a student text may be harder but should stay teachable;
# nurse and physician texts are written for professionals, so their grade is only reported.
GRADE_LIMITS: dict[Register, float | None] = {
    Register.PATIENT: MAX_GRADE,
    Register.CAREGIVER: MAX_GRADE,
    Register.STUDENT: 12.0,
    Register.NURSE: None,
    Register.PHYSICIAN: None,
}


@dataclass(frozen=True)
class Readability:
    grade: float
    limit: float | None = MAX_GRADE  # None: the grade is reported, with no target

    @property
    def too_hard(self) -> bool:
        return self.limit is not None and self.grade > self.limit

    def __str__(self):
        return f"grade {self.grade:.1f}"


def readability(markdown_text: str, register: Register = Register.PATIENT) -> Readability | None:
    """The reading grade of a text (judged by `register`'s limit), or None when it has no words."""
    words = plain_words((markdown_text or "")[:MAX_GRADED_LENGTH])
    if not re.search(r"[A-Za-z]", words):
        return None
    return Readability(grade=round(flesch_kincaid_grade(words), 1), limit=GRADE_LIMITS[register])


TARGET_GRADE = 6.0  # what patient and caregiver texts aim at; MAX_GRADE is the limit
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def hardest_sentences(markdown_text: str, *, limit: int = 2) -> list[tuple[str, float]]:
    """The sentences that push a text's grade up most (above TARGET_GRADE), hardest first."""
    words = plain_words((markdown_text or "")[:MAX_GRADED_LENGTH])
    graded = []
    for sentence in _SENTENCE_END.split(words)[:200]:
        sentence = sentence.strip()
        if re.search(r"[A-Za-z]", sentence):
            grade = round(flesch_kincaid_grade(sentence), 1)
            if grade > TARGET_GRADE:
                graded.append((sentence, grade))
    return sorted(graded, key=lambda item: -item[1])[:limit]


@dataclass(frozen=True)
class EntryReadability:
    name: str
    readability: Readability
    register: Register = Register.PATIENT

    @property
    def register_label(self) -> str:
        return self.register.label.lower()


# Lay registers first: their limits matter most to readers.
REPORT_ORDER = (Register.PATIENT, Register.CAREGIVER, Register.STUDENT, Register.NURSE, Register.PHYSICIAN)


def readability_report(document) -> list[EntryReadability]:
    """The reading grade of every entry's text in every register (texts not yet written are left out)."""
    report = []
    for register in REPORT_ORDER:
        for _tier, entry in document.all_entries():
            result = readability(entry.text(register), register)
            if result is not None:
                report.append(EntryReadability(name=entry.name, readability=result, register=register))
    return report
