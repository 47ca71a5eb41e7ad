"""Test data made through the real services (no mocks, no shortcuts around the rules)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts import roles
from articles.content import ArticleFields, Document, Entry, Reference, Tier
from articles.services import article_create
from review import revisions, workflow
from review.models import BoardMember

PASSWORD = "a-long-test-password-1"


def make_user(username: str, *, first="", last="", **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last, **extra
    )
    return user


def make_editor(username: str):
    user = make_user(username, first=username.title(), last="Writer")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def make_board_member(username: str, *, credentials="MD", name=("Board", "Member"), also_editor=False):
    user = make_user(username, first=name[0], last=name[1])
    user.groups.add(Group.objects.get(name=roles.BOARD))
    if also_editor:
        user.groups.add(Group.objects.get(name=roles.EDITORS))
    BoardMember.objects.create(user=user, credentials=credentials, specialty="Internal medicine", bio="Bio.")
    return user


def make_site_admin(username: str):
    user = make_user(username, first="Site", last="Admin", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.SITE_ADMINS))
    return user


def document(**overrides) -> Document:
    tiers = {
        Tier.MOST_LIKELY: (
            Entry(
                name="Benign nocturnal leg cramps",
                clinical="Most common cause, often at night in the calf.",
                plain="The most common cause. Cramps often come at night.",
            ),
        ),
        Tier.OTHER_LIKELY: (
            Entry(name="Dehydration", clinical="Inadequate fluid intake.", plain="Not drinking enough."),
        ),
        Tier.DO_NOT_MISS: (
            Entry(
                name="Deep vein thrombosis (DVT)",
                clinical="Can present with calf pain; risk of pulmonary embolism.",
                plain="A blood clot in a deep vein of the leg.",
                emergency_signs=("Swelling in one leg", "Sudden shortness of breath"),
            ),
        ),
        Tier.RARE: (Entry(name="Amyloidosis", clinical="Deposition of amyloid proteins."),),
    }
    tiers.update(overrides.pop("tiers", {}))
    references = overrides.pop("references", (Reference(citation="Allen RE, Kirby KA. Nocturnal leg cramps."),))
    return Document(tiers=tiers, references=references)


def fields(**overrides) -> ArticleFields:
    values = {
        "title": "Differential Diagnosis for Leg Cramps",
        "slug": "leg-cramps",
        "condition": "Leg cramps",
        "summary": "Sudden painful muscle contractions.",
        "document": document(),
    }
    if "slug" in overrides and "condition" not in overrides:
        # One article per condition: another address means another condition.
        overrides["condition"] = overrides["slug"].replace("-", " ").capitalize()
    values.update(overrides)
    return ArticleFields(**values)


def make_article(*, by, reason="First draft", **overrides):
    return article_create(fields=fields(**overrides), by=by, reason=reason)


def edit_article(article, by, summary, reason=None):
    """Save a new revision of the factory article whose only change is its summary."""
    return revisions.revision_update(
        article=article,
        fields=fields(summary=summary, slug=article.slug, condition=article.condition),
        by=by,
        reason=reason or f"Set {summary}",
    )


def approve_latest(article, *, editor, reviewer):
    """Submit the newest revision, start its review and approve it; returns the Approval."""
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    return workflow.approve(review=review, by=reviewer)


def approved_article(editor, reviewer, **overrides):
    """A new article whose first revision the board has approved."""
    article = make_article(by=editor, **overrides)
    approve_latest(article, editor=editor, reviewer=reviewer)
    return article


def reader_client() -> Client:
    """A test client that, like every current browser, says its posts come from the site's own pages."""
    return Client(headers={"Sec-Fetch-Site": "same-origin"})
