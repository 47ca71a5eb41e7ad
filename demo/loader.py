"""
Demo data for `make run`: the demo articles (canonical Markdown files beside this
module), board members and the demo accounts. Leg cramps is left pending review and low
back pain is approved by the board; every other demo article is submitted and left
pending review, loaded in file-name order. Everything goes through the same
services and review functions that people use, and running it again changes nothing.
Never run by migrations; refused unless settings.DEMO_DATA_ALLOWED (DEBUG, or tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts import roles
from articles import synonyms
from articles.canonical import parse
from articles.models import Article
from publishing import index
from review import revisions, workflow
from review.models import Approval, BoardMember, Review, ReviewState

DEMO_PASSWORD = "medreview-demo"
DEMO_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    description: str
    board: tuple[str, str, str] | None = None  # credentials, specialty, bio


DEMO_ACCOUNTS = (
    DemoAccount("editor", "Sam", "Carter", roles.EDITORS, "editor: writes and updates articles"),
    DemoAccount(
        "reviewer",
        "Amara",
        "Okafor",
        roles.BOARD,
        "board reviewer (internal medicine)",
        board=(
            "MD, FACP",
            "Internal medicine",
            "General internist with a focus on the care of older adults. (Fictional demo profile.)",
        ),
    ),
    DemoAccount(
        "reviewer2",
        "Daniel",
        "Reyes",
        roles.BOARD,
        "board reviewer (vascular medicine)",
        board=(
            "MD",
            "Vascular medicine",
            "Vascular medicine physician who assesses leg pain, clots and circulation problems. "
            "(Fictional demo profile.)",
        ),
    ),
    DemoAccount("admin", "Alex", "Morgan", roles.SITE_ADMINS, "site admin (also Django admin)"),
)

# A board member with no demo sign-in, so that the board page lists more than reviewers.
EXTRA_BOARD_MEMBER = (
    "board.natarajan",
    "Priya",
    "Natarajan",
    ("DO", "Neurology", "Neurologist with an interest in peripheral nerve disorders. (Fictional demo profile.)"),
)

LEG_CRAMPS = "leg-cramps"
LOW_BACK_PAIN = "low-back-pain"


def _account(spec: DemoAccount):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=spec.username)
    user.first_name, user.last_name = spec.first_name, spec.last_name
    user.email = f"{spec.username}@example.org"
    user.is_active = True
    # Only the site admin uses the Django admin; editors and the board work in the site.
    user.is_staff = user.is_superuser = spec.role == roles.SITE_ADMINS
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=spec.role))
    if spec.board:
        _board_member(user, *spec.board)
    return user


def _board_member(user, credentials: str, specialty: str, bio: str) -> BoardMember:
    member, _ = BoardMember.objects.update_or_create(
        user=user, defaults={"credentials": credentials, "specialty": specialty, "bio": bio, "active": True}
    )
    return member


def _article(slug: str, editor) -> Article:
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        text = (DEMO_DIR / f"{slug}.md").read_text(encoding="utf-8")
        article, _ = revisions.revision_import(text=text, by=editor, reason="First draft (demo data)")
    return article


def _translation(slug: str, language: str, editor) -> Article:
    """Import the demo translation of `slug` into `language` once (demo/<language>/<slug>.md)."""
    original = Article.objects.get(slug=slug, language="en")
    existing = original.translations.filter(language=language).first()
    if existing is not None:
        return existing
    text = (DEMO_DIR / language / f"{slug}.md").read_text(encoding="utf-8")
    article, _ = revisions.revision_import(text=text, by=editor, reason="Translation (demo data)")
    return article


def _board_member_languages(user, languages: str) -> None:
    member = BoardMember.objects.get(user=user)
    if member.languages != languages:
        member.languages = languages
        member.save(update_fields=["languages"])


def other_demo_slugs() -> list[str]:
    """The slugs of the demo articles besides leg cramps and low back pain, in file-name order."""
    slugs = []
    for path in sorted(DEMO_DIR.glob("*.md")):
        slug = parse(path.read_text(encoding="utf-8")).slug
        if slug != path.stem:
            raise ImproperlyConfigured(f"Demo file {path.name} has the slug {slug!r}; name the file {slug}.md.")
        if slug not in (LEG_CRAMPS, LOW_BACK_PAIN):
            slugs.append(slug)
    return slugs


def _submitted(slug: str, editor) -> Article:
    """Import the demo article once and submit it once; it stays pending review."""
    article = _article(slug, editor)
    if not Review.objects.filter(article=article).exists():
        workflow.submit(article=article, by=editor)
    return article


@transaction.atomic
def load_demo(*, library: bool = True) -> list[DemoAccount]:
    """Create or refresh all demo data; return the demo accounts.

    `library=False` leaves out the articles beyond leg cramps and low back pain: the
    accounts and those two are what a test journey that writes needs, in a third of the time.
    """
    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise ImproperlyConfigured("Demo data is only loaded with DEBUG=1 (never in production).")
    roles.ensure_roles()
    users = {spec.username: _account(spec) for spec in DEMO_ACCOUNTS}
    User = get_user_model()
    username, first, last, board = EXTRA_BOARD_MEMBER
    extra, _ = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
    if extra.has_usable_password():
        extra.set_unusable_password()
        extra.save()
    _board_member(extra, *board)

    editor = users["editor"]
    # Leg cramps: as on the seed page, submitted and pending human review.
    _submitted(LEG_CRAMPS, editor)

    # Low back pain: submitted, reviewed and approved by a board member.
    back_pain = _article(LOW_BACK_PAIN, editor)
    if not Approval.objects.filter(article=back_pain).exists():
        review = Review.objects.filter(article=back_pain, state__in=[ReviewState.SUBMITTED]).first()
        review = review or workflow.submit(article=back_pain, by=editor)
        review = workflow.start_review(review=review, by=users["reviewer"])
        workflow.approve(review=review, by=users["reviewer"], comment="Accurate and complete. (Demo approval.)")

    # Spanish, reviewed by a board member who reviews in Spanish: low back pain approved
    # (readers of /es/ get it), leg cramps submitted and pending (they get the English original).
    _board_member_languages(users["reviewer2"], "es")
    spanish_back_pain = _translation(LOW_BACK_PAIN, "es", editor)
    if not Approval.objects.filter(article=spanish_back_pain).exists():
        review = Review.objects.filter(article=spanish_back_pain, state=ReviewState.SUBMITTED).first()
        review = review or workflow.submit(article=spanish_back_pain, by=editor)
        review = workflow.start_review(review=review, by=users["reviewer2"])
        workflow.approve(review=review, by=users["reviewer2"], comment="Traducción fiel y clara. (Demo approval.)")
    spanish_cramps = _translation(LEG_CRAMPS, "es", editor)
    if not Review.objects.filter(article=spanish_cramps).exists():
        workflow.submit(article=spanish_cramps, by=editor)

    # Every other demo article: submitted and pending review, so the board decides.
    for slug in other_demo_slugs() if library else []:
        _submitted(slug, editor)
    synonyms.synonym_seed()  # the migration's starter rows, again if a test flushed them
    index.rebuild_search_index()
    return list(DEMO_ACCOUNTS)
