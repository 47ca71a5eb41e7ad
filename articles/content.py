"""
The article document: the differential in four tiers and the references.

It is stored as one JSON value in the article row (like Wagtail's StreamField), so that
one historical row of the article is one complete revision. This module is the schema:
typed, immutable dataclasses, conversion to and from the stored JSON, and validation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from articles.rendering import markdown_problems

SCHEMA_VERSION = 1


class Tier(StrEnum):
    """The four tiers of a differential, in the order the page shows them."""

    MOST_LIKELY = "most_likely"
    OTHER_LIKELY = "other_likely"
    DO_NOT_MISS = "do_not_miss"
    RARE = "rare"

    @property
    def heading(self) -> str:
        """The clinical heading, as on the seed page."""
        return TIER_HEADINGS[self]


TIER_HEADINGS = {
    Tier.MOST_LIKELY: "Single Most Likely Diagnosis",
    Tier.OTHER_LIKELY: "Other Likely Diagnoses",
    Tier.DO_NOT_MISS: "Do Not Miss Diagnoses",
    Tier.RARE: "Rare Diagnoses",
}

# Entry texts are Markdown inside a fixed article structure; a heading inside an entry
# would break that structure (and the canonical text form), so it is refused.
_HEADING_LINE = re.compile(r"^\s{0,3}#", re.MULTILINE)
# Reference identifiers: the one definition, used by the schema and the editor's form.
PMID_PATTERN = r"^\d{1,9}$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
PMID_MESSAGE = "A PMID is digits only, e.g. 22963024."
DOI_MESSAGE = "A DOI looks like 10.1000/xyz123."
_PMID = re.compile(PMID_PATTERN)
_DOI = re.compile(DOI_PATTERN)
SLUG_MAX_LENGTH = 100

# Length limits of the document's texts: one source for the schema, the editor's form
# and the canonical importer. (Column lengths live on the models; forms read them there.)
MAX_NAME_LENGTH = 200
MAX_SIGN_LENGTH = 300
MAX_SIGNS = 20
MAX_ENTRIES_PER_TIER = 40
MAX_REFERENCES = 60
MAX_CITATION_LENGTH = 500
MAX_URL_LENGTH = 500
MAX_DOI_LENGTH = 200
MAX_SUMMARY_LENGTH = 1000
# Any control character (newline, tab, NUL, …) or line/paragraph separator.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_url_validator = URLValidator(schemes=["http", "https"])


class Register(StrEnum):
    """The five reader registers an entry is written in (DESIGN.md, Personalization)."""

    PHYSICIAN = "clinical"  # physician / advanced practice: the clinical text, as the seed has it
    NURSE = "nurse"  # assessment and escalation: what to observe, measure, report
    STUDENT = "student"  # teaching: distinguishing features, mechanism, what to ask, the pitfall
    PATIENT = "plain"  # second person, plain language
    CAREGIVER = "caregiver"  # "the person you care for": what to watch, how to help, when to get help

    @property
    def label(self) -> str:
        return REGISTER_LABELS[self]

    @property
    def lay(self) -> bool:
        """Written for readers without clinical training (reading grade targets apply)."""
        return self in (Register.PATIENT, Register.CAREGIVER)  # the registers of accounts.audiences.LAY_AUDIENCES


REGISTER_LABELS = {
    Register.PHYSICIAN: "Clinical text (physician)",
    Register.NURSE: "Nurse and allied health",
    Register.STUDENT: "Student",
    Register.PATIENT: "Plain language (patient)",
    Register.CAREGIVER: "Caregiver or family",
}
# Where a register has no text yet, the reader gets this one instead (with a note).
REGISTER_FALLBACK = {
    Register.CAREGIVER: Register.PATIENT,
    Register.PATIENT: Register.PHYSICIAN,
    Register.STUDENT: Register.PHYSICIAN,
    Register.NURSE: Register.PHYSICIAN,
}


class Urgency(StrEnum):
    """
    How soon a warning sign needs help: the NHS's three levels. Each sign belongs to one
    level in the document (never urgency words in brackets), and every register's words
    for the level come from it (articles.presentation).
    """

    EMERGENCY = "emergency"  # call the emergency number now
    TODAY = "today"  # get help today: same-day GP, urgent care, the urgent advice number
    SOON = "soon"  # see a doctor soon: a routine appointment

    @property
    def field(self) -> str:
        """The Entry field holding this level's signs."""
        return URGENCY_FIELDS[self]

    @property
    def heading(self) -> str:
        """The level's heading in the canonical text."""
        return URGENCY_HEADINGS[self]


