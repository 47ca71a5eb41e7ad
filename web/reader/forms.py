"""The readers' forms: a follow-up question (the rules are articles.questions)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from articles import questions


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
