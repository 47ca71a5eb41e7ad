"""The board's forms: what a board member sends with a decision."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from articles.models import BOARD_COMMENT_MAX_LENGTH
from review import permissions, selectors
from review.models import COMMENT_MAX_LENGTH, Review, ReviewComment

# The reason for approving over library conflicts, and the words review.workflow wraps it in.
LIBRARY_OVERRIDE_MAX_LENGTH = 1000
LIBRARY_NOTE_ALLOWANCE = 60

# A number with its thousands grouped as the active language writes them (2,000 in English).
_grouped = lazy(lambda number: number_format(number, force_grouping=True), str)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=BOARD_COMMENT_MAX_LENGTH,
        label=gettext_lazy("What should the editor change?"),
        error_messages={
            "required": gettext_lazy("Say what the editor should change: the comment is sent back with the answer."),
            "max_length": format_lazy(
                gettext_lazy("Keep the comment to {limit} characters (it has %(show_value)d)."),
                limit=_grouped(BOARD_COMMENT_MAX_LENGTH),
            ),
        },
    )


class QueueFilter(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=gettext_lazy("Article title or condition"))


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ReviewComment._meta.get_field("body").max_length,
        label=gettext_lazy("Comment"),
        help_text=gettext_lazy("Plain text. Everyone working on this article can read it."),
    )
    entry_name = forms.ChoiceField(required=False, label=gettext_lazy("About the diagnosis"))

    def __init__(self, *args, revision=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = [entry.name for _tier, entry in revision.document.all_entries()] if revision else []
        self.fields["entry_name"].choices = [("", gettext("The whole article"))] + [(n, n) for n in names]


# The furthest ahead a go-live time may be set.
SCHEDULE_MAX_DAYS = 366
_LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def _go_live_field(label: str, help_text: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        required=False,
        label=label,
        help_text=help_text,
        input_formats=[_LOCAL_MINUTE, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_LOCAL_MINUTE),
        error_messages={"invalid": gettext_lazy("Enter a date and time, for example 2026-12-01 09:00.")},
    )


def _check_go_live(value):
    """A go-live time in the future and within SCHEDULE_MAX_DAYS; None stays None (at once)."""
    if value is None:
        return None
    now = timezone.now()
    if value <= now:
        raise ValidationError(gettext("Choose a time in the future, or leave it empty for readers to get it at once."))
    if value > now + datetime.timedelta(days=SCHEDULE_MAX_DAYS):
        raise ValidationError(gettext("Choose a time within %(days)s days.") % {"days": SCHEDULE_MAX_DAYS})
    return value


class DecisionForm(forms.Form):
    """The comment on a decision (required when requesting changes) and, when approving, a go-live time."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        label=gettext_lazy("Comment"),
        error_messages={
            "max_length": gettext_lazy("Keep the comment to %(limit_value)d characters (it has %(show_value)d).")
        },
    )
    go_live_at = _go_live_field(
        gettext_lazy("Go live for readers at"),
        format_lazy(
            gettext_lazy(
                "Leave empty for readers to get it as soon as it is approved. Times are {time_zone}; "
                "readers keep the previous approved version until then."
            ),
            time_zone=settings.TIME_ZONE,
        ),
    )

    library_override = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=LIBRARY_OVERRIDE_MAX_LENGTH,
        label=gettext_lazy("Reason for approving although the library disagrees"),
        help_text=gettext_lazy(
            "Only when the checklist lists an urgency conflict that should stand: say why. It is recorded "
            "with your approval."
        ),
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment_required = comment_required

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.comment_required and not comment:
            raise ValidationError(gettext("Say what needs to change: a comment is required to request changes."))
        return comment

    def clean(self):
        cleaned = super().clean()
        # The reason is kept in the approval's comment (review.workflow): together they must fit it.
        comment, override = cleaned.get("comment") or "", cleaned.get("library_override") or ""
        if override and len(comment) + len(override) + LIBRARY_NOTE_ALLOWANCE > COMMENT_MAX_LENGTH:
            self.add_error(
                "library_override", gettext("Together with your comment this is too long: shorten one of them.")
            )
        return cleaned

    def clean_go_live_at(self):
        if self.comment_required:
            return None  # requesting changes: there is nothing to schedule
        return _check_go_live(self.cleaned_data.get("go_live_at"))


class AssignForm(forms.Form):
    """Whom to give a review to: the board members it may go to now."""

    assignee = forms.ChoiceField(label=gettext_lazy("Board member"))
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        label=gettext_lazy("Note to the reviewer"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.user_id): m for m in permissions.assignable_members(review)}
        self.fields["assignee"].choices = [("", gettext("Choose a board member"))] + [
            (key, m.display_name) for key, m in self.members.items()
        ]
        self.fields["assignee"].error_messages["required"] = gettext("Choose the board member to give this review to.")
        self.fields["assignee"].error_messages["invalid_choice"] = gettext(
            "That person cannot take this review (not an active board member, an author of it, "
            "or already an approver). Choose someone from the list."
        )


class ScheduleForm(forms.Form):
    go_live_at = _go_live_field(
        gettext_lazy("New go-live time"),
        format_lazy(gettext_lazy("Times are {time_zone}. Leave empty to publish now."), time_zone=settings.TIME_ZONE),
    )

    def clean_go_live_at(self):
        return _check_go_live(self.cleaned_data.get("go_live_at"))


class AuditFilter(forms.Form):
    kind = forms.ChoiceField(required=False, label=gettext_lazy("Show"), choices=list(selectors.AUDIT_KINDS.items()))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX_LENGTH,
        label=gettext_lazy("Why is it withdrawn?"),
        help_text=gettext_lazy("Readers are shown this reason on the article's address, so write it for them."),
        error_messages={"required": gettext_lazy("Say why the article is withdrawn: readers are shown the reason.")},
    )