URGENCY_FIELDS = {
    Urgency.EMERGENCY: "emergency_signs",
    Urgency.TODAY: "today_signs",
    Urgency.SOON: "see_doctor_signs",
}
URGENCY_HEADINGS = {
    Urgency.EMERGENCY: "Get emergency help now",
    Urgency.TODAY: "Get help today if",
    Urgency.SOON: "See a doctor soon if",
}
MAX_MUST_NOT_MISS = 30
MAX_READER_PHRASES = 30
MAX_PHRASE_LENGTH = 200


@dataclass(frozen=True)
class Entry:
    """One diagnosis in the differential: a text per register and warning signs at three levels of urgency."""

    name: str
    clinical: str
    plain: str = ""
    emergency_signs: tuple[str, ...] = ()  # Urgency.EMERGENCY: call the emergency number now
    see_doctor_signs: tuple[str, ...] = ()  # Urgency.SOON: see a doctor soon
    nurse: str = ""
    student: str = ""
    caregiver: str = ""
    today_signs: tuple[str, ...] = ()  # Urgency.TODAY: get help today
    # How readers describe it: symptoms in their words, other names, misspellings worth
    # keeping. Reviewed like the rest; search weighs them between the name and the text.
    reader_phrases: tuple[str, ...] = ()

    def signs(self, urgency: Urgency) -> tuple[str, ...]:
        """This entry's warning signs at one level of urgency."""
        return getattr(self, urgency.field)

    def signs_by_urgency(self) -> list[tuple[Urgency, tuple[str, ...]]]:
        """(level, signs) for each level that has signs, most urgent first."""
        return [(urgency, self.signs(urgency)) for urgency in Urgency if self.signs(urgency)]

    def text(self, register: Register) -> str:
        """This entry's own text in `register` ("" when not written yet)."""
        return getattr(self, register.value)

    def text_for(self, register: Register) -> tuple[str, Register]:
        """The text a reader of `register` gets, and the register it is really written in (fallback order)."""
        while not self.text(register) and register in REGISTER_FALLBACK:
            register = REGISTER_FALLBACK[register]
        return self.text(register), register

    def to_json(self) -> dict:
        return {
            "name": self.name,
            **{register.value: self.text(register) for register in Register},
            **{urgency.field: list(self.signs(urgency)) for urgency in Urgency},
            "reader_phrases": list(self.reader_phrases),
        }

    @classmethod
    def from_json(cls, data: dict) -> Entry:
        # Documents saved before two urgency levels had one list, "warning_signs": those
        # were meant as "get help now", so they read as emergency signs.
        emergency = data.get("emergency_signs", data.get("warning_signs")) or ()
        return cls(
            name=_text(data.get("name")),
            **{register.value: _text(data.get(register.value)) for register in Register},
            emergency_signs=tuple(_text(s) for s in emergency),
            today_signs=tuple(_text(s) for s in data.get("today_signs") or ()),
            see_doctor_signs=tuple(_text(s) for s in data.get("see_doctor_signs") or ()),
            reader_phrases=tuple(_text(s) for s in data.get("reader_phrases") or ()),
        )


@dataclass(frozen=True)
class Reference:
    """One published source the article rests on."""

    citation: str
    url: str = ""
    pmid: str = ""
    doi: str = ""

    def to_json(self) -> dict:
        return {"citation": self.citation, "url": self.url, "pmid": self.pmid, "doi": self.doi}

    @classmethod
    def from_json(cls, data: dict) -> Reference:
        return cls(
            citation=_text(data.get("citation")),
            url=_text(data.get("url")),
            pmid=_text(data.get("pmid")),
            doi=_text(data.get("doi")),
        )


