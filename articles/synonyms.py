"""
The lay-term and synonym table search expands queries with: what a row may say, who may
change it, and the expansion map articles.search reads.

A term and its equivalents are lowercase words (letters and digits) separated by single
spaces: "Charley-horse" is stored as "charley horse", the way search splits what readers
type. One-way rows ("charley horse" → "leg cramp") widen a reader's word to the articles'
word; two-way rows (British and American spellings, abbreviations) work in both
directions.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from articles.models import Synonym

MAX_TERM_LENGTH = Synonym._meta.get_field("term").max_length  # 80
MAX_EQUIVALENTS_LENGTH = Synonym._meta.get_field("equivalents").max_length  # 400
MAX_EQUIVALENTS = 8
MAX_PHRASE_WORDS = 4
PAGE_SIZE = 50

# (term, equivalents, two_way): lay words and abbreviations readers type, and British and
# American spellings. Editors maintain the table at /editor/synonyms/.
STARTER_SYNONYMS = [
    ("charley horse", "leg cramp", False),
    ("heart attack", "myocardial infarction, acute coronary syndrome", True),
    ("mi", "myocardial infarction, heart attack", False),
    ("dvt", "deep vein thrombosis", True),
    ("pe", "pulmonary embolism", True),
    ("pad", "peripheral arterial disease, peripheral artery disease", True),
    ("tia", "transient ischaemic attack, mini stroke", True),
    ("bppv", "benign paroxysmal positional vertigo", True),
    ("gord", "gastro-oesophageal reflux, gerd, acid reflux", True),
    ("heartburn", "reflux", False),
    ("high blood pressure", "hypertension", True),
    ("low blood pressure", "hypotension", True),
    ("underactive thyroid", "hypothyroidism", True),
    ("blood clot", "thrombosis", False),
    ("blood thinner", "anticoagulant", True),
    ("water tablets", "diuretics", True),
    ("water pills", "diuretics", False),
    ("pins and needles", "tingling, paraesthesia", False),
    ("slipped disc", "disc herniation, herniated disc", True),
    ("sciatica", "lumbar radiculopathy", True),
    ("fainting", "syncope", True),
    ("passing out", "fainting, syncope", False),
    ("short of breath", "breathlessness, shortness of breath", False),
    ("backache", "back pain", False),
    ("red flags", "do not miss, serious causes", False),
    ("red flag", "do not miss, serious causes", False),
    ("warning signs", "do not miss, serious causes", False),
    ("tummy", "abdomen, stomach", False),
    ("belly", "abdomen, stomach", False),
    ("tired", "tiredness, fatigue", False),
    ("numb", "numbness", False),
    ("nite", "night", False),
    ("tonite", "tonight", False),
    ("hypokalaemia", "hypokalemia", True),
    ("hyponatraemia", "hyponatremia", True),
    ("hypomagnesaemia", "hypomagnesemia", True),
    ("hypocalcaemia", "hypocalcemia", True),
    ("hypoglycaemia", "hypoglycemia", True),
    ("hyperglycaemia", "hyperglycemia", True),
    ("oedema", "edema", True),
    ("lymphoedema", "lymphedema", True),
    ("anaemia", "anemia", True),
    ("haemorrhage", "hemorrhage", True),
    ("haematoma", "hematoma", True),
    ("haemoglobin", "hemoglobin", True),
    ("ischaemia", "ischemia", True),
    ("ischaemic", "ischemic", True),
    ("oesophagus", "esophagus", True),
    ("oesophageal", "esophageal", True),
    ("diarrhoea", "diarrhea", True),
    ("dyspnoea", "dyspnea", True),
    ("apnoea", "apnea", True),
    ("leukaemia", "leukemia", True),
    ("tumour", "tumor", True),
    ("paediatric", "pediatric", True),
    ("oestrogen", "estrogen", True),
    ("anaesthetic", "anesthetic", True),
    ("orthopaedic", "orthopedic", True),
    ("haematuria", "hematuria", True),
    ("septicaemia", "septicemia", True),
]


def normalise_phrase(text: str) -> str:
    """A phrase as search sees it: lowercase words separated by single spaces."""
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def may_edit(user) -> bool:
    """Editors (who may change articles) maintain the table."""
    return bool(user and user.is_active and user.has_perm("articles.change_article"))


def _check(user) -> None:
    if not may_edit(user):
        raise PermissionDenied("Only editors maintain the search synonyms.")


def clean_synonym(*, term: str, equivalents: str, instance: Synonym | None = None) -> tuple[str, str]:
    """The term and comma-separated equivalents as stored; ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    clean_term = normalise_phrase(term)
    if not clean_term:
        errors.setdefault("term", []).append("Write the word or phrase readers use (letters or digits).")
    elif len(clean_term) > MAX_TERM_LENGTH:
        errors.setdefault("term", []).append(f"Keep the term to {MAX_TERM_LENGTH} characters.")
    elif len(clean_term.split()) > MAX_PHRASE_WORDS:
        errors.setdefault("term", []).append(f"Keep the term to {MAX_PHRASE_WORDS} words.")
    elif Synonym.objects.filter(term=clean_term).exclude(pk=getattr(instance, "pk", None)).exists():
        errors.setdefault("term", []).append(f"“{clean_term}” is already in the table: change that row instead.")
    parts, seen = [], set()
    for raw in (equivalents or "").split(","):
        part = normalise_phrase(raw)
        if part and part not in seen and part != clean_term:
            seen.add(part)
            parts.append(part)
    if not parts:
        errors.setdefault("equivalents", []).append(
            "Write at least one word or phrase the articles use, different from the term "
            "(separate several with commas)."
        )
    elif len(parts) > MAX_EQUIVALENTS:
        errors.setdefault("equivalents", []).append(f"List at most {MAX_EQUIVALENTS} equivalents.")
    elif any(len(part.split()) > MAX_PHRASE_WORDS for part in parts):
        errors.setdefault("equivalents", []).append(f"Keep each equivalent to {MAX_PHRASE_WORDS} words.")
    joined = ", ".join(parts)
    if parts and len(joined) > MAX_EQUIVALENTS_LENGTH:
        errors.setdefault("equivalents", []).append(f"Keep the equivalents to {MAX_EQUIVALENTS_LENGTH} characters.")
    if errors:
        raise ValidationError(errors)
    return clean_term, joined


