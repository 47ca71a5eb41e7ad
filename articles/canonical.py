"""
The canonical text form of an article: Markdown with a small header.

Import, export and revision diffs all use it, so a diff reads like a document. It
converts both ways without loss: `parse(to_markdown(fields)) == fields`.

    ---
    title: Differential Diagnosis for Leg Cramps
    slug: leg-cramps
    condition: Leg cramps
    ---

    Summary paragraph(s).

    ## Single Most Likely Diagnosis

    ### Benign nocturnal leg cramps

    Clinical text, for physicians (Markdown).

    #### Nurse

    For nurses and allied health professionals.

    #### Student

    For medical and nursing students.

    #### Plain language

    For patients (Markdown).

    #### Caregiver

    For caregivers and family.

    #### How readers describe it

    - One phrase per line: symptoms in readers' words, other names, misspellings

    #### Get emergency help now

    - One sign per line: call the emergency number now

    #### Get help today if

    - One sign per line: same-day GP, urgent care or the urgent advice number

    #### See a doctor soon if

    - One sign per line: a routine appointment

    ## References

    1. Citation text.
       URL: https://...
       PMID: 12345678
       DOI: 10.1000/xyz

    ## Must not miss

    - One condition per line that the board agreed the article must cover
"""

from __future__ import annotations

import re

from django.conf import settings

from articles.content import (
    ORIGINAL_LANGUAGE,
    ArticleFields,
    Document,
    Entry,
    Reference,
    Register,
    Tier,
    Urgency,
    document_errors,
)

HEADER_KEYS = ("title", "slug", "condition")
OPTIONAL_HEADER_KEYS = ("specialty", "language")  # language: a translation's (slug: its original's)
PLAIN_HEADING = "Plain language"
# The subsection heading of each register other than the clinical text (which follows the name).
REGISTER_HEADINGS = {
    Register.NURSE: "Nurse",
    Register.STUDENT: "Student",
    Register.PATIENT: PLAIN_HEADING,
    Register.CAREGIVER: "Caregiver",
}
LEGACY_WARNING_HEADING = "Warning signs"  # one list, before two levels of urgency: read as emergencies
REFERENCES_HEADING = "References"
READER_PHRASES_HEADING = "How readers describe it"
MUST_NOT_MISS_HEADING = "Must not miss"
REFERENCE_FIELDS = {"URL": "url", "PMID": "pmid", "DOI": "doi"}

_TIER_BY_HEADING = {tier.heading.casefold(): tier for tier in Tier}
_REFERENCE_START = re.compile(r"^(?:\d+\.|-)\s+(.*)$")
_REFERENCE_FIELD = re.compile(r"^\s+(URL|PMID|DOI):\s*(.*)$")