@dataclass(frozen=True)
class Document:
    """The whole differential and its references: what one revision's JSON holds."""

    tiers: dict[Tier, tuple[Entry, ...]] = field(default_factory=dict)
    references: tuple[Reference, ...] = ()
    # The conditions the board agreed this article must cover (reviewed like the rest).
    must_not_miss: tuple[str, ...] = ()

    def entries(self, tier: Tier) -> tuple[Entry, ...]:
        return self.tiers.get(tier, ())

    def all_entries(self) -> list[tuple[Tier, Entry]]:
        return [(tier, entry) for tier in Tier for entry in self.entries(tier)]

    def to_json(self) -> dict:
        return {
            "version": SCHEMA_VERSION,
            "tiers": {tier.value: [e.to_json() for e in self.entries(tier)] for tier in Tier},
            "references": [r.to_json() for r in self.references],
            "must_not_miss": list(self.must_not_miss),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Document:
        """Build a document from stored JSON (no validation; see `validate_document`)."""
        data = data or {}
        raw_tiers = data.get("tiers") or {}
        tiers = {tier: tuple(Entry.from_json(e) for e in raw_tiers.get(tier.value) or ()) for tier in Tier}
        references = tuple(Reference.from_json(r) for r in data.get("references") or ())
        must_not_miss = tuple(_text(c) for c in data.get("must_not_miss") or ())
        return cls(tiers=tiers, references=references, must_not_miss=must_not_miss)

    def __eq__(self, other):
        if not isinstance(other, Document):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # unhashable, as a mutable value


def slug_for_condition(condition: str) -> str:
    """The web address an article gets from its condition when none is given ("Leg cramps" → "leg-cramps")."""
    return slugify(condition)[:SLUG_MAX_LENGTH]


# Articles are written in English; translations into the other LANGUAGES are articles of their own.
ORIGINAL_LANGUAGE = "en"


@dataclass(frozen=True)
class ArticleFields:
    """Everything that makes up one revision of an article."""

    title: str
    slug: str
    condition: str
    summary: str
    document: Document
    specialty: str = ""
    # The article's language: "en" for an original; a translation's text names its original by slug.
    language: str = ORIGINAL_LANGUAGE

    def as_model_values(self) -> dict:
        """Column values for the article row, normalised as stored."""
        return {
            "title": _text(self.title),
            "slug": _text(self.slug),
            "condition": _text(self.condition),
            "specialty": _text(self.specialty),
            "summary": _text(self.summary),
            "content": Document.from_json(self.document.to_json()).to_json(),
        }

    def normalised(self) -> ArticleFields:
        values = self.as_model_values()
        return ArticleFields(
            title=values["title"],
            slug=values["slug"],
            condition=values["condition"],
            summary=values["summary"],
            document=Document.from_json(values["content"]),
            specialty=values["specialty"],
            language=self.language,
        )

    @classmethod
    def of(cls, obj) -> ArticleFields:
        """The fields of an article or of one of its revisions (anything with those attributes)."""
        return cls(
            title=obj.title,
            slug=obj.slug,
            condition=obj.condition,
            summary=obj.summary,
            document=obj.document,
            specialty=getattr(obj, "specialty", ""),
            language=getattr(obj, "language", "en") or "en",
        )


def _text(value) -> str:
    """Normalise a stored text: a string with no trailing whitespace on any line."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def empty_document_json() -> dict:
    return Document().to_json()


def is_one_line(value: str) -> bool:
    """True when `value` has no line break or other control character."""
    return not _NOT_ONE_LINE.search(value or "")


def validate_single_line(value: str) -> None:
    """Titles, names and anything that may end in an e-mail header are one line of text."""
    if not is_one_line(value):
        raise ValidationError("Keep this to one line, with no line breaks or control characters.", code="one_line")


def validate_no_headings(value: str) -> None:
    """Author text inside the article structure may not contain Markdown headings."""
    if _HEADING_LINE.search(value or ""):
        raise ValidationError("Headings (lines starting with #) are not allowed here.")


def validate_document(data) -> None:
    """Raise ValidationError listing every problem with a stored document, or return."""
    if not isinstance(data, dict):
        raise ValidationError("The article content must be a JSON object.")
    raw_tiers = data.get("tiers")
    if not isinstance(raw_tiers, dict):
        raise ValidationError("The article content must have tiers.")
    unknown = set(raw_tiers) - {tier.value for tier in Tier}
    if unknown:
        raise ValidationError(f"Unknown tier: {', '.join(sorted(unknown))}.")
    for value in raw_tiers.values():
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            raise ValidationError("Each tier must be a list of entries.")
    references = data.get("references", [])
    if not isinstance(references, list) or not all(isinstance(r, dict) for r in references):
        raise ValidationError("References must be a list.")
    errors = document_errors(Document.from_json(data))
    if errors:
        raise ValidationError(errors)


def document_errors(document: Document) -> list[str]:
    """Every rule a document breaks, as sentences a writer can act on."""
    errors: list[str] = []
    for tier in Tier:
        if len(document.entries(tier)) > MAX_ENTRIES_PER_TIER:
            errors.append(f"{tier.heading}: list at most {MAX_ENTRIES_PER_TIER} diagnoses.")
    if len(document.references) > MAX_REFERENCES:
        errors.append(f"References: cite at most {MAX_REFERENCES}.")
    seen: dict[str, Tier] = {}  # casefolded names listed so far, in any tier
    for tier, entry in document.all_entries():
        errors += _entry_errors(tier, entry, seen)
    for number, ref in enumerate(document.references, start=1):
        errors += _reference_errors(f"Reference {number}", ref)
    errors += _must_not_miss_errors(document.must_not_miss)
    return errors


def _must_not_miss_errors(conditions: tuple[str, ...]) -> list[str]:
    """The rules the must-not-miss list breaks: how many, each one short line, none twice."""
    errors: list[str] = []
    if len(conditions) > MAX_MUST_NOT_MISS:
        errors.append(f"Must not miss: list at most {MAX_MUST_NOT_MISS} conditions.")
    for condition in conditions:
        if not condition or not is_one_line(condition) or len(condition) > MAX_NAME_LENGTH:
            errors.append(f"Must not miss: each condition must be one line of at most {MAX_NAME_LENGTH} characters.")
    if len({c.casefold() for c in conditions}) < len(conditions):
        errors.append("Must not miss: a condition is listed twice.")
    return errors


def _entry_errors(tier: Tier, entry: Entry, seen: dict[str, Tier]) -> list[str]:
    """The rules one diagnosis breaks; records its name in `seen`, to catch a name listed twice."""
    if not entry.name:
        return [f"{tier.heading}: every diagnosis needs a name."]
    where = f"{tier.heading}, “{entry.name[:MAX_NAME_LENGTH]}”"
    errors: list[str] = []
    if not is_one_line(entry.name):
        errors.append(f"{where}: the name must be one line.")
    if len(entry.name) > MAX_NAME_LENGTH:
        errors.append(f"{where}: keep the name to {MAX_NAME_LENGTH} characters.")
    key = entry.name.casefold()
    if key in seen:
        errors.append(f"{where}: this diagnosis is listed twice.")
    seen[key] = tier
    if not entry.clinical:
        errors.append(f"{where}: the clinical text is missing.")
    for register in Register:
        label, text = register.label.lower(), entry.text(register)
        if _HEADING_LINE.search(text):
            errors.append(f"{where}: the {label} may not contain headings (lines starting with #).")
        errors += [f"{where}: the {label} {problem}" for problem in markdown_problems(text)]
    for urgency in Urgency:
        errors += _sign_errors(where, entry.signs(urgency))
    errors += _phrase_errors(where, entry.reader_phrases)
    return errors


def _phrase_errors(where: str, phrases: tuple[str, ...]) -> list[str]:
    """The rules "how readers describe it" breaks: how many, and each phrase one short line."""
    errors: list[str] = []
    if len(phrases) > MAX_READER_PHRASES:
        errors.append(f"{where}: list at most {MAX_READER_PHRASES} ways readers describe it.")
    if any(not p or not is_one_line(p) or len(p) > MAX_PHRASE_LENGTH for p in phrases):
        errors.append(f"{where}: each way readers describe it is one line of at most {MAX_PHRASE_LENGTH} characters.")
    return errors


def _sign_errors(where: str, signs: tuple[str, ...]) -> list[str]:
    """The rules one level of warning signs breaks (how many, and each sign's form and length)."""
    errors: list[str] = []
    if len(signs) > MAX_SIGNS:
        errors.append(f"{where}: list at most {MAX_SIGNS} signs at each level of urgency.")
    for sign in signs:
        if not sign or not is_one_line(sign):
            errors.append(f"{where}: each warning sign must be one non-empty line.")
        elif len(sign) > MAX_SIGN_LENGTH:
            errors.append(f"{where}: keep each warning sign to {MAX_SIGN_LENGTH} characters.")
    return errors


def _reference_errors(where: str, ref: Reference) -> list[str]:
    """The rules one reference breaks: a citation, one-line fields within their limits, valid identifiers."""
    errors: list[str] = []
    if not ref.citation:
        errors.append(f"{where}: the citation is missing.")
    for label, value, limit in (
        ("citation", ref.citation, MAX_CITATION_LENGTH),
        ("URL", ref.url, MAX_URL_LENGTH),
        ("PMID", ref.pmid, 9),
        ("DOI", ref.doi, MAX_DOI_LENGTH),
    ):
        if not is_one_line(value):
            errors.append(f"{where}: the {label} must be one line.")
        if len(value) > limit:
            errors.append(f"{where}: keep the {label} to {limit} characters.")
    if ref.url:
        try:
            _url_validator(ref.url)
        except ValidationError:
            errors.append(f"{where}: the URL must be a full http or https address.")
    if ref.pmid and not _PMID.match(ref.pmid):
        errors.append(f"{where}: {PMID_MESSAGE[0].lower()}{PMID_MESSAGE[1:]}")
    if ref.doi and not _DOI.match(ref.doi):
        errors.append(f"{where}: {DOI_MESSAGE[0].lower()}{DOI_MESSAGE[1:]}")
    return errors
