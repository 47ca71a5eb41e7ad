"""
The editor's article form: the article fields, one formset of entries per tier and one
of references. Works without JavaScript: each formset has blank extra rows to add to,
a "Remove" box and an "Order" number per row.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.urls import reverse
from django.utils.html import format_html

from accounts.audiences import Audience
from articles import questions
from articles.content import (
    DOI_MESSAGE,
    DOI_PATTERN,
    MAX_CITATION_LENGTH,
    MAX_DOI_LENGTH,
    MAX_NAME_LENGTH,
    MAX_SIGN_LENGTH,
    MAX_SIGNS,
    MAX_URL_LENGTH,
    PMID_MESSAGE,
    PMID_PATTERN,
    ArticleFields,
    Document,
    Entry,
    Reference,
    Register,
    Tier,
    document_errors,
    slug_for_condition,
    validate_single_line,
)
from articles.models import REASON_MAX_LENGTH, Article
from articles.readability import hardest_sentences, readability
from articles.rendering import MAX_TEXT_LENGTH
from articles.services import check_identity

EXTRA_ROWS = 2


def _column_length(name: str) -> int:
    """The length of an article column: forms take their limits from the model they write."""
    return Article._meta.get_field(name).max_length


class ArticleForm(forms.Form):
    title = forms.CharField(
        max_length=_column_length("title"),
        validators=[validate_single_line],
        help_text="For example: Differential Diagnosis for Leg Cramps",
        error_messages={"required": "Enter the article's title."},
    )
    slug = forms.SlugField(
        max_length=_column_length("slug"),
        required=False,
        label="Web address (slug)",
        help_text="The last part of the article's address, e.g. leg-cramps. Left blank, it is made from the condition.",
    )
    condition = forms.CharField(
        max_length=_column_length("condition"),
        validators=[validate_single_line],
        help_text="The symptom or condition the differential is for, e.g. Leg cramps.",
        error_messages={"required": "Enter the symptom or condition this differential is for."},
    )
    specialty = forms.CharField(
        max_length=_column_length("specialty"),
        validators=[validate_single_line],
        required=False,
        help_text="The clinical specialty, for browsing, e.g. Vascular medicine.",
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=_column_length("summary")
    )
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        validators=[validate_single_line],
        required=False,
        label="Reason for this change",
        help_text="Say what you changed and why; it is shown in the history and to reviewers.",
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, article: Article | None = None, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)
        if article is not None:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Give a reason for this change."

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
                        self.add_error(field, _with_link(e))
        return cleaned


def _with_link(error: ValidationError) -> ValidationError:
    """The service's duplicate-condition error, with a link to the article to edit instead."""
    if error.code != "duplicate_condition":
        return error
    params = error.params or {}
    return ValidationError(
        format_html(
            'There is already an article for this condition: <a href="{}">{}</a>. '
            "Edit that article instead, so that readers find one answer.",
            reverse("editor:edit", kwargs={"slug": params["slug"]}),
            params["title"],
        )
    )


def _text_field(label: str, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        label=label,
        help_text=help_text,
    )


def _signs_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_SIGNS * (MAX_SIGN_LENGTH + 1),
        required=False,
        label=label,
        help_text=help_text,
    )


def _lines(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (value or "").splitlines() if line.strip())