class ArticleTextError(ValueError):
    """Article text that cannot be read; `line` is 1-based, or None for the whole text."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# --- writing -----------------------------------------------------------------------


def to_markdown(fields: ArticleFields) -> str:
    """The canonical text of an article (or of one revision)."""
    fields = fields.normalised()
    out = ["---"]
    out += [f"{key}: {getattr(fields, key)}" for key in HEADER_KEYS]
    out += [
        f"{key}: {getattr(fields, key)}"
        for key in OPTIONAL_HEADER_KEYS
        if getattr(fields, key) and not (key == "language" and fields.language == ORIGINAL_LANGUAGE)
    ]
    out += ["---", ""]
    if fields.summary:
        out += [fields.summary, ""]
    for tier in Tier:
        out += [f"## {tier.heading}", ""]
        for entry in fields.document.entries(tier):
            out += [f"### {entry.name}", "", entry.clinical, ""]
            for register, heading in REGISTER_HEADINGS.items():
                if entry.text(register):
                    out += [f"#### {heading}", "", entry.text(register), ""]
            if entry.reader_phrases:
                out += [f"#### {READER_PHRASES_HEADING}", ""]
                out += [f"- {phrase}" for phrase in entry.reader_phrases]
                out += [""]
            for urgency, signs in entry.signs_by_urgency():
                out += [f"#### {urgency.heading}", ""]
                out += [f"- {sign}" for sign in signs]
                out += [""]
    out += [f"## {REFERENCES_HEADING}", ""]
    for number, ref in enumerate(fields.document.references, start=1):
        out.append(f"{number}. {ref.citation}")
        for label, attr in REFERENCE_FIELDS.items():
            if getattr(ref, attr):
                out.append(f"   {label}: {getattr(ref, attr)}")
    if fields.document.references:
        out.append("")
    if fields.document.must_not_miss:
        out += [f"## {MUST_NOT_MISS_HEADING}", ""]
        out += [f"- {condition}" for condition in fields.document.must_not_miss]
        out.append("")
    return "\n".join(out)


# --- reading -----------------------------------------------------------------------


def looks_canonical(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("---")


def parse(text: str) -> ArticleFields:
    """Read canonical text into article fields; raise ArticleTextError naming the line."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header, index = _parse_header(lines)
    summary: list[str] = []
    tiers: dict[Tier, list[Entry]] = {}
    references: list[Reference] = []
    must_not_miss: list[str] = []

    # Summary: everything up to the first "## " heading.
    while index < len(lines) and not lines[index].startswith("## "):
        _refuse_heading(lines[index], index + 1, "the summary")
        summary.append(lines[index])
        index += 1

    seen_sections: set[str] = set()
    while index < len(lines):
        line_no, heading = index + 1, lines[index][3:].strip()
        if heading.casefold() in seen_sections:
            raise ArticleTextError(f"the section “{heading}” appears twice", line_no)
        seen_sections.add(heading.casefold())
        body_end = _next_line(lines, index + 1, lambda s: s.startswith("## "))
        if heading.casefold() == REFERENCES_HEADING.casefold():
            references = _parse_references(lines, index + 1, body_end)
        elif heading.casefold() == MUST_NOT_MISS_HEADING.casefold():
            must_not_miss = _parse_bullets(lines, index + 1, body_end, what="each condition")
        elif heading.casefold() in _TIER_BY_HEADING:
            tiers[_TIER_BY_HEADING[heading.casefold()]] = _parse_entries(lines, index + 1, body_end)
        else:
            known = ", ".join(f"“{t.heading}”" for t in Tier)
            raise ArticleTextError(
                f"“{heading}” is not a section; use {known}, “References” or “{MUST_NOT_MISS_HEADING}”", line_no
            )
        index = body_end

    fields = ArticleFields(
        title=header["title"],
        slug=header["slug"],
        condition=header["condition"],
        specialty=header.get("specialty", ""),
        language=_language(header.get("language", "")),
        summary="\n".join(summary),
        document=Document(
            tiers={t: tuple(e) for t, e in tiers.items()},
            references=tuple(references),
            must_not_miss=tuple(must_not_miss),
        ),
    ).normalised()
    check_document(fields.document)
    return fields


def _language(code: str) -> str:
    """The language a header names (the original's, English, when none), or ArticleTextError."""
    code = code.strip().lower() or ORIGINAL_LANGUAGE
    known = [language for language, _name in settings.LANGUAGES]
    if code not in known:
        raise ArticleTextError(f"“{code}” is not a language of the site ({', '.join(known)})")
    return code


def check_document(document: Document) -> None:
    errors = document_errors(document)
    if errors:
        raise ArticleTextError(" ".join(errors))


def _parse_header(lines: list[str]) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        raise ArticleTextError("the text must start with a header between “---” lines", 1)
    header: dict[str, str] = {}
    index = 1
    while index < len(lines) and lines[index].strip() != "---":
        line = lines[index]
        if line.strip():
            key, sep, value = line.partition(":")
            key = key.strip().lower()
            if not sep or key not in HEADER_KEYS + OPTIONAL_HEADER_KEYS:
                keys = ", ".join(k + ":" for k in HEADER_KEYS + OPTIONAL_HEADER_KEYS)
                raise ArticleTextError(f"expected one of {keys} in the header", index + 1)
            if key in header:
                raise ArticleTextError(f"“{key}” is given twice", index + 1)
            header[key] = value.strip()
        index += 1
    if index >= len(lines):
        raise ArticleTextError("the header is not closed with a “---” line", len(lines))
    for key in HEADER_KEYS:
        if not header.get(key):
            raise ArticleTextError(f"the header has no {key}", index + 1)
    return header, index + 1


