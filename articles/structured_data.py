"""
JSON-LD for an article page: a schema.org MedicalWebPage about a MedicalCondition whose
differential diagnosis lists one DDxElement per entry, for the revision and audience
shown. Embedded as a data block (not script), escaped so no text can end the element.

It carries what consumers of MedicalWebPage read — name, dates, author, reviewedBy,
lastReviewed, audience, the condition and its differential by name — not the page's whole
text: the page itself is the text, and every byte here is sent on every read. Nor the
reference list (`citation`): it is on the page, each citation the text of its link, and a
second copy here cost 0.2–0.8 KB gzipped on every read.
An entry's warning signs are not put in `distinguishingSign`: they are the signs that
mean "get help now", and for a harmless diagnosis they point to another, serious one
(chest pain under benign night cramps is a clot's sign, not the cramps'), so that
property would tell machines something false.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from accounts.audiences import Audience

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _medical_audience(audience: Audience | None) -> dict:
    if audience == Audience.PATIENT:
        return {"@type": "Patient", "audienceType": audience.label}
    if audience in (Audience.NURSE, Audience.PHYSICIAN) or audience is None:
        return {
            "@type": "MedicalAudience",
            "audienceType": "Clinician" if audience is None else audience.label,
        }
    return {"@type": "MedicalAudience", "audienceType": audience.label}


def medical_web_page(*, page, presentation, url: str) -> dict:
    """The JSON-LD object for one reader page (an articles.selectors.ReaderPage)."""
    revision = page.revision
    document = revision.document
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": revision.title,
        "headline": revision.title,
        "url": url,
        "description": revision.summary or revision.title,
        "dateModified": revision.history_date.isoformat(),
        "publisher": {"@type": "Organization", "name": settings.SITE_OPERATOR, "url": settings.SITE_URL},
        "author": [
            {"@type": "Person", "name": str(person), "jobTitle": "MedReview editor"}
            for person in getattr(page, "contributors", [])
        ],
        "medicalAudience": _medical_audience(presentation.audience),
        "audience": _medical_audience(presentation.audience),
        "about": {
            "@type": "MedicalCondition",
            "name": revision.condition,
            "differentialDiagnosis": [
                {"@type": "DDxElement", "diagnosis": {"@type": "MedicalCondition", "name": entry.name}}
                for _tier, entry in document.all_entries()
            ],
        },
    }
    if page.approval is not None:
        data["lastReviewed"] = page.approval.approved_at.date().isoformat()
        first = getattr(page, "first_approved_at", None)
        if first is not None:
            data["datePublished"] = first.isoformat()
        reviewers = [
            {
                "@type": "Person",
                "name": reviewer.name,
                "honorificSuffix": reviewer.credentials,
                "jobTitle": f"Medical Advisory Board member, {reviewer.specialty}",
            }
            for reviewer in getattr(page, "reviewers", [page.reviewer])
            if reviewer is not None and hasattr(reviewer, "credentials")
        ]
        if reviewers:
            # One reviewer as an object (as before); several (REQUIRED_APPROVALS > 1) as a list.
            data["reviewedBy"] = reviewers[0] if len(reviewers) == 1 else reviewers
    return data


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> data block; <, > and & are escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 — escaped JSON
