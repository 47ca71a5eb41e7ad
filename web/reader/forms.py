"""The readers' forms: a follow-up question (the rules are articles.questions)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import questions


class QuestionForm(forms.Form):
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=questions.MAX_LENGTH,
        label=_("Your question"),
        help_text=_(
            "Up to 1,000 characters. Please do not include personal health details such as names, "
            "dates of birth or test results."
        ),
        error_messages={
            "required": _("Write your question."),
            "max_length": _("Keep your question to 1,000 characters (it has %(show_value)d)."),
        },
    )

    def clean_question(self):
        try:
            return questions.clean_question(self.cleaned_data["question"])
        except ValidationError as error:
            raise ValidationError([gettext(message) for message in error.messages]) from error
