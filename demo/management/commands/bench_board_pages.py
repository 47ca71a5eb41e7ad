"""
Benchmark: SQL count and time of the audit page and history page 1 at 10 and at 10,000
revisions. Everything it makes is in one transaction that is rolled back, so it can run
against any database (the figures mean most on PostgreSQL); it takes a few seconds.
"""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from accounts import roles
from articles.content import ArticleFields, Document
from articles.models import HistoricalArticle
from articles.services import article_create
from review.models import Approval, BoardMember, Review, ReviewEvent, ReviewState
from review.rereview import next_review_due

SIZES = (10, 10_000)
# Pages are rendered without collectstatic having run (no manifest needed).
_PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


class _Rollback(Exception):
    pass


def _build(size: int):
    """An article with `size` revisions, each submitted, reviewed and decided; every tenth approved."""
    editor, member = _bench_users()
    article = article_create(
        fields=ArticleFields(
            title="Benchmark article", slug="bench-article", condition="Benchmark", summary="", document=Document()
        ),
        by=editor,
        reason="Benchmark",
    )
    now = timezone.now()
    revisions = _add_revisions(article, size, now)
    reviews = _add_reviews(article, revisions, editor=editor, member=member, now=now)
    _add_events(article, reviews, editor=editor, member=member, now=now)
    _add_approvals(article, reviews, member=member, now=now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner sees the rows just made, as it would a real history
    return article, member


def _bench_users():
    """An editor, and a board member who reviews and decides."""
    users = get_user_model()
    editor = users.objects.create_user("bench-editor", first_name="Bench", last_name="Editor")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    member = users.objects.create_user("bench-member", first_name="Bench", last_name="Member")
    member.groups.add(Group.objects.get(name=roles.BOARD))
    BoardMember.objects.create(user=member, credentials="MD", specialty="Bench")
    return editor, member


def _add_revisions(article, size: int, now) -> list[HistoricalArticle]:
    """Copies of the first revision up to revision `size` (in bulk); every revision, in order."""
    first = article.latest_revision()
    values = {f.attname: getattr(first, f.attname) for f in HistoricalArticle._meta.concrete_fields}
    values.pop("history_id")
    HistoricalArticle.objects.bulk_create(
        [
            HistoricalArticle(**{**values, "revision_number": n, "history_date": now, "history_change_reason": f"r{n}"})
            for n in range(2, size + 1)
        ],
        batch_size=1000,
    )
    return list(HistoricalArticle.objects.filter(id=article.pk).order_by("revision_number"))


def _add_reviews(article, revisions, *, editor, member, now) -> list[Review]:
    """A decided review of each revision: every tenth approved, the rest superseded."""
    return Review.objects.bulk_create(
        [
            Review(
                article=article,
                revision=r,
                state=ReviewState.APPROVED if r.revision_number % 10 == 0 else ReviewState.SUPERSEDED,
                submitted_by=editor,
                submitted_at=now,
                assignee=member,
                decided_at=now,
            )
            for r in revisions
        ],
        batch_size=1000,
    )


def _add_events(article, reviews, *, editor, member, now) -> None:
    """Each review's two events: the editor submits it, the member decides it."""
    events = []
    for review in reviews:
        for from_state, to_state, actor in (("", "submitted", editor), ("submitted", review.state, member)):
            events.append(
                ReviewEvent(
                    review=review, article=article, from_state=from_state, to_state=to_state, actor=actor, at=now
                )
            )
    ReviewEvent.objects.bulk_create(events, batch_size=2000)


def _add_approvals(article, reviews, *, member, now) -> None:
    """An approval, published, for each approved review."""
    Approval.objects.bulk_create(
        [
            Approval(
                article=article,
                revision_id=review.revision_id,
                review=review,
                approved_by=member,
                approved_at=now,
                published_at=now,
                next_review_due=next_review_due(now.date()),
            )
            for review in reviews
            if review.state == ReviewState.APPROVED
        ],
        batch_size=1000,
    )


def _measure(client: Client, path: str, rounds: int) -> tuple[int, float, int]:
    """(queries, median milliseconds, bytes) of GET path."""
    client.get(path)  # warm: templates, caches
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return len(statements), statistics.median(times), len(response.content)


class Command(BaseCommand):
    help = "Print SQL count and time of the audit page and history page 1 at 10 and at 10,000 revisions (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=7, help="Timed requests per page (median printed).")

    def handle(self, *args, rounds=7, **options):
        results = {}
        for size in SIZES:
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    article, member = _build(size)
                    built = time.perf_counter() - started
                    client = Client()
                    client.force_login(member)
                    with override_settings(
                        ALLOWED_HOSTS=["testserver"],
                        SECURE_SSL_REDIRECT=False,
                        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": _PLAIN_STATIC}},
                    ):
                        for name, path in (
                            ("audit", f"/review/articles/{article.slug}/audit/"),
                            ("history p1", f"/editor/articles/{article.slug}/history/"),
                        ):
                            results[(name, size)] = _measure(client, path, rounds)
                    self.stdout.write(f"built {size} revisions in {built:.1f} s")
                    raise _Rollback
            except _Rollback:
                pass
        self.stdout.write(f"{connection.vendor}; median of {rounds} requests each")
        self.stdout.write(f"{'page':<12}{'revisions':>10}{'queries':>9}{'ms':>9}{'KB':>8}")
        for (name, size), (queries, ms, size_bytes) in results.items():
            self.stdout.write(f"{name:<12}{size:>10}{queries:>9}{ms:>9.1f}{size_bytes / 1024:>8.1f}")
        for name in ("audit", "history p1"):
            small, large = results[(name, SIZES[0])], results[(name, SIZES[-1])]
            self.stdout.write(
                f"{name}: {large[0]}/{small[0]} queries, time ×{large[1] / small[1]:.2f} "
                f"({'within' if large[1] <= 2 * small[1] and large[0] <= 2 * small[0] else 'NOT within'} 2×)"
            )
