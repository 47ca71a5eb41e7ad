"""Reader trust: who wrote and checked an article, when it is due, withdrawal, and the site pages."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from publishing import pages
from publishing.models import PublishedPage
from review import publication, workflow
from review.exceptions import CommentRequired, IllegalTransition, NotPermitted
from review.models import Approval, Withdrawal
from tests import factories
from tests.helpers import json_ld_of as json_ld
from tests.helpers import text_of

browser = factories.reader_client


@pytest.fixture
def approved(editor, reviewer):
    reviewer.competing_interests = "Paid speaker for a maker of compression stockings (2025)."
    reviewer.save()
    return factories.approved_article(editor, reviewer)


# --- who wrote it, who checked it ---------------------------------------------------------------


def test_an_approved_article_names_its_writers_and_reviewer_with_credentials_and_interests(approved, reviewer):
    text = text_of(browser().get(f"/articles/{approved.slug}/"))
    assert "Written by Editor Writer, MedReview editor (competing interests: None declared)" in text
    assert re.search(r"Medically reviewed by Amara Okafor, MD, FACP ?, Internal medicine", text)
    assert "Paid speaker for a maker of compression stockings (2025)." in text
    html = browser().get(f"/articles/{approved.slug}/").content.decode()
    member = reviewer.board_member
    assert f'href="/board/#member-{member.pk}"' in html
    assert f'id="member-{member.pk}"' in browser().get("/board/").content.decode()


def test_every_editor_of_the_text_is_named(approved, editor, editor2, reviewer):
    factories.edit_article(approved, editor2, "A second editor's summary.")
    factories.approve_latest(approved, editor=editor, reviewer=reviewer)
    text = text_of(browser().get(f"/articles/{approved.slug}/"))
    assert "Editor Writer, MedReview editor" in text and "Editor2 Writer, MedReview editor" in text


def test_the_json_ld_says_who_published_wrote_and_reviewed_it_and_when(approved):
    data = json_ld(browser().get(f"/articles/{approved.slug}/"))
    assert data["author"] == [{"@type": "Person", "name": "Editor Writer", "jobTitle": "MedReview editor"}]
    assert data["reviewedBy"]["name"] == "Amara Okafor"
    assert data["publisher"]["@type"] == "Organization"
    approval = Approval.objects.get(article=approved)
    assert data["lastReviewed"] == approval.approved_at.date().isoformat()
    assert data["datePublished"] == approval.approved_at.isoformat()
    assert data["dateModified"]


def test_a_pending_article_has_no_reviewer_in_its_json_ld(editor):
    article = factories.make_article(by=editor)
    workflow.submit(article=article, by=editor)
    data = json_ld(browser().get(f"/articles/{article.slug}/"))
    assert "reviewedBy" not in data and "lastReviewed" not in data


# --- currency ------------------------------------------------------------------------------------


def test_an_approved_article_shows_the_three_dates(approved):
    text = text_of(browser().get(f"/articles/{approved.slug}/"))
    due = Approval.objects.get(article=approved).next_review_due
    assert "Last reviewed" in text and "Last updated" in text
    assert f"Next review due {due:%B} {due.day}, {due.year}" in text


def test_once_due_passes_readers_see_review_overdue_never_plain_approved(approved):
    client = browser()
    assert "Review overdue" not in text_of(client.get(f"/articles/{approved.slug}/"))  # published, stored
    past = timezone.localdate() - datetime.timedelta(days=35)
    Approval.objects.filter(article=approved).update(next_review_due=past)
    PublishedPage.objects.update(fresh_until=timezone.now() - datetime.timedelta(seconds=1))  # its day has come
    cache.clear()  # a cached copy expires at the same moment (its timeout is the time until then)
    pages.forget_recent()  # and so does each process's own copy (the rows were changed behind its back)
    text = text_of(client.get(f"/articles/{approved.slug}/"))
    assert f"Review overdue since {past:%B} {past.day}, {past.year}" in text
    assert "Approved (re-review overdue)" in text
    assert "Next review due" not in text


def test_an_overdue_page_is_stored_again_once_and_then_read_in_one_query(approved, django_assert_max_num_queries):
    browser().get(f"/articles/{approved.slug}/")
    Approval.objects.filter(article=approved).update(next_review_due=timezone.localdate() - datetime.timedelta(days=1))
    PublishedPage.objects.update(fresh_until=timezone.now() - datetime.timedelta(seconds=1))
    cache.clear()
    pages.forget_recent()  # each process's own copy expires at that moment too (changed behind its back here)
    browser().get(f"/articles/{approved.slug}/")  # renders the overdue page and replaces the stale row
    assert PublishedPage.objects.filter(slug=approved.slug, audience="default").count() == 1
    cache.clear()
    with django_assert_max_num_queries(1):
        assert "Review overdue since" in browser().get(f"/articles/{approved.slug}/").content.decode()


def test_a_page_is_stored_only_until_its_review_falls_due(approved):
    browser().get(f"/articles/{approved.slug}/")
    page = PublishedPage.objects.get(slug=approved.slug, audience="default")
    due = Approval.objects.get(article=approved).next_review_due
    assert page.fresh_until.date() == due
    response = browser().get(f"/articles/{approved.slug}/")
    assert "s-maxage=" in response["Cache-Control"]


# --- withdraw ------------------------------------------------------------------------------------


def test_a_board_member_withdraws_an_article_and_it_leaves_every_list_at_once(approved, reviewer2):
    client = browser()
    for path in ("/", "/articles/", "/feed/", "/sitemap.xml", "/search/?q=cramps"):
        assert "leg-cramps" in client.get(path).content.decode() or "Leg Cramps" in client.get(path).content.decode()
    workflow.withdraw(article=approved, by=reviewer2, reason="A dosing statement was wrong; it is being corrected.")
    response = client.get("/articles/leg-cramps/")
    assert response.status_code == 410
    text = text_of(response)
    assert "This article has been withdrawn" in text
    assert "A dosing statement was wrong; it is being corrected." in text
    assert 'href="/articles/"' in response.content.decode()
    for path in ("/", "/articles/", "/search/?q=cramps", "/sitemap.xml"):
        assert "/articles/leg-cramps/" not in client.get(path).content.decode(), path
    feed = ET.fromstring(client.get("/feed/").content)
    assert feed.findall("{http://www.w3.org/2005/Atom}entry") == []


def test_withdrawal_is_in_the_audit_trail_and_reinstatement_goes_through_review(approved, editor, reviewer, reviewer2):
    workflow.withdraw(article=approved, by=reviewer2, reason="Under correction.")
    staff = browser()
    staff.force_login(reviewer)
    audit = text_of(staff.get(f"/review/articles/{approved.slug}/audit/"))
    assert "Withdrawn from readers" in audit and "Under correction." in audit
    with pytest.raises(IllegalTransition):
        workflow.reconfirm(article=approved, by=reviewer)
    factories.approve_latest(approved, editor=editor, reviewer=reviewer)  # the same revision, reviewed again
    assert browser().get(f"/articles/{approved.slug}/").status_code == 200
    assert publication.withdrawal_in_force(approved) is None


def test_only_board_members_and_site_admins_withdraw_and_a_reason_is_required(approved, editor, reviewer2, site_admin):
    with pytest.raises(NotPermitted):
        workflow.withdraw(article=approved, by=editor, reason="No.")
    with pytest.raises(CommentRequired):
        workflow.withdraw(article=approved, by=reviewer2, reason="  ")
    workflow.withdraw(article=approved, by=site_admin, reason="Admin withdrew it.")
    assert Withdrawal.objects.count() == 1


def test_withdrawing_takes_a_reason_then_a_confirmation(approved, reviewer2):
    client = browser()
    client.force_login(reviewer2)
    url = f"/review/articles/{approved.slug}/withdraw/"
    assert client.post(url, {"reason": ""}).status_code == 400
    first = client.post(url, {"reason": "Unsafe advice in one entry."})
    assert first.status_code == 200 and "Check before you confirm" in first.content.decode()
    assert not Withdrawal.objects.exists()
    done = client.post(url, {"reason": "Unsafe advice in one entry.", "confirm": "yes"}, follow=True)
    assert "is withdrawn" in done.content.decode()
    assert Withdrawal.objects.get().reason == "Unsafe advice in one entry."


# --- changes requested -------------------------------------------------------------------------


def test_an_article_sent_back_says_so_and_is_not_called_pending(editor, reviewer):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.request_changes(review=review, by=reviewer, comment="Add sources.")
    page = browser().get(f"/articles/{article.slug}/")
    text = text_of(page)
    assert "asked for changes" in text and "pending human review" not in text
    assert '<meta name="robots" content="noindex">' in page.content.decode()
    listing = text_of(browser().get("/articles/"))
    assert "Not approved: the board asked for changes" in listing and "Pending board review" not in listing


# --- delete a draft ------------------------------------------------------------------------------


# --- site pages and the emergency number -------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/articles/", "/about/", "/contact/", "/privacy/", "/editorial-policy/", "/board/"]
)
def test_every_page_links_about_policy_contact_and_privacy(db, path):
    html = browser().get(path).content.decode()
    for link in ("/about/", "/editorial-policy/", "/contact/", "/privacy/"):
        assert f'href="{link}"' in html


def test_the_site_pages_say_who_runs_it_how_it_is_funded_and_what_is_stored(db):
    about = text_of(browser().get("/about/"))
    assert "How we are funded" in about and "There is no advertising" in about
    privacy = text_of(browser().get("/privacy/"))
    for stored in ("medreview_audience", "question", "keyed hash", "Sign-in attempts"):
        assert stored in privacy


@override_settings(EMERGENCY_NUMBER="112")
def test_the_emergency_number_is_a_setting(editor, reviewer):
    article = factories.approved_article(editor, reviewer)
    text = text_of(browser().get(f"/articles/{article.slug}/?audience=patient"))
    assert "call 112 if you have" in text and "999" not in text and "911" not in text


def test_with_two_required_approvals_readers_see_both_reviewers(editor, reviewer, reviewer2, settings):
    settings.REQUIRED_APPROVALS = 2
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    review.refresh_from_db()
    workflow.start_review(review=review, by=reviewer2)
    workflow.approve(review=review, by=reviewer2)
    response = browser().get(f"/articles/{article.slug}/")
    text = text_of(response)
    first, second = (member.board_member.display_name for member in (reviewer, reviewer2))
    assert f"Reviewed by {first} and {second} on" in text
    assert [person["name"] for person in json_ld(response)["reviewedBy"]] == [
        reviewer.board_member.name,
        reviewer2.board_member.name,
    ]
