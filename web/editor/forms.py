"""
The editor's article form: the article fields, one formset of entries per tier and one
of references. Works without JavaScript: each formset has blank extra rows to add to, an
"Add another" button that returns the form with one more row, a "Remove" box and an
"Order" number per row. Every error is found in one round: field errors, and the
document's own rules (articles.content.document_errors) shown beside the entry they
concern.
"""

from __future__ import annotations

import dataclasses

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from accounts.audiences import Audience
from articles.content import (
    DOI_MESSAGE,
    DOI_PATTERN,
    MAX_CITATION_LENGTH,
    MAX_DOI_LENGTH,
    MAX_ENTRIES_PER_TIER,
    MAX_MUST_NOT_MISS,
    MAX_NAME_LENGTH,
    MAX_PHRASE_LENGTH,
    MAX_READER_PHRASES,
    MAX_REFERENCES,
    MAX_SIGN_LENGTH,
    MAX_SIGNS,
    MAX_URL_LENGTH,
    PMID_MESSAGE,
    PMID_PATTERN,
    Document,
    Entry,
    Reference,
    Register,
    Tier,
    Urgency,
    document_errors,
    slug_for_condition,
    validate_single_line,
)
from articles.models import REASON_MAX_LENGTH, Article
from articles.readability import REPORT_ORDER, hardest_sentences, readability
from articles.rendering import MAX_TEXT_LENGTH
from articles.services import check_identity

EXTRA_ROWS = 2
ENTRY_REQUIREMENT = gettext_lazy("required if you fill in any field of this diagnosis")
REFERENCE_REQUIREMENT = gettext_lazy("required if you fill in any field of this reference")