def _next_line(lines: list[str], start: int, predicate) -> int:
    for index in range(start, len(lines)):
        if predicate(lines[index]):
            return index
    return len(lines)


def _refuse_heading(line: str, line_no: int, where: str) -> None:
    if re.match(r"^\s{0,3}#", line):
        raise ArticleTextError(f"a heading is not allowed in {where}", line_no)


def _parse_entries(lines: list[str], start: int, end: int) -> list[Entry]:
    entries: list[Entry] = []
    index = start
    while index < end:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if not line.startswith("### "):
            raise ArticleTextError("text before the first diagnosis; start each one with “### Name”", index + 1)
        name = line[4:].strip()
        entry_end = _next_line(lines, index + 1, lambda s: s.startswith("### ") or s.startswith("## "))
        entry_end = min(entry_end, end)
        entries.append(_parse_entry(name, lines, index + 1, entry_end))
        index = entry_end
    return entries


_SUBSECTIONS = {
    **{heading.casefold(): register.value for register, heading in REGISTER_HEADINGS.items()},
    **{urgency.heading.casefold(): urgency.field for urgency in Urgency},
    LEGACY_WARNING_HEADING.casefold(): Urgency.EMERGENCY.field,
    READER_PHRASES_HEADING.casefold(): "reader_phrases",
}
_SIGN_LISTS = (*(urgency.field for urgency in Urgency), "reader_phrases")  # the parts that are "- " lists


def _parse_entry(name: str, lines: list[str], start: int, end: int) -> Entry:
    sections: dict[str, list[str]] = {key: [] for key in [Register.PHYSICIAN.value, *_SUBSECTIONS.values()]}
    current = Register.PHYSICIAN.value
    for index in range(start, end):
        line, line_no = lines[index], index + 1
        if line.startswith("#### "):
            current = _SUBSECTIONS.get(line[5:].strip().casefold(), "")
            if not current:
                known = ", ".join(
                    f"“{h}”"
                    for h in [*REGISTER_HEADINGS.values(), READER_PHRASES_HEADING, *(u.heading for u in Urgency)]
                )
                raise ArticleTextError(
                    f"“{line[5:].strip()}” is not a part of a diagnosis; use one of {known}", line_no
                )
            continue
        if current in _SIGN_LISTS:
            if not line.strip():
                continue
            if not line.startswith("- "):
                raise ArticleTextError("each warning sign or reader's phrase is one line starting with “- ”", line_no)
            sections[current].append(line[2:].strip())
            continue
        _refuse_heading(line, line_no, f"the text of “{name}”")
        sections[current].append(line)
    return Entry(
        name=name,
        **{register.value: "\n".join(sections[register.value]).strip() for register in Register},
        **{urgency.field: tuple(sections[urgency.field]) for urgency in Urgency},
        reader_phrases=tuple(sections["reader_phrases"]),
    )


def _parse_bullets(lines: list[str], start: int, end: int, *, what: str) -> list[str]:
    """A list of one-line items, each starting with "- "."""
    items = []
    for index in range(start, end):
        line = lines[index]
        if not line.strip():
            continue
        if not line.startswith("- "):
            raise ArticleTextError(f"{what} is one line starting with “- ”", index + 1)
        items.append(line[2:].strip())
    return items


def _parse_references(lines: list[str], start: int, end: int) -> list[Reference]:
    references: list[dict[str, str]] = []
    for index in range(start, end):
        line, line_no = lines[index], index + 1
        if not line.strip():
            continue
        field = _REFERENCE_FIELD.match(line)
        if field and references:
            attr = REFERENCE_FIELDS[field.group(1)]
            if references[-1].get(attr):
                raise ArticleTextError(f"{field.group(1)} is given twice for one reference", line_no)
            references[-1][attr] = field.group(2).strip()
            continue
        item = _REFERENCE_START.match(line)
        if not item:
            raise ArticleTextError("each reference starts with “1. ” (or “- ”) followed by the citation", line_no)
        references.append({"citation": item.group(1).strip()})
    return [Reference(**ref) for ref in references]
