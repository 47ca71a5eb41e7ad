import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from articles.content import Tier
from articles.demo import DEMO_PASSWORD, load_demo
from articles.models import Article, HistoricalArticle
from review.models import Approval, BoardMember, Review, ReviewEvent, ReviewState


@pytest.fixture
def loaded(db):
    load_demo()


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