class SizedTextarea(forms.Textarea):
    """A textarea as tall as the text it holds (within bounds), so that long texts are not cut off."""

    def __init__(self, attrs=None, *, min_rows: int = 3, max_rows: int = 25, line_length: int = 70):
        super().__init__(attrs)
        self.min_rows, self.max_rows, self.line_length = min_rows, max_rows, line_length

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["rows"] = str(self.rows_for(self.format_value(value) or ""))
        return context

    def rows_for(self, text: str) -> int:
        """One row per wrapped line of `text`, plus one to type into."""
        lines = sum(max(1, -(-len(line) // self.line_length)) for line in text.split("\n")) if text else 0
        return max(self.min_rows, min(self.max_rows, lines + 1))


def _column_length(name: str) -> int:
    """The length of an article column: forms take their limits from the model they write."""
    return Article._meta.get_field(name).max_length


class ArticleForm(forms.Form):
    title = forms.CharField(
        max_length=_column_length("title"),
        validators=[validate_single_line],
        label=gettext_lazy("Title"),
        help_text=gettext_lazy("For example: Differential Diagnosis for Leg Cramps"),
        error_messages={"required": gettext_lazy("Enter the article's title.")},
    )
    slug = forms.SlugField(
        max_length=_column_length("slug"),
        required=False,
        label=gettext_lazy("Web address (slug)"),
        help_text=gettext_lazy(
            "The last part of the article's address, e.g. leg-cramps. Left blank, it is made from the condition."
        ),
    )
    condition = forms.CharField(
        max_length=_column_length("condition"),
        validators=[validate_single_line],
        label=gettext_lazy("Condition"),
        help_text=gettext_lazy("The symptom or condition the differential is for, e.g. Leg cramps."),
        error_messages={"required": gettext_lazy("Enter the symptom or condition this differential is for.")},
    )
    specialty = forms.CharField(
        max_length=_column_length("specialty"),
        validators=[validate_single_line],
        required=False,
        label=gettext_lazy("Specialty"),
        help_text=gettext_lazy("The clinical specialty, for browsing, e.g. Vascular medicine."),
    )
    summary = forms.CharField(
        widget=SizedTextarea(), required=False, max_length=_column_length("summary"), label=gettext_lazy("Summary")
    )
    must_not_miss = forms.CharField(
        widget=SizedTextarea(min_rows=2, max_rows=12),
        required=False,
        max_length=MAX_MUST_NOT_MISS * (MAX_NAME_LENGTH + 1),
        label=gettext_lazy("Must not miss"),
        help_text=gettext_lazy(
            "One condition per line that the board agreed this article must cover. The review checklist "
            "shows which diagnosis covers each; the board reviews this list with the rest of the article."
        ),
    )
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        validators=[validate_single_line],
        required=False,
        label=gettext_lazy("Reason for this change"),
        help_text=gettext_lazy("Say what you changed and why; it is shown in the history and to reviewers."),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Shown only once the condition reads like another article's (articles.identity).
    different_condition = forms.BooleanField(
        required=False,
        label=gettext_lazy("It is a different condition: save this article anyway"),
    )

    def __init__(self, *args, article: Article | None = None, reason_required: bool = True, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)
        if article is not None:
            self.fields["reason"].help_text += " " + gettext("Needed to save; not needed to preview.")
        if article is not None and reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = gettext("Give a reason for this change.")

    def clean(self):
        """The address and condition rules of articles.services, shown beside their fields."""
        cleaned = super().clean()
        condition = (cleaned.get("condition") or "").strip()
        if "slug" in cleaned and condition:
            cleaned["slug"] = cleaned["slug"] or slug_for_condition(condition)
            try:
                check_identity(slug=cleaned["slug"], condition=condition, article=self.article)
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    for e in errors:
                        self.add_error(field, with_link(e))
        return cleaned


def with_link(error: ValidationError) -> ValidationError:
    """The service's duplicate-condition error, with a link to the article to edit instead."""
    if error.code != "duplicate_condition":
        return error
    params = error.params or {}
    link = format_html('<a href="{}">{}</a>', reverse("editor:edit", kwargs={"slug": params["slug"]}), params["title"])
    return ValidationError(
        format_html(
            gettext(
                "There is already an article for this condition: {link}. "
                "Edit that article instead, so that readers find one answer."
            ),
            link=link,
        )
    )


def _text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        widget=SizedTextarea(),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        label=label,
        help_text=help_text,
    )


def _signs_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        widget=SizedTextarea(min_rows=2, max_rows=MAX_SIGNS + 1),
        max_length=MAX_SIGNS * (MAX_SIGN_LENGTH + 1),
        required=False,
        label=label,
        help_text=help_text,
    )


def lines_of(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (value or "").splitlines() if line.strip())


class EntryForm(forms.Form):
    """One diagnosis: its name, a text for each of the five registers, how readers describe it, and its warning
    signs at three levels of urgency."""

    name = forms.CharField(
        max_length=MAX_NAME_LENGTH,
        validators=[validate_single_line],
        required=False,
        label=gettext_lazy("Diagnosis name"),
    )
    name.requirement = ENTRY_REQUIREMENT  # type: ignore[attr-defined]  # read by the editor's field template
    clinical = _text_field(
        gettext_lazy("Clinical text, for physicians (Markdown)"),
        gettext_lazy("Readers who have not chosen an audience see this text."),
    )
    clinical.requirement = ENTRY_REQUIREMENT  # type: ignore[attr-defined]
    nurse = _text_field(
        gettext_lazy("For nurses and allied health (Markdown)"),
        gettext_lazy("What to observe, measure and report; when to escalate."),
    )
    student = _text_field(
        gettext_lazy("For students (Markdown)"),
        gettext_lazy("Distinguishing features, the mechanism in one line, what to ask or examine, the pitfall."),
    )
    plain = _text_field(
        gettext_lazy("For patients, in plain language (Markdown)"),
        gettext_lazy("Second person, short sentences, everyday words."),
    )
    caregiver = _text_field(
        gettext_lazy("For caregivers and family (Markdown)"),
        gettext_lazy("About “the person you care for”: what to watch for, how to help, when to get help."),
    )
    emergency_signs = _signs_field(
        gettext_lazy("Get emergency help now"),
        format_lazy(
            gettext_lazy("One per line: signs that mean calling {number} or the local emergency number now."),
            number=settings.EMERGENCY_NUMBER,
        ),
    )
    reader_phrases = forms.CharField(
        widget=SizedTextarea(min_rows=2, max_rows=MAX_READER_PHRASES + 1),
        max_length=MAX_READER_PHRASES * (MAX_PHRASE_LENGTH + 1),
        required=False,
        label=gettext_lazy("How readers describe it"),
        help_text=gettext_lazy(
            "One per line: symptoms in readers' own words, other names, common misspellings worth keeping. "
            "Search weighs them between the name and the text."
        ),
    )
    today_signs = _signs_field(
        gettext_lazy("Get help today if"),
        format_lazy(
            gettext_lazy(
                "One per line: signs that need a same-day GP or urgent care visit, or a call to "
                "{number}, but not the emergency number."
            ),
            number=settings.URGENT_ADVICE_NUMBER,
        ),
    )
    see_doctor_signs = _signs_field(
        gettext_lazy("See a doctor soon if"),
        gettext_lazy("One per line: reasons to see a doctor soon (a routine appointment), not the same day."),
    )

    TEXT_FIELDS = ("clinical", "nurse", "student", "plain", "caregiver")
    SIGN_FIELDS = tuple(urgency.field for urgency in Urgency)
    ALL_FIELDS = ("name", *TEXT_FIELDS, "reader_phrases", *SIGN_FIELDS)

    def __init__(self, *args, tier: Tier = Tier.MOST_LIKELY, **kwargs):
        self.tier = tier
        self.entry_messages: list[str] = []  # the document's rules this entry breaks, as document_errors words them
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        filled = any((cleaned.get(k) or "").strip() for k in self.ALL_FIELDS)
        if filled and not (cleaned.get("name") or "").strip():
            self.add_error("name", gettext("Give the diagnosis a name, or clear this row to leave it out."))
        if filled and not (cleaned.get("clinical") or "").strip():
            self.add_error("clinical", gettext("Write the clinical text for this diagnosis."))
        if filled:
            # The document's rules for one entry (headings, Markdown limits, signs), in the
            # same round as the field errors; name and clinical text are checked above.
            entry = self.checked_entry()
            self.entry_messages = document_errors(Document(tiers={self.tier: (entry,)}))
            for message in self.entry_messages:
                self.add_error(None, self.without_place(message, entry))
        return cleaned

    def checked_entry(self) -> Entry:
        """The row as an entry for the document's checks: a missing or invalid name or clinical text stands in
        as a placeholder, since the row's own field errors already say what is wrong with them."""
        entry = self.to_entry()
        return dataclasses.replace(
            entry,
            name=entry.name or f"Unnamed diagnosis {self.prefix}",
            clinical=entry.clinical or "(clinical text)",
        )

    def place(self, entry: Entry) -> str:
        """How document_errors names this entry at the start of a message."""
        return f"{self.tier.heading}, “{entry.name[:MAX_NAME_LENGTH]}”: "

    def without_place(self, message: str, entry: Entry) -> str:
        """A document error as shown beside the entry it concerns (which needs no naming there)."""
        message = message.removeprefix(self.place(entry))
        return message[:1].upper() + message[1:]

    def is_blank(self) -> bool:
        return not any((self.cleaned_data.get(k) or "").strip() for k in self.ALL_FIELDS)

    def register_readability(self) -> list[dict]:
        """Each text as typed, graded against its register's limit; for a lay text, the sentences that push it up."""
        levels = []
        for register in REPORT_ORDER:
            text = self[register.value].value() or ""
            level = readability(text, register)
            if level is not None:
                hardest = hardest_sentences(text) if register.lay else []
                levels.append({"register": register, "label": register.label, "level": level, "hardest": hardest})
        return levels

    def coverage(self) -> dict[str, list[str]] | None:
        """Which registers this row has a text for and which are still to write (None for an empty row)."""
        if not (self["name"].value() or "").strip():
            return None
        written = {name: bool((self[name].value() or "").strip()) for name in self.TEXT_FIELDS}
        return {
            "written": [Register(name).label for name, done in written.items() if done],
            "missing": [Register(name).label for name, done in written.items() if not done],
        }

    def to_entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            name=(data.get("name") or "").strip(),
            **{name: data.get(name) or "" for name in self.TEXT_FIELDS},
            **{name: lines_of(data.get(name)) for name in self.SIGN_FIELDS},
            reader_phrases=lines_of(data.get("reader_phrases")),
        )

    @staticmethod
    def initial_for(entry: Entry) -> dict:
        return {
            "name": entry.name,
            **{name: getattr(entry, name) for name in EntryForm.TEXT_FIELDS},
            **{urgency.field: "\n".join(entry.signs(urgency)) for urgency in Urgency},
            "reader_phrases": "\n".join(entry.reader_phrases),
        }


