"""
Reading a differential pasted as plain text, the way the seed page reads when copied:
a "Differential Diagnosis for <condition>" title, the four tier headings, and
"Name: explanation" bullets. Page furniture before the title and after the last tier
(banners, disclaimer, the follow-up box) is ignored. The result is a structured draft:
clinical texts only, for an editor to complete.
"""

from __future__ import annotations

import re

from articles.canonical import ArticleTextError, check_document
from articles.content import ArticleFields, Document, Entry, Tier, slug_for_condition

_TITLE = re.compile(r"^\s*(Differential Diagnosis for\s+(.+?))\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[•\-\*·‣◦]\s+(.*)$")
_TIERS = {tier.heading.casefold().rstrip("s"): tier for tier in Tier}


def _tier_of(line: str) -> Tier | None:
    return _TIERS.get(line.strip().rstrip(":").strip().casefold().rstrip("s"))


def parse_seed_text(text: str) -> ArticleFields:
    """Read seed-style plain text into a draft; raise ArticleTextError naming the line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title_index, title, condition = _title_line(lines)
    tiers = _read_tiers(lines, title_index)
    if not any(tiers.values()):
        raise ArticleTextError("no diagnoses were found under the tier headings", title_index + 1)
    document = Document(tiers={t: tuple(e) for t, e in tiers.items()})
    check_document(document)
    return ArticleFields(
        title=title, slug=slug_for_condition(condition), condition=condition, summary="", document=document
    ).normalised()


def _title_line(lines: list[str]) -> tuple[int, str, str]:
    """The index of the first title line, the title and the condition it names."""
    title_index = next((i for i, line in enumerate(lines) if _TITLE.match(line)), None)
    if title_index is None:
        raise ArticleTextError("no title line of the form “Differential Diagnosis for <condition>” was found")
    match = _TITLE.match(lines[title_index])
    return title_index, match.group(1), match.group(2)


def _read_tiers(lines: list[str], title_index: int) -> dict[Tier, list[Entry]]:
    """The diagnoses under each tier heading after the title, in the order of the text."""
    tiers: dict[Tier, list[Entry]] = {}
    current: Tier | None = None
    ended_at: tuple[int, str] | None = None  # the line where the differential ended
    seen_names: dict[str, int] = {}
    last_bullet: int | None = None

    for index in range(title_index + 1, len(lines)):
        line, line_no = lines[index], index + 1
        if not line.strip():
            last_bullet = None
            continue
        tier = _tier_of(line)
        if tier is not None and ended_at is None:
            if tier in tiers:
                raise ArticleTextError(f"the heading “{tier.heading}” appears twice", line_no)
            tiers[tier], current, last_bullet = [], tier, None
            continue
        bullet = _BULLET.match(line)
        if bullet:
            _check_bullet_place(current, ended_at, line_no)
            tiers[current].append(_bullet_entry(bullet.group(1), line_no, seen_names))
            last_bullet = index
            continue
        if last_bullet is not None and line[:1].isspace() and current is not None:
            # A wrapped bullet: the indented line continues the previous explanation.
            previous = tiers[current][-1]
            tiers[current][-1] = Entry(name=previous.name, clinical=f"{previous.clinical} {line.strip()}")
            continue
        if current is not None and ended_at is None:
            ended_at = (line_no, line.strip()[:60])
        # Text before the first tier (or after the differential) is page furniture.
    return tiers


def _check_bullet_place(current: Tier | None, ended_at: tuple[int, str] | None, line_no: int) -> None:
    """A diagnosis belongs under a tier heading, inside the differential; raise if it is not."""
    if ended_at is not None:
        raise ArticleTextError(
            f"a diagnosis outside the differential: line {ended_at[0]} (“{ended_at[1]}”) "
            "is not one of the tier headings " + ", ".join(f"“{t.heading}”" for t in Tier),
            line_no,
        )
    if current is None:
        raise ArticleTextError("a diagnosis comes before any tier heading", line_no)


def _bullet_entry(text: str, line_no: int, seen_names: dict[str, int]) -> Entry:
    """The diagnosis of one “Name: explanation” bullet; records its name's line in `seen_names`."""
    name, sep, explanation = text.partition(":")
    name, explanation = name.strip(), explanation.strip()
    if not sep or not name or not explanation:
        raise ArticleTextError("expected “Name: explanation”", line_no)
    if name.casefold() in seen_names:
        raise ArticleTextError(f"“{name}” is listed twice (first on line {seen_names[name.casefold()]})", line_no)
    seen_names[name.casefold()] = line_no
    return Entry(name=name, clinical=explanation)
