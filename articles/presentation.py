"""
How an article speaks to each audience: which text of each diagnosis, how the tiers are
headed, and which disclaimer closes the page. With no audience chosen, the page reads as
the seed does (clinical text, Professional Medical Disclaimer).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from accounts.audiences import Audience, is_lay
from articles.content import Document, Entry, Register, Tier, Urgency
from articles.rendering import render_markdown

LAY_TIER_HEADINGS = {
    Tier.MOST_LIKELY: "The most likely cause",
    Tier.OTHER_LIKELY: "Other common causes",
    Tier.DO_NOT_MISS: "Serious causes that need a doctor",
    Tier.RARE: "Rare causes",
}

PROFESSIONAL_DISCLAIMER = (
    "Professional Medical Disclaimer",
    (
        "This information is intended for healthcare professionals. Any medical decision-making "
        "should rely on clinical judgment and independently verified information. The content "
        "provided herein does not replace professional discretion and should be considered "
        "supplementary to established clinical guidelines. Healthcare providers should verify all "
        "information against primary literature and current practice standards before application "
        "in patient care. MedReview assumes no liability for clinical decisions based on this content.",
    ),
)

STUDENT_DISCLAIMER = (
    "Disclaimer for learners",
    (
        "This differential is a study aid for medical and nursing students. It is not a substitute "
        "for clinical teaching, supervision or your institution's guidelines.",
        "In clinical placements, discuss any patient with your supervising clinician before acting, "
        "and check information against current primary sources.",
    ),
)

NURSE_DISCLAIMER = (
    "Disclaimer for nurses and allied health professionals",
    (
        "This differential supports your assessment; it does not replace it, your professional "
        "judgment, or your organisation's protocols and escalation policies.",
        "When you are concerned about a patient, escalate to the responsible clinician or your "
        "local emergency team as your policies direct, and record what you observed and when.",
    ),
)


def _public_disclaimer(who: str, whose: str) -> tuple[str, tuple[str, ...]]:
    return (
        "Important: this is not a diagnosis",
        (
            f"This article is general health information, not medical advice. It cannot tell what is "
            f"causing {whose} symptoms: only a doctor, nurse or other qualified health professional "
            f"who can examine {who} can do that.",
            f"Call {settings.EMERGENCY_NUMBER} or your local emergency number straight away if {who} "
            f"{_verb(who)} chest pain, trouble breathing, coughing up blood, or sudden weakness, "
            f"numbness or trouble speaking.",
            f"Talk to a health professional about {whose} symptoms before starting, stopping or changing any medicine.",
        ),
    )


def _verb(who: str) -> str:
    return "have" if who == "you" else "has"


# The register each audience reads; with no choice made, the page reads as the seed does.
REGISTER_FOR = {
    None: Register.PHYSICIAN,
    Audience.PATIENT: Register.PATIENT,
    Audience.CAREGIVER: Register.CAREGIVER,
    Audience.STUDENT: Register.STUDENT,
    Audience.NURSE: Register.NURSE,
    Audience.PHYSICIAN: Register.PHYSICIAN,
}


@dataclass(frozen=True)
class Presentation:
    """What a page says for one audience (or for none)."""

    audience: Audience | None
    disclaimer_title: str
    disclaimer_paragraphs: tuple[str, ...]

    @property
    def key(self) -> str:
        """A cache key part: the audience, or "default"."""
        return self.audience.value if self.audience else "default"

    @property
    def lay(self) -> bool:
        return is_lay(self.audience)

    @property
    def register(self) -> Register:
        return REGISTER_FOR[self.audience]

    def tier_heading(self, tier: Tier) -> str:
        return LAY_TIER_HEADINGS[tier] if self.lay else tier.heading

    @property
    def emergency_title(self) -> str:
        """The heading of an entry's "get emergency help now" signs, in this reader's words."""
        number = settings.EMERGENCY_NUMBER
        if self.audience == Audience.PATIENT:
            return f"Get emergency help now: call {number} if you have"
        if self.audience == Audience.CAREGIVER:
            return f"Get emergency help now: call {number} if the person you care for has"
        if self.audience == Audience.NURSE:
            return "Escalate immediately (emergency)"
        return "Emergency warning signs"

    @property
    def today_title(self) -> str:
        """The heading of an entry's "get help today" signs, in this reader's words."""
        number = settings.URGENT_ADVICE_NUMBER
        if self.audience == Audience.PATIENT:
            return f"Get help today: contact your GP or call {number} if you have"
        if self.audience == Audience.CAREGIVER:
            return f"Get help today: contact their GP or call {number} if the person you care for has"
        if self.audience == Audience.NURSE:
            return "Escalate today: same-day review by the responsible clinician if"
        return "Same-day assessment if"

    def sign_title(self, urgency: Urgency) -> str:
        """The heading of one level of an entry's warning signs, in this reader's words."""
        return {
            Urgency.EMERGENCY: self.emergency_title,
            Urgency.TODAY: self.today_title,
            Urgency.SOON: self.see_doctor_title,
        }[urgency]

    @property
    def see_doctor_title(self) -> str:
        """The heading of an entry's "see a doctor soon" signs, in this reader's words."""
        if self.audience == Audience.PATIENT:
            return "See a doctor soon if you have"
        if self.audience == Audience.CAREGIVER:
            return "Help them see a doctor soon if they have"
        if self.audience == Audience.NURSE:
            return "Report to the responsible clinician if"
        return "Arrange prompt review if"

    def text_of(self, entry: Entry) -> tuple[str, Register | None]:
        """The text this reader gets for an entry, and the register it stands in from (None: their own).

        A register with no text yet falls back in a fixed order (content.REGISTER_FALLBACK:
        caregiver → patient → physician; student and nurse → physician), and the page says so.
        """
        text, written_for = entry.text_for(self.register)
        return text, (None if written_for == self.register else written_for)


def presentation_for(audience: Audience | None) -> Presentation:
    """The presentation for an audience (None: no choice made)."""
    if audience == Audience.PATIENT:
        title, paragraphs = _public_disclaimer("you", "your")
    elif audience == Audience.CAREGIVER:
        title, paragraphs = _public_disclaimer("the person you care for", "their")
    elif audience == Audience.STUDENT:
        title, paragraphs = STUDENT_DISCLAIMER
    elif audience == Audience.NURSE:
        title, paragraphs = NURSE_DISCLAIMER
    else:
        title, paragraphs = PROFESSIONAL_DISCLAIMER
    return Presentation(audience=audience, disclaimer_title=title, disclaimer_paragraphs=paragraphs)


@dataclass(frozen=True)
class EntryView:
    entry: Entry
    anchor: str
    html: str
    stand_in_for: Register | None  # the register shown instead of the reader's own, if any
    # (level, its heading in this reader's words, the signs), most urgent first.
    warning_levels: tuple[tuple[Urgency, str, tuple[str, ...]], ...]

    @property
    def is_stand_in(self) -> bool:
        return self.stand_in_for is not None


@dataclass(frozen=True)
class TierView:
    tier: Tier
    heading: str
    entries: tuple[EntryView, ...]


def entry_anchor(name: str) -> str:
    """The fragment id of a diagnosis on its article page: "dx-" + its slug."""
    return "dx-" + (slugify(name) or "entry")


def tier_views(document: Document, presentation: Presentation) -> list[TierView]:
    """The tiers of a document as this audience reads them (empty tiers left out)."""
    views, used = [], set()
    for tier in Tier:
        entries = []
        for entry in document.entries(tier):
            anchor = entry_anchor(entry.name)
            while anchor in used:
                anchor += "-2"
            used.add(anchor)
            text, stand_in_for = presentation.text_of(entry)
            entries.append(
                EntryView(
                    entry=entry,
                    anchor=anchor,
                    html=render_markdown(text),
                    stand_in_for=stand_in_for,
                    warning_levels=tuple(
                        (urgency, presentation.sign_title(urgency), signs)
                        for urgency, signs in entry.signs_by_urgency()
                    ),
                )
            )
        if entries:
            views.append(TierView(tier=tier, heading=presentation.tier_heading(tier), entries=tuple(entries)))
    return views


def content_digest(revision) -> str:
    """A digest of what a revision's rendered body is made from (its document)."""
    return hashlib.sha256(json.dumps(revision.content, sort_keys=True).encode()).hexdigest()[:20]


def body_html(revision, presentation: Presentation) -> str:
    """The rendered differential of one revision for one audience (publishing.caching.article_body_html caches it)."""
    html = render_to_string(
        "reader/includes/differential.html",
        {"tiers": tier_views(revision.document, presentation), "presentation": presentation},
    )
    return mark_safe(html)  # noqa: S308 — our template's output, with author text sanitized