class ReferenceForm(forms.Form):
    citation = forms.CharField(
        max_length=MAX_CITATION_LENGTH,
        validators=[validate_single_line],
        required=False,
        label=gettext_lazy("Citation"),
    )
    citation.requirement = REFERENCE_REQUIREMENT  # type: ignore[attr-defined]  # read by the editor's field template
    url = forms.URLField(max_length=MAX_URL_LENGTH, required=False, label=gettext_lazy("URL"), assume_scheme="https")
    pmid = forms.RegexField(
        regex=PMID_PATTERN, required=False, label=gettext_lazy("PMID"), error_messages={"invalid": PMID_MESSAGE}
    )
    doi = forms.RegexField(
        regex=DOI_PATTERN,
        max_length=MAX_DOI_LENGTH,
        required=False,
        label=gettext_lazy("DOI"),
        error_messages={"invalid": DOI_MESSAGE},
    )

    def clean(self):
        cleaned = super().clean()
        others = any(cleaned.get(k) for k in ("url", "pmid", "doi"))
        if others and not (cleaned.get("citation") or "").strip():
            self.add_error("citation", gettext("Write the citation, or clear this row to leave it out."))
        return cleaned

    def is_blank(self) -> bool:
        return not any((self.cleaned_data.get(k) or "").strip() for k in ("citation", "url", "pmid", "doi"))

    def to_reference(self) -> Reference:
        data = self.cleaned_data
        return Reference(
            citation=data.get("citation", "").strip(),
            url=data.get("url") or "",
            pmid=data.get("pmid") or "",
            doi=data.get("doi") or "",
        )


