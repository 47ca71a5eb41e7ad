"""
The permission matrix: every URL name, with what each role gets.

Every URL the project has must have a row (`urls_without_a_row` finds those that do
not), so each new page states who may reach it. A row whose name ends in ":*" covers a
whole namespace that is not ours (the Django admin) and is walked at `walk`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "reader", "editor", "board", "admin", "superuser")
# A row names the outcome for the first five roles. A superuser holds every permission
# (README, "Hardening"): it gets what the most privileged staff role gets — the first of
# editor, board member, site admin that is not refused — and the workflow's own rules
# (board membership, four eyes) still apply to what it then does.
_REFUSED = {"login", 403}

OK, NOT_FOUND, FORBIDDEN, LOGIN, REDIRECT = 200, 404, 403, "login", "redirect"


def everyone(outcome) -> dict[str, object]:
    return dict.fromkeys(ROLES, outcome)


def staff_read(outcome=OK) -> dict[str, object]:
    """Pages every staff role may read: editors, board members, site admins."""
    return {"anonymous": LOGIN, "reader": NOT_FOUND, "editor": outcome, "board": outcome, "admin": outcome}


def editors_only(outcome=OK) -> dict[str, object]:
    """Pages that change articles: editors only; other staff are told no, readers see nothing."""
    return {"anonymous": LOGIN, "reader": NOT_FOUND, "editor": outcome, "board": FORBIDDEN, "admin": FORBIDDEN}


def board_only(outcome=OK, admin=FORBIDDEN) -> dict[str, object]:
    """Board pages and actions: board members; editors are told no; readers see nothing."""
    return {"anonymous": LOGIN, "reader": NOT_FOUND, "editor": FORBIDDEN, "board": outcome, "admin": admin}


def _leg_cramps_review() -> dict:
    from review.models import Review

    return {"pk": Review.objects.get(article__slug="leg-cramps").pk}


def _a_question() -> dict:
    from articles.models import Article
    from articles.questions import question_ask

    article = Article.objects.get(slug="leg-cramps")
    return {"pk": question_ask(article=article, text="Can cramps be a sign of a clot?", audience="", visitor="x").pk}


def _faq(text: str) -> Callable[[], dict]:
    """The demo question with an editor's answer (tests.gates.shared_demo: published or waiting)."""

    def kwargs() -> dict:
        from articles.models import Question

        return {"pk": Question.objects.get(text=text).pk}

    return kwargs


def signed_in(outcome=OK) -> dict[str, object]:
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], outcome)}


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, object]
    kwargs: dict | Callable[[], dict] = field(default_factory=dict)
    query: str = ""
    method: str = "get"
    walk: str | None = None  # for "namespace:*" rows: the URL name to request

    @property
    def url_name(self) -> str:
        return self.walk or self.name

    def expected(self, role: str) -> object:
        if role in self.expect:
            return self.expect[role]
        staff = [self.expect[r] for r in ("editor", "board", "admin")]
        return next((outcome for outcome in staff if outcome not in _REFUSED), self.expect["admin"])


def _first_synonym() -> int:
    from articles.models import Synonym  # the app registry is ready only once tests run

    return Synonym.objects.order_by("pk").values_list("pk", flat=True).first() or 1


