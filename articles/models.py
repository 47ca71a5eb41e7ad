"""
The article and its revisions.

An Article row holds the whole document (differential and references in one validated
JSON value). django-simple-history keeps a historical row per saved change, so one
historical row *is* one complete revision: the review app points approvals at it and
readers are served from it. Workflow state lives in the review app, never in this row,
so approving never writes a revision.
"""

import uuid
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from simple_history.models import HistoricalRecords

from accounts.audiences import parse_audience
from articles.content import (
    MAX_SUMMARY_LENGTH,
    ORIGINAL_LANGUAGE,
    SLUG_MAX_LENGTH,
    Document,
    empty_document_json,
    validate_document,
    validate_no_headings,
    validate_single_line,
)
from articles.identity import condition_key, lookup_keys
from articles.rendering import render_markdown

# The fields that make up a revision; a save that changes none of them is no revision.
REVISION_FIELDS = ("title", "slug", "condition", "specialty", "summary", "content", "source_revision_id")


class DocumentMixin:
    """What the live row and a historical row have in common: the parsed document."""

    @cached_property
    def document(self) -> Document:
        return Document.from_json(self.content)


class RevisionBase(DocumentMixin, models.Model):
    """Extra columns and helpers for HistoricalArticle (one revision of an article)."""

    revision_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.title} — revision {self.revision_number}"

    def save(self, *args, **kwargs):
        """A new revision takes the next number for its article (every writer holds the article's row lock)."""
        if not self.revision_number:
            last = (
                type(self)
                .objects.filter(id=self.id)
                .order_by("-revision_number")
                .values_list("revision_number", flat=True)
                .first()
            )
            self.revision_number = (last or 0) + 1
        super().save(*args, **kwargs)


class ArticleRevisions(HistoricalRecords):
    """
    HistoricalRecords that records nothing for a save that changes nothing, and numbers
    each article's revisions 1, 2, 3, ... (unique per article).

    Skipping unchanged saves here, rather than in each view, holds for every save path:
    the editor's form, the importer, the admin and the shell.
    """

    def post_save(self, instance, created, using=None, **kwargs):
        if not created and not kwargs.get("raw", False) and not instance.differs_from_latest_revision():
            return
        super().post_save(instance, created, using=using, **kwargs)

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        meta["constraints"] = [
            models.UniqueConstraint(fields=["id", "revision_number"], name="unique_revision_number_per_article")
        ]
        return meta


class ConditionKeyField(models.TextField):
    """
    The article's condition as "the same condition" compares it (articles.identity.condition_key),
    derived from `condition` whenever the row is validated or saved, bulk creation included:
    so the unique constraint on it holds on every write path (QuerySet.update() aside).
    """

    def pre_save(self, model_instance, add):
        value = condition_key(model_instance.condition)
        setattr(model_instance, self.attname, value)
        return value

    def clean(self, value, model_instance):
        return condition_key(model_instance.condition)


class ArticleQuerySet(models.QuerySet["Article"]):
    """Article.objects: which articles are about a condition, or about one that reads alike."""

    def for_condition(self, condition: str):
        """The article about this very condition (case, accents, punctuation and spacing aside): one at most."""
        return self.filter(condition_key=condition_key(condition))

    def similar_to(self, condition: str):
        """
        Articles whose condition reads like this one but is not the same: a plural, a British or
        American spelling, a phrase of the synonym table (the rule: articles.identity).
        """
        synonyms = Synonym.objects.values_list("term", "equivalents", "two_way")
        keys = lookup_keys(condition, synonyms=synonyms)
        return self.filter(condition_key__in=keys).exclude(condition_key=condition_key(condition))