def typed_data(form) -> dict:
    """A row's values as typed (not validated), to show again in an unbound row."""
    return {name: form[name].value() for name in form.fields}


class RowFormSet(BaseFormSet):
    """Rows with plain-English "Order" and "Remove" controls."""

    def filled_count(self) -> int:
        """How many rows have something in their first field (a diagnosis name, a citation)."""
        first = next(iter(self.form.base_fields))
        return sum(1 for form in self.forms if (form[first].value() or "").strip())

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[ORDERING_FIELD_NAME].label = gettext("Order")
        form.fields[ORDERING_FIELD_NAME].help_text = gettext("Change the numbers to reorder.")
        form.fields[DELETION_FIELD_NAME].label = gettext("Remove this row")


# Rows per formset are capped a little above what a document may hold (so that its own rule, not a
# silent cap, tells the editor), which bounds the work a tampered row count can ask for.
_SPARE_ROWS = 10
EntryFormSet = formset_factory(
    EntryForm,
    formset=RowFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_order=True,
    max_num=MAX_ENTRIES_PER_TIER + _SPARE_ROWS,
    absolute_max=MAX_ENTRIES_PER_TIER + _SPARE_ROWS,
)
ReferenceFormSet = formset_factory(
    ReferenceForm,
    formset=RowFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_order=True,
    max_num=MAX_REFERENCES + _SPARE_ROWS,
    absolute_max=MAX_REFERENCES + _SPARE_ROWS,
)


def kept_rows(formset) -> list:
    """The rows to keep, in the editor's order: not removed and not left blank."""
    return [form for form in formset.ordered_forms if not form.is_blank()]


def checked_rows(formset) -> list:
    """The rows the document's checks look at, before every row is valid: filled in, not removed, in the
    editor's order (rows without a valid order number last, as formsets order them)."""
    rows = [
        (form.cleaned_data.get(ORDERING_FIELD_NAME), index, form)
        for index, form in enumerate(formset.forms)
        if hasattr(form, "cleaned_data") and not form.cleaned_data.get(DELETION_FIELD_NAME) and not form.is_blank()
    ]
    rows.sort(key=lambda row: (row[0] is None, row[0] or 0, row[1]))
    return [form for _order, _index, form in rows]


class PasteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18}),
        label=gettext_lazy("Differential as plain text"),
        help_text=gettext_lazy(
            "Paste a differential: a title line “Differential Diagnosis for …”, the tier headings "
            "(Single Most Likely Diagnosis, Other Likely Diagnoses, Do Not Miss Diagnoses, Rare Diagnoses) "
            "and one “Name: explanation” line per diagnosis."
        ),
        max_length=200_000,
    )


class PreviewAudienceForm(forms.Form):
    audience = forms.ChoiceField(
        choices=[("", gettext_lazy("No choice made (clinical text)"))] + list(Audience.choices),
        required=False,
        label=gettext_lazy("Preview as"),
    )