class EntryForm(forms.Form):
    """One diagnosis: its name, a text for each of the five registers, and two levels of warning signs."""

    name = forms.CharField(
        max_length=MAX_NAME_LENGTH, validators=[validate_single_line], required=False, label="Diagnosis"
    )
    clinical = _text_field(
        "Clinical text, for physicians (Markdown)",
        "Required for every diagnosis. Readers who have not chosen an audience see this text.",
    )
    nurse = _text_field(
        "For nurses and allied health (Markdown)", "What to observe, measure and report; when to escalate."
    )
    student = _text_field(
        "For students (Markdown)",
        "Distinguishing features, the mechanism in one line, what to ask or examine, the pitfall.",
    )
    plain = _text_field("For patients, in plain language (Markdown)", "Second person, short sentences, everyday words.")
    caregiver = _text_field(
        "For caregivers and family (Markdown)",
        "About “the person you care for”: what to watch for, how to help, when to get help.",
    )
    emergency_signs = _signs_field(
        "Get emergency help now",
        f"One per line: signs that mean calling {settings.EMERGENCY_NUMBER} or the local emergency number now.",
    )
    see_doctor_signs = _signs_field(
        "See a doctor soon if", "One per line: reasons to see a doctor soon, not emergencies."
    )

    TEXT_FIELDS = ("clinical", "nurse", "student", "plain", "caregiver")
    ALL_FIELDS = ("name", *TEXT_FIELDS, "emergency_signs", "see_doctor_signs")

    def clean(self):
        cleaned = super().clean()
        filled = any((cleaned.get(k) or "").strip() for k in self.ALL_FIELDS)
        if filled and not (cleaned.get("name") or "").strip():
            self.add_error("name", "Give the diagnosis a name, or clear this row to leave it out.")
        if filled and not (cleaned.get("clinical") or "").strip():
            self.add_error("clinical", "Write the clinical text for this diagnosis.")
        return cleaned

    def is_blank(self) -> bool:
        return not any((self.cleaned_data.get(k) or "").strip() for k in self.ALL_FIELDS)

    def lay_readability(self) -> list[dict]:
        """For the patient and caregiver texts as typed: the grade and the sentences that push it up."""
        levels = []
        for name in ("plain", "caregiver"):
            text = self[name].value() or ""
            level = readability(text)
            if level is not None:
                levels.append({"label": Register(name).label, "level": level, "hardest": hardest_sentences(text)})
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
            name=data.get("name", "").strip(),
            **{name: data.get(name, "") for name in self.TEXT_FIELDS},
            emergency_signs=_lines(data.get("emergency_signs")),
            see_doctor_signs=_lines(data.get("see_doctor_signs")),
        )

    @staticmethod
    def initial_for(entry: Entry) -> dict:
        return {
            "name": entry.name,
            **{name: getattr(entry, name) for name in EntryForm.TEXT_FIELDS},
            "emergency_signs": "\n".join(entry.emergency_signs),
            "see_doctor_signs": "\n".join(entry.see_doctor_signs),
        }


class ReferenceForm(forms.Form):
    citation = forms.CharField(max_length=MAX_CITATION_LENGTH, validators=[validate_single_line], required=False)
    url = forms.URLField(max_length=MAX_URL_LENGTH, required=False, label="URL", assume_scheme="https")
    pmid = forms.RegexField(regex=PMID_PATTERN, required=False, label="PMID", error_messages={"invalid": PMID_MESSAGE})
    doi = forms.RegexField(
        regex=DOI_PATTERN,
        max_length=MAX_DOI_LENGTH,
        required=False,
        label="DOI",
        error_messages={"invalid": DOI_MESSAGE},
    )

    def clean(self):
        cleaned = super().clean()
        others = any(cleaned.get(k) for k in ("url", "pmid", "doi"))
        if others and not (cleaned.get("citation") or "").strip():
            self.add_error("citation", "Write the citation, or clear this row to leave it out.")
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


class RowFormSet(BaseFormSet):
    """Rows with plain-English "Order" and "Remove" controls."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[ORDERING_FIELD_NAME].label = "Order"
        form.fields[ORDERING_FIELD_NAME].help_text = "Change the numbers to reorder."
        form.fields[DELETION_FIELD_NAME].label = "Remove this row"


EntryFormSet = formset_factory(EntryForm, formset=RowFormSet, extra=EXTRA_ROWS, can_delete=True, can_order=True)
ReferenceFormSet = formset_factory(ReferenceForm, formset=RowFormSet, extra=EXTRA_ROWS, can_delete=True, can_order=True)


def _kept(formset) -> list:
    """The rows to keep, in the editor's order: not removed and not left blank."""
    return [form for form in formset.ordered_forms if not form.is_blank()]


