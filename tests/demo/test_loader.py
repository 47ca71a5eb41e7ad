import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from articles.canonical import parse
from articles.content import Tier, document_errors
from articles.models import Article, HistoricalArticle
from demo import loader as demo
from demo.loader import DEMO_DIR, DEMO_PASSWORD, load_demo
from review.models import Approval, BoardMember, Review, ReviewEvent, ReviewState


@pytest.fixture
def loaded(demo):
    """What load_demo() leaves: the session's shared copy (tests/conftest.py)."""


@pytest.mark.parametrize("path", sorted(DEMO_DIR.glob("*.md")), ids=lambda p: p.stem)
def test_every_demo_file_is_a_complete_valid_article(path):
    fields = parse(path.read_text(encoding="utf-8"))
    assert fields.slug == path.stem
    assert document_errors(fields.document) == []
    assert all(fields.document.entries(tier) for tier in Tier), "all four tiers are filled"
    assert all(entry.emergency_signs for entry in fields.document.entries(Tier.DO_NOT_MISS))
    assert len(fields.document.references) >= 3


def test_the_leg_cramps_article_has_all_eleven_seed_diagnoses_with_plain_texts(loaded):
    article = Article.objects.get(slug="leg-cramps")
    entries = [entry for _, entry in article.document.all_entries()]
    assert len(entries) == 11
    assert all(entry.plain for entry in entries)
    assert all(entry.emergency_signs for entry in article.document.entries(Tier.DO_NOT_MISS))
    assert len(article.document.references) >= 3


def test_leg_cramps_is_pending_review_and_back_pain_is_approved(loaded):
    leg = Review.objects.get(article__slug="leg-cramps")
    assert leg.state == ReviewState.SUBMITTED
    assert not Approval.objects.filter(article__slug="leg-cramps").exists()
    approval = Approval.objects.get(article__slug="low-back-pain")
    assert approval.approved_by.username == "reviewer"


def test_spanish_low_back_pain_is_approved_by_a_spanish_reviewer_and_leg_cramps_is_pending(loaded):
    approval = Approval.objects.get(article__slug="low-back-pain--es")
    assert approval.approved_by.username == "reviewer2" and approval.approved_by.board_member.reviews_in("es")
    assert not BoardMember.objects.get(user__username="reviewer").reviews_in("es")
    spanish = Article.objects.get(slug="leg-cramps--es")
    assert spanish.translation_of.slug == "leg-cramps" and spanish.language == "es"
    assert Review.objects.get(article=spanish).state == ReviewState.SUBMITTED
    for article in Article.objects.filter(language="es"):  # all five registers, and readers' own words
        assert all(
            entry.plain and entry.caregiver and entry.student and entry.nurse
            for _, entry in article.document.all_entries()
        )
        assert all(len(entry.reader_phrases) >= 5 for _, entry in article.document.all_entries())


def test_every_other_demo_article_is_loaded_and_pending_review(loaded):
    others = demo.other_demo_slugs()
    assert others == sorted(others)
    assert {"leg-cramps", "low-back-pain"}.isdisjoint(others)
    originals = Article.objects.filter(language="en")
    assert set(originals.values_list("slug", flat=True)) == {"leg-cramps", "low-back-pain", *others}
    for slug in others:
        review = Review.objects.get(article__slug=slug)
        assert review.state == ReviewState.SUBMITTED, slug
        assert not Approval.objects.filter(article__slug=slug).exists(), slug


@pytest.fixture
def demo_dir_with_an_extra_article(tmp_path, monkeypatch):
    """A demo folder holding the two seed articles and one more (leg cramps under another slug)."""
    for name in ("leg-cramps.md", "low-back-pain.md", "es/leg-cramps.md", "es/low-back-pain.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text((DEMO_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (DEMO_DIR / "leg-cramps.md").read_text(encoding="utf-8")
    text = text.replace("slug: leg-cramps", "slug: night-cramps").replace(
        "condition: Leg cramps", "condition: Night cramps"
    )
    (tmp_path / "night-cramps.md").write_text(text, encoding="utf-8")
    monkeypatch.setattr(demo, "DEMO_DIR", tmp_path)
    return tmp_path


def test_an_added_demo_file_is_imported_once_and_submitted_once(db, demo_dir_with_an_extra_article):
    load_demo()
    load_demo()
    article = Article.objects.get(slug="night-cramps")
    assert article.history.count() == 1
    assert [r.state for r in Review.objects.filter(article=article)] == [ReviewState.SUBMITTED]
    assert not Approval.objects.filter(article=article).exists()
    # The seed articles keep their handling.
    assert Review.objects.get(article__slug="leg-cramps").state == ReviewState.SUBMITTED
    assert Approval.objects.filter(article__slug="low-back-pain").exists()


def test_a_demo_file_named_differently_from_its_slug_is_refused(db, demo_dir_with_an_extra_article):
    (demo_dir_with_an_extra_article / "night-cramps.md").rename(demo_dir_with_an_extra_article / "cramps.md")
    with pytest.raises(ImproperlyConfigured, match="cramps.md"):
        load_demo()
    assert not Article.objects.exists()


def test_demo_accounts_sign_in_with_the_demo_password(loaded):
    for username in ("editor", "reviewer", "reviewer2", "admin"):
        request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None, username
    assert BoardMember.objects.filter(user__username__in=["reviewer", "reviewer2"], active=True).count() == 2


def test_loading_twice_changes_nothing(loaded):
    counts = (
        Article.objects.count(),
        HistoricalArticle.objects.count(),
        Review.objects.count(),
        ReviewEvent.objects.count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts == (
        Article.objects.count(),
        HistoricalArticle.objects.count(),
        Review.objects.count(),
        ReviewEvent.objects.count(),
    )


@override_settings(DEMO_DATA_ALLOWED=False)
def test_demo_data_is_refused_outside_development(db):
    with pytest.raises(ImproperlyConfigured):
        load_demo()
    assert not Article.objects.exists()


def test_migrations_create_no_accounts(db):
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()


def test_without_the_library_only_the_two_journey_articles_and_every_account_are_loaded(db):
    from demo.loader import DEMO_ACCOUNTS

    load_demo(library=False)
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "leg-cramps",
        "low-back-pain",
        "leg-cramps--es",  # the Spanish translations of both
        "low-back-pain--es",
    }
    assert get_user_model().objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).count() == len(
        DEMO_ACCOUNTS
    )