MATRIX: list[Row] = [
    Row("home", everyone(OK)),
    Row("articles:index", everyone(OK)),
    Row("articles:detail", everyone(OK), kwargs={"slug": "leg-cramps"}),
    Row("articles:detail", everyone(OK), kwargs={"slug": "low-back-pain"}),
    Row("articles:detail", everyone(NOT_FOUND), kwargs={"slug": "a-draft"}),
    Row("articles:detail", everyone(NOT_FOUND), kwargs={"slug": "no-such-article"}),
    Row("board", everyone(OK)),
    Row("editorial-policy", everyone(OK)),
    Row("about", everyone(OK)),
    Row("contact", everyone(OK)),
    Row("privacy", everyone(OK)),
    Row("search", everyone(OK), query="?q=cramps"),
    Row("personalize", everyone(REDIRECT), method="post"),
    Row("articles:ask", everyone(400), kwargs={"slug": "leg-cramps"}, method="post"),  # an empty question
    Row("articles:ask", everyone(NOT_FOUND), kwargs={"slug": "a-draft"}, method="post"),
    Row("question", everyone(OK), kwargs=_a_question),
    Row("question", everyone(NOT_FOUND), kwargs={"pk": "00000000-0000-0000-0000-000000000000"}),
    Row("feed", everyone(OK)),
    Row("sitemap", everyone(OK)),
    Row("robots", everyone(OK)),
    Row("healthz", everyone(OK)),
    # Old addresses of staff pages (web.moved): a 308 to the new one, for everyone alike.
    Row("moved:*", everyone(308), kwargs={"slug": "leg-cramps"}, walk="moved:edit"),
    Row("readyz", everyone(OK)),
    # Sign-in and accounts (Django's auth views).
    Row("login", {"anonymous": OK, **dict.fromkeys(ROLES[1:], REDIRECT)}),
    Row("logout", everyone(REDIRECT), method="post"),
    Row("password_change", signed_in()),
    Row("reader_settings", signed_in()),
    Row("password_change_done", signed_in()),
    Row("password_reset", everyone(OK)),
    Row("password_reset_done", everyone(OK)),
    Row("password_reset_confirm", everyone(OK), kwargs={"uidb64": "MQ", "token": "not-a-token"}),
    Row("password_reset_complete", everyone(OK)),
    # Editor pages.
    Row("editor:dashboard", staff_read()),
    Row("editor:new", editors_only()),
    Row("editor:translate", editors_only(), kwargs={"slug": "chest-pain", "language": "es"}),
    Row("editor:paste", editors_only()),
    Row("editor:synonyms", editors_only()),
    Row("editor:synonyms", editors_only(), query="?q=haem&page=2"),
    Row("editor:synonym_edit", editors_only(), kwargs=lambda: {"pk": _first_synonym()}),
    Row("editor:synonym_edit", editors_only(NOT_FOUND), kwargs={"pk": 999999}),
    Row("editor:synonym_delete", editors_only(), kwargs=lambda: {"pk": _first_synonym()}),
    Row("editor:edit", editors_only(), kwargs={"slug": "leg-cramps"}),
    Row("editor:edit", editors_only(NOT_FOUND), kwargs={"slug": "no-such-article"}),
    Row("editor:submit", editors_only(REDIRECT), kwargs={"slug": "a-draft"}, method="post"),
    Row("editor:history", staff_read(), kwargs={"slug": "leg-cramps"}),
    Row("editor:history", staff_read(NOT_FOUND), kwargs={"slug": "no-such-article"}),
    Row("editor:compare", staff_read(), kwargs={"slug": "low-back-pain"}),
    Row("editor:compare", staff_read(), kwargs={"slug": "leg-cramps"}, query="?from=1&to=1"),
    Row("editor:revision", staff_read(), kwargs={"slug": "a-draft", "number": 1}),
    Row("editor:revision", staff_read(NOT_FOUND), kwargs={"slug": "a-draft", "number": 9}),
    Row("editor:restore", editors_only(), kwargs={"slug": "leg-cramps", "number": 1}),
    Row("editor:delete", editors_only(), kwargs={"slug": "a-draft"}),
    Row("editor:delete", editors_only(), kwargs={"slug": "leg-cramps"}),  # submitted: says it cannot be deleted
    Row("editor:question_resolve", editors_only(REDIRECT), kwargs=_a_question, method="post"),
    # Readers' questions: the queue, answering, withdrawing a published answer, and the board's decision.
    Row("editor:questions", staff_read()),
    Row("editor:questions", staff_read(), query="?status=all&found=no&answer=pending&article=leg-cramps&page=9"),
    Row("editor:question_answer", editors_only(), kwargs=_a_question),
    Row("editor:question_answer", editors_only(400), kwargs=_a_question, method="post"),  # an empty answer
    Row("editor:question_answer", editors_only(NOT_FOUND), kwargs={"pk": "00000000-0000-0000-0000-000000000000"}),
    Row("editor:question_withdraw", editors_only(), kwargs=_faq("Can I keep working with low back pain?")),
    Row(
        "editor:question_withdraw",
        editors_only(REDIRECT),
        kwargs=_faq("Can I keep working with low back pain?"),
        method="post",
    ),
    Row("review:answers", board_only()),
    Row(
        "review:answer_approve",
        board_only(REDIRECT),
        kwargs=_faq("Is it safe to stretch my calf when a cramp starts?"),
        method="post",
    ),
    Row(
        "review:answer_return",
        board_only(400),  # no comment
        kwargs=_faq("Is it safe to stretch my calf when a cramp starts?"),
        method="post",
    ),
    # The board's workspace.
    Row("review:queue", board_only(admin=OK)),
    Row("review:detail", staff_read(), kwargs=_leg_cramps_review),
    Row("review:detail", staff_read(NOT_FOUND), kwargs={"pk": 999999}),
    Row("review:start", board_only(REDIRECT), kwargs=_leg_cramps_review, method="post"),
    Row("review:approve", board_only(REDIRECT), kwargs=_leg_cramps_review, method="post"),
    Row("review:request_changes", board_only(400), kwargs=_leg_cramps_review, method="post"),
    Row("review:comment", {**editors_only(400), "board": 400}, kwargs=_leg_cramps_review, method="post"),
    # Assign, release, go-live: board members and site admins (who run the queue). An empty
    # assignment is refused beside the field (400); release and schedule of the waiting,
    # unapproved demo review are refused by the workflow with a message (redirect).
    Row("review:assign", board_only(400, admin=400), kwargs=_leg_cramps_review, method="post"),
    Row("review:release", board_only(REDIRECT, admin=REDIRECT), kwargs=_leg_cramps_review, method="post"),
    Row("review:schedule", board_only(REDIRECT, admin=REDIRECT), kwargs=_leg_cramps_review, method="post"),
    # A superuser passes the page's permission check, but only a board member may re-confirm:
    # the workflow refuses, and the confirmation page says why (400).
    Row(
        "review:reconfirm",
        {**board_only(REDIRECT), "superuser": 400},
        kwargs={"slug": "low-back-pain"},
        method="post",
    ),
    Row("review:reconfirm", board_only(), kwargs={"slug": "low-back-pain"}),  # the confirmation step
    Row("review:withdraw", board_only(admin=OK), kwargs={"slug": "low-back-pain"}),
    Row("review:withdraw", board_only(400, admin=400), kwargs={"slug": "low-back-pain"}, method="post"),  # no reason
    Row("review:audit", staff_read(), kwargs={"slug": "leg-cramps"}),
    Row("review:audit", staff_read(), kwargs={"slug": "leg-cramps"}, query="?kind=approvals&page=9"),
    Row("review:audit_csv", staff_read(), kwargs={"slug": "low-back-pain"}, query="?kind=transitions"),
    Row(
        "admin:*",
        {"anonymous": LOGIN, "reader": LOGIN, "editor": LOGIN, "board": LOGIN, "admin": OK},
        walk="admin:index",
    ),
]


def url_names(urlconf=None) -> set[str]:
    """Every URL name the project serves; an unnamed pattern is listed by its route."""
    names: set[str] = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern):
                names.add(f"{prefix}{pattern.name or f'<unnamed: {pattern.pattern}>'}")

    walk(get_resolver(urlconf).url_patterns, "")
    return names


def urls_without_a_row(urlconf=None) -> set[str]:
    listed = {row.name for row in MATRIX}
    wildcards = tuple(name[:-1] for name in listed if name.endswith(":*"))
    return {name for name in url_names(urlconf) if name not in listed and not name.startswith(wildcards)}
