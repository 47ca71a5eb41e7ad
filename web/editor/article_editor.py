"""
The whole edit page's form: the article fields, a formset of entries per tier and one of
references (web.editor.forms), bound or unbound, validated together in one round.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from articles.content import ArticleFields, Document, Tier, document_errors
from articles.exceptions import SimilarCondition
from articles.models import Article
from web.editor.forms import (
    ArticleForm,
    EntryForm,
    EntryFormSet,
    ReferenceFormSet,
    checked_rows,
    kept_rows,
    lines_of,
    typed_data,
    with_link,
)

ADD_ROW = "add-"  # the action of an "Add another …" button: "add-" and the formset's prefix


class ArticleEditor:
    """The article form and its formsets, bound or unbound, validated together."""

    def __init__(self, data=None, *, article: Article | None = None, initial_from=None):
        self.article = article
        self.action = (data.get("action") or "save") if data is not None else ""
        initial: dict = {}
        tiers: dict = {}
        references: tuple = ()
        if initial_from is not None:
            initial = {
                "title": initial_from.title,
                "slug": initial_from.slug,
                "condition": initial_from.condition,
                "specialty": initial_from.specialty,
                "summary": initial_from.summary,
                "must_not_miss": "\n".join(initial_from.document.must_not_miss),
            }
            tiers = initial_from.document.tiers
            references = initial_from.document.references
        if article is not None:
            latest = article.latest_revision()
            initial["base_revision"] = latest.history_id if latest else None
        self._build(
            data,
            initial,
            {tier: [EntryForm.initial_for(e) for e in tiers.get(tier, ())] for tier in Tier},
            [{"citation": r.citation, "url": r.url, "pmid": r.pmid, "doi": r.doi} for r in references],
        )
        self.document_errors: list[str] = []
        self.added_to = self.action.removeprefix(ADD_ROW) if self.action.startswith(ADD_ROW) else None
        if self.added_to is not None and self.added_to in self._prefixes():
            # "Add another …": the form comes back unbound, so without error messages, holding
            # everything typed (read as typed, not validated), with one more row where asked.
            self._build(
                None,
                {name: self.form[name].value() for name in self.form.fields},
                {tier: [typed_data(form) for form in formset.forms] for tier, formset in self.tiers.items()},
                [typed_data(form) for form in self.references.forms],
                extra_in=self.added_to,
            )
        else:
            self.added_to = None

    def _build(self, data, initial: dict, tiers: dict, references: list, extra_in: str | None = None) -> None:
        self.form = ArticleForm(
            data, article=self.article, reason_required=self.action != "preview", initial=initial, prefix="article"
        )
        self.tiers = {
            tier: EntryFormSet(data, prefix=f"tier-{tier.value}", initial=tiers[tier], form_kwargs={"tier": tier})
            for tier in Tier
        }
        self.references = ReferenceFormSet(data, prefix="refs", initial=references)
        if extra_in is not None:
            for formset in self._formsets():
                formset.extra = 1 if formset.prefix == extra_in else 0

    def _formsets(self) -> list:
        return [*self.tiers.values(), self.references]

    def _prefixes(self) -> set[str]:
        return {formset.prefix for formset in self._formsets()}

    @property
    def tier_formsets(self):
        return [(tier, self.tiers[tier]) for tier in Tier]

    def is_valid(self) -> bool:
        """Validate everything in one round: the fields, each row, then the document's own rules."""
        if self.added_to is not None:
            return False  # a row was added: nothing to save yet
        valid = self.form.is_valid()
        valid = all([formset.is_valid() for formset in self._formsets()]) and valid
        self._check_document()
        return valid and not self.has_errors

    def _check_document(self) -> None:
        """The document's rules (articles.content.document_errors) over every row filled in so far, each
        message shown beside the row it concerns; the few that concern no one row go at the top."""
        placed = [(form, form.checked_entry()) for formset in self.tiers.values() for form in checked_rows(formset)]
        reference_rows = [form for form in checked_rows(self.references) if not form.errors]
        document = Document(
            tiers={tier: tuple(e for f, e in placed if f.tier == tier) for tier in Tier},
            references=tuple(form.to_reference() for form in reference_rows),
        )
        shown_already = {message for form, _entry in placed for message in form.entry_messages}
        assigned: Counter[str] = Counter()
        for message in document_errors(document):
            if message in shown_already:
                continue
            rows = [(form, entry) for form, entry in placed if message.startswith(form.place(entry))]
            if rows:
                # A name listed twice in one tier: the message is about the later row.
                form, entry = rows[min(assigned[message] + (len(rows) > 1), len(rows) - 1)]
                assigned[message] += 1
                form.add_error(None, form.without_place(message, entry))
                continue
            number, _, rest = message.removeprefix("Reference ").partition(": ")
            if message.startswith("Reference ") and number.isdigit() and 0 < int(number) <= len(reference_rows):
                reference_rows[int(number) - 1].add_error(None, rest[:1].upper() + rest[1:])
            else:
                self.document_errors.append(message)

    def rebase(self, history_id: int) -> None:
        """Make the bound form start from revision `history_id` (after an edit conflict), keeping all else typed."""
        data = self.form.data.copy()
        data[self.form.add_prefix("base_revision")] = str(history_id)
        self.form.data = data

    def document(self) -> Document:
        return Document(
            tiers={tier: tuple(f.to_entry() for f in kept_rows(fs)) for tier, fs in self.tiers.items()},
            references=tuple(f.to_reference() for f in kept_rows(self.references)),
            must_not_miss=lines_of(self.form.cleaned_data.get("must_not_miss")),
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

    similar: list = []  # the articles whose condition reads like this one, once a save was refused for it

    def add_similar(self, refusal: SimilarCondition) -> None:
        """Ask, beside the condition, whether it is the same as the similar articles' (articles.identity)."""
        self.similar = refusal.similar
        names = "; ".join(f"“{a.title}” ({a.condition})" for a in refusal.similar)
        self.form.add_error(
            "condition",
            gettext(
                "Is this the same as %(names)s? If it is, edit that article instead. If it is a different "
                "condition, tick the box below and save again."
            )
            % {"names": names},
        )

    @property
    def allow_similar(self) -> bool:
        """The editor confirmed that the condition is not the one of the similar articles."""
        return bool(self.form.cleaned_data.get("different_condition"))

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError beside the fields it names (the rest at the top)."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.form.add_error(None, message)
            return
        for field, errors in error.error_dict.items():
            for e in errors:
                self.form.add_error(field if field in self.form.fields else None, with_link(e))

    @property
    def reason(self) -> str:
        return self.form.cleaned_data.get("reason", "")

    @property
    def base_revision_id(self) -> int | None:
        return self.form.cleaned_data.get("base_revision")

    @property
    def has_errors(self) -> bool:
        if not self.form.is_bound:
            return False
        return bool(
            self.form.errors
            or self.document_errors
            or any(fs.total_error_count() for fs in self.tiers.values())
            or self.references.total_error_count()
        )