class ArticleEditor:
    """The article form and its formsets, bound or unbound, validated together."""

    def __init__(self, data=None, *, article: Article | None = None, initial_from=None):
        self.article = article
        initial, tiers, references = {}, {}, ()
        if initial_from is not None:
            initial = {
                "title": initial_from.title,
                "slug": initial_from.slug,
                "condition": initial_from.condition,
                "specialty": initial_from.specialty,
                "summary": initial_from.summary,
            }
            tiers = initial_from.document.tiers
            references = initial_from.document.references
        if article is not None:
            latest = article.latest_revision()
            initial["base_revision"] = latest.history_id if latest else None
        self.form = ArticleForm(data, article=article, initial=initial, prefix="article")
        self.tiers = {
            tier: EntryFormSet(
                data,
                prefix=f"tier-{tier.value}",
                initial=[EntryForm.initial_for(e) for e in tiers.get(tier, ())],
            )
            for tier in Tier
        }
        self.references = ReferenceFormSet(
            data,
            prefix="refs",
            initial=[{"citation": r.citation, "url": r.url, "pmid": r.pmid, "doi": r.doi} for r in references],
        )
        self.document_errors: list[str] = []

    @property
    def tier_formsets(self):
        return [(tier, self.tiers[tier]) for tier in Tier]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        valid = all([formset.is_valid() for formset in self.tiers.values()]) and valid
        valid = self.references.is_valid() and valid
        if valid:
            self.document_errors = document_errors(self.document())
            valid = not self.document_errors
        return valid

    def document(self) -> Document:
        return Document(
            tiers={tier: tuple(f.to_entry() for f in _kept(fs)) for tier, fs in self.tiers.items()},
            references=tuple(f.to_reference() for f in _kept(self.references)),
        )

    def fields(self) -> ArticleFields:
        data = self.form.cleaned_data
        return ArticleFields(
            title=data["title"],
            slug=data["slug"],
            condition=data["condition"],
            summary=data.get("summary", ""),
            document=self.document(),
            specialty=data.get("specialty", ""),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError beside the fields it names (the rest at the top)."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.form.add_error(None, message)
            return
        for field, errors in error.error_dict.items():
            for e in errors:
                self.form.add_error(field if field in self.form.fields else None, _with_link(e))

    @property
    def reason(self) -> str:
        return self.form.cleaned_data.get("reason", "")

    @property
    def base_revision_id(self) -> int | None:
        return self.form.cleaned_data.get("base_revision")

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.document_errors
            or any(fs.total_error_count() for fs in self.tiers.values())
            or self.references.total_error_count()
        )


class PasteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18}),
        label="Differential as plain text",
        help_text=(
            "Paste a differential: a title line “Differential Diagnosis for …”, the tier headings "
            "(Single Most Likely Diagnosis, Other Likely Diagnoses, Do Not Miss Diagnoses, Rare Diagnoses) "
            "and one “Name: explanation” line per diagnosis."
        ),
        max_length=200_000,
    )


class PreviewAudienceForm(forms.Form):
    audience = forms.ChoiceField(
        choices=[("", "No choice made (clinical text)")] + list(Audience.choices),
        required=False,
        label="Preview as",
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=questions.MAX_LENGTH,
        label="Your question",
        help_text="Up to 1,000 characters. Please do not include personal health details such as names, "
        "dates of birth or test results.",
        error_messages={
            "required": "Write your question.",
            "max_length": "Keep your question to 1,000 characters (it has %(show_value)d).",
        },
    )

    def clean_question(self):
        try:
            return questions.clean_question(self.cleaned_data["question"])
        except ValidationError as error:
            raise ValidationError(error.messages) from error