@transaction.atomic
def synonym_create(*, term: str, equivalents: str, two_way: bool, by) -> Synonym:
    """Add a row to the table (editors only)."""
    _check(by)
    clean_term, joined = clean_synonym(term=term, equivalents=equivalents)
    try:
        with transaction.atomic():
            return Synonym.objects.create(term=clean_term, equivalents=joined, two_way=two_way, updated_by=by)
    except IntegrityError as error:  # the same term added at the same moment by someone else
        raise ValidationError({"term": [f"“{clean_term}” is already in the table."]}) from error


@transaction.atomic
def synonym_update(*, synonym: Synonym, term: str, equivalents: str, two_way: bool, by) -> Synonym:
    """Change a row (editors only)."""
    _check(by)
    synonym = Synonym.objects.select_for_update().get(pk=synonym.pk)
    clean_term, joined = clean_synonym(term=term, equivalents=equivalents, instance=synonym)
    synonym.term, synonym.equivalents, synonym.two_way, synonym.updated_by = clean_term, joined, two_way, by
    try:
        with transaction.atomic():
            synonym.save()
    except IntegrityError as error:
        raise ValidationError({"term": [f"“{clean_term}” is already in the table."]}) from error
    return synonym


@transaction.atomic
def synonym_delete(*, synonym: Synonym, by) -> None:
    """Remove a row (editors only)."""
    _check(by)
    Synonym.objects.filter(pk=synonym.pk).delete()


def synonym_list(*, query: str = ""):
    """The table, A to Z, optionally only rows whose term or equivalents contain `query`."""
    rows = Synonym.objects.select_related("updated_by").order_by("term")
    needle = normalise_phrase(query)
    if needle:
        rows = rows.filter(term__contains=needle) | rows.filter(equivalents__contains=needle)
    return rows


def synonym_seed() -> int:
    """Add the starter rows that are missing (the migration's, again after a flush); returns how many."""
    added = 0
    for term, equivalents, two_way in STARTER_SYNONYMS:
        _row, created = Synonym.objects.get_or_create(
            term=term, defaults={"equivalents": equivalents, "two_way": two_way}
        )
        added += created
    return added


def expansion_map() -> dict[str, tuple[str, ...]]:
    """Each phrase readers may type → the phrases it also stands for (both ways for two-way rows)."""
    expansions: dict[str, list[str]] = {}

    def add(phrase: str, others) -> None:
        bucket = expansions.setdefault(phrase, [])
        for other in others:
            if other != phrase and other not in bucket:
                bucket.append(other)

    for term, equivalents, two_way in Synonym.objects.values_list("term", "equivalents", "two_way"):
        parts = [part.strip() for part in equivalents.split(",") if part.strip()]
        add(term, parts)
        if two_way:
            for part in parts:
                add(part, [term, *parts])
    return {phrase: tuple(others) for phrase, others in expansions.items()}


synonym_create.alters_data = True
synonym_update.alters_data = True
synonym_delete.alters_data = True
synonym_seed.alters_data = True