class Article(DocumentMixin, models.Model):
    """A differential-diagnosis article: the current (latest) text, which may be unapproved."""

    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True)
    condition = models.CharField(
        max_length=120,
        validators=[validate_single_line],
        help_text="The symptom or condition the differential is for.",
    )
    # One article per condition, in the database (the rule: articles.identity).
    condition_key = ConditionKeyField(editable=False)
    specialty = models.CharField(
        max_length=80,
        blank=True,
        validators=[validate_single_line],
        help_text="The clinical specialty it belongs to, for browsing.",
    )
    summary = models.TextField(
        blank=True,
        max_length=MAX_SUMMARY_LENGTH,
        validators=[validate_no_headings, MaxLengthValidator(MAX_SUMMARY_LENGTH)],
    )
    content = models.JSONField(default=empty_document_json, validators=[validate_document])
    created_at = models.DateTimeField(auto_now_add=True)
    # A translation is an article of its own (its own revisions and reviews) in another
    # language, linked to the English original and to the original's revision it follows.
    language = models.CharField(max_length=8, default=ORIGINAL_LANGUAGE, editable=False)
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="translations", editable=False
    )
    source_revision = models.ForeignKey(
        "articles.HistoricalArticle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision of the original this translation follows.",
    )

    history = ArticleRevisions(
        bases=[RevisionBase],
        # The key is derived from the condition, which revisions keep; a revision needs no copy.
        excluded_fields=["created_at", "condition_key"],
        user_model=settings.AUTH_USER_MODEL,
        cascade_delete_history=False,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition_key", "language"],
                name="article_one_per_condition_and_language",
                violation_error_message="There is already an article for this condition.",
                violation_error_code="duplicate_condition",
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=models.Q(translation_of__isnull=False),
                name="article_one_translation_per_language",
                violation_error_message="This article already has a translation in that language.",
            ),
            # The original is in English; every other language is a translation of one.
            models.CheckConstraint(
                condition=models.Q(language=ORIGINAL_LANGUAGE, translation_of__isnull=True)
                | (~models.Q(language=ORIGINAL_LANGUAGE) & models.Q(translation_of__isnull=False)),
                name="article_translation_has_an_original",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "condition" in update_fields:
            # The key follows the condition, even in a save of named fields only.
            kwargs["update_fields"] = {*update_fields, "condition_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.translation_of_id is not None:  # a translation lives at its original's address, in its language
            with translation.override(self.language):
                return reverse("articles:detail", kwargs={"slug": self.translation_of.slug})
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_translation(self) -> bool:
        return self.translation_of_id is not None

    def latest_revision(self):
        """The newest revision (historical row) of this article."""
        return self.history.order_by("-history_id").first()

    def differs_from_latest_revision(self) -> bool:
        """True when this row's revision fields differ from its newest revision."""
        latest = self.history.order_by("-history_id").values(*REVISION_FIELDS).first()
        if latest is None:
            return True
        return any(getattr(self, name) != latest[name] for name in REVISION_FIELDS)


HistoricalArticle = Article.history.model
# The longest change reason a revision can hold (simple-history's column).
REASON_MAX_LENGTH = HistoricalArticle._meta.get_field("history_change_reason").max_length


class SearchEntry(models.Model):
    """
    One passage readers may find: the summary or one diagnosis of the revision readers
    get, in one register (clinical or plain language). Rebuilt by articles.search when
    what readers get changes (submission of a never-approved article, approval).

    `language` is whose readers find it: an original's passages are the English readers'
    ("en"); a `language` passage is from the original's approved translation into that
    language, which readers get at the original's address under /<language>/ — so `article`
    is always the original, `revision` the revision of the text indexed (the translation's).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="search_entries")
    revision = models.ForeignKey(HistoricalArticle, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8, default="en")
    register = models.CharField(max_length=10)  # "clinical" or "lay"
    anchor = models.CharField(max_length=120, blank=True)
    entry_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200)
    condition = models.CharField(max_length=120)
    body = models.TextField()
    # How readers describe the diagnosis (Entry.reader_phrases): weighed between the name and the text.
    phrases = models.TextField(blank=True, default="")
    is_approved = models.BooleanField()
    # PostgreSQL only (weighted tsvector, GIN-indexed by a migration); unused on SQLite,
    # where an FTS5 table mirrors these rows.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["register", "is_approved"], name="search_register")]

    def __str__(self):
        return f"{self.title}: {self.entry_name or 'summary'} ({self.register})"


class QuestionStatus(models.TextChoices):
    NEW = "new", "New"
    ANSWERED = "answered", "Answered"
    DISMISSED = "dismissed", "Dismissed"


class FaqState(models.TextChoices):
    """An editor's answer to a reader's question, on its way to the article's "Readers asked"."""

    NONE = "", "No answer written"
    PENDING = "pending", "Waiting for the board"
    RETURNED = "returned", "Sent back by the board"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The longest editor's answer and board comment (forms read them here).
ANSWER_MAX_LENGTH = 1500
ANSWER_MIN_LENGTH = 20
BOARD_COMMENT_MAX_LENGTH = 2000


class Question(models.Model):
    """A reader's follow-up question about an article, for the editors."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="questions")
    audience = models.CharField(max_length=20, blank=True)
    text = models.TextField(max_length=1000)
    created_at = models.DateTimeField()
    # A keyed hash of the visitor's network address, never the address itself (the per-client
    # limit counts the same hash in the shared cache: articles.questions.ask_limit_reached).
    visitor = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.NEW)
    answer_revision = models.ForeignKey(
        HistoricalArticle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    # Whether the site found board-reviewed passages for it when it was asked (None: asked
    # before this was recorded). Editors filter the queue on it.
    passages_found = models.BooleanField(null=True)
    # An editor's short answer (safe Markdown) and its way through the board (review.faq).
    answer = models.TextField(max_length=ANSWER_MAX_LENGTH, blank=True)
    answer_state = models.CharField(max_length=20, choices=FaqState.choices, blank=True, default=FaqState.NONE)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    board_comment = models.TextField(max_length=BOARD_COMMENT_MAX_LENGTH, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="question_status"),
            models.Index(fields=["article", "answer_state"], name="question_faq"),
        ]
        constraints = [
            # Four eyes, in the database too: a published answer names an approver who did not write it.
            models.CheckConstraint(
                condition=~models.Q(answer_state="published")
                | (
                    models.Q(approved_by__isnull=False, answered_by__isnull=False)
                    & ~models.Q(approved_by=models.F("answered_by"))
                ),
                name="question_faq_four_eyes",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("question", kwargs={"pk": self.pk})

    @property
    def audience_label(self) -> str:
        audience = parse_audience(self.audience)
        return audience.label if audience else ""

    @property
    def answer_html(self):
        """The editor's answer as safe HTML (the site's Markdown, sanitized)."""
        return render_markdown(self.answer)


class AnswerEvent(models.Model):
    """One move of an answer to a reader's question (articles.questions.ANSWER_TRANSITIONS): who, when, from, to."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answer_events")
    from_state = models.CharField(max_length=20, choices=FaqState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=FaqState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(max_length=BOARD_COMMENT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.question_id}: {self.from_state or 'none'} → {self.to_state}"


class DatabaseIdentity(models.Model):
    """
    A random id for this database, made by its first migration: cache keys name it
    (publishing.caching), so a restored or different database never reads another's cache.
    A restore renews it (`manage.py renew_database_identity`).
    """

    value = models.UUIDField(default=uuid.uuid4)

    def __str__(self):
        return self.value.hex

    @classmethod
    def current(cls, *, using: str = "default") -> str:
        """The database's id (made here if a flush removed it)."""
        row = cls.objects.using(using).order_by("pk").first()
        if row is None:
            row = cls.objects.using(using).create()
        return row.value.hex

    @classmethod
    def renew(cls, *, using: str = "default") -> str:
        """Give the database a new id, so that nothing cached for its old contents is read again."""
        cls.objects.using(using).all().delete()
        return cls.objects.using(using).create().value.hex


class Synonym(models.Model):
    """
    A word or phrase readers type and the words the articles use for it ("charley horse"
    → "leg cramp"); both ways when `two_way`. The rules (normalising, validation, who may
    change the table) live in articles.synonyms; articles.search expands queries with it.
    """

    term = models.CharField(max_length=80, unique=True)
    equivalents = models.CharField(max_length=400, help_text="Comma-separated words or phrases.")
    two_way = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.equivalents}"

    @property
    def equivalent_list(self) -> list[str]:
        return [part.strip() for part in self.equivalents.split(",") if part.strip()]


class SearchTerm(models.Model):
    """
    One word of the indexed text and how many passages hold it: the vocabulary that typo
    tolerance matches misspelt words against (pg_trgm on PostgreSQL, rapidfuzz on SQLite).
    """

    term = models.CharField(max_length=60, unique=True)
    entries = models.IntegerField(default=0)

    def __str__(self):
        return self.term
