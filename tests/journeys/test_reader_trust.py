"""
As a reader, in Chromium: who wrote and checked an article, its dates, both urgency
levels and the footer links; "Review overdue" once due; a withdrawn article answering
410 and gone from every list; the collapsed audience panel on a phone.
"""

import datetime

import pytest
from playwright.sync_api import expect

from tests.gates import html_validator
from tests.gates.accessibility import axe_violations
from tests.gates.inline_code import inline_code_in
from tests.journeys.conftest import sign_in

pytestmark = pytest.mark.browser

APPROVED = "/articles/low-back-pain/"


def test_an_approved_article_says_who_wrote_and_reviewed_it_when_and_how_urgent_each_sign_is(page, demo_site):
    page.goto(demo_site.url + APPROVED)
    about = page.get_by_role("region", name="About this article")
    expect(about.get_by_text("Written by")).to_be_visible()
    expect(about.get_by_role("link", name="Amara Okafor, MD, FACP")).to_be_visible()
    expect(about.get_by_text("competing interests: None declared").first).to_be_visible()
    for label in ("Last reviewed", "Next review due", "Last updated"):
        expect(about.get_by_text(label, exact=True)).to_be_visible()
    expect(page.get_by_text("Emergency warning signs:").first).to_be_visible()
    expect(page.get_by_text("Arrange prompt review if:").first).to_be_visible()
    footer = page.get_by_role("navigation", name="About this site")
    for link in ("About us", "Editorial policy", "Contact", "Privacy"):
        expect(footer.get_by_role("link", name=link)).to_be_visible()


def test_on_a_phone_a_chosen_audience_is_one_line_and_the_article_comes_first(browser, demo_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        phone.goto(demo_site.url + "/articles/leg-cramps/")
        phone.get_by_label("Patient", exact=True).check()
        phone.get_by_role("button", name="Show this article for me").click()
        phone.wait_for_url("**/articles/leg-cramps/#personalize")
        phone.evaluate("window.scrollTo(0, 0)")
        summary = phone.locator("summary", has_text="Showing the version for: Patient")
        expect(summary).to_be_visible()
        expect(phone.get_by_role("button", name="Show this article for me")).not_to_be_visible()  # folded away
        title = phone.get_by_role("heading", level=1).bounding_box()
        first_diagnosis = phone.locator(".entry > h3").first.bounding_box()
        assert title["y"] + title["height"] <= 844
        assert first_diagnosis["y"] < 844, first_diagnosis
        summary.click()  # <details>: opens without JavaScript
        expect(phone.get_by_role("button", name="Show this article for me")).to_be_visible()
    finally:
        context.close()


def test_overdue_then_withdrawn_as_a_reader_sees_it(browser, page, site):
    from publishing.models import PublishedPage
    from review.models import Approval

    past = datetime.date.today() - datetime.timedelta(days=35)
    Approval.objects.filter(article__slug="low-back-pain").update(next_review_due=past)
    PublishedPage.objects.all().delete()
    page.goto(site.url + APPROVED)
    expect(page.get_by_text("Review overdue since").first).to_be_visible()

    board = browser.new_context()
    member = board.new_page()
    try:
        sign_in(member, site, "reviewer2")
        member.goto(site.url + APPROVED + "withdraw/")
        member.get_by_label("Why is it withdrawn?").fill("A referral threshold in one entry is out of date.")
        member.get_by_role("button", name="Continue").click()
        member.get_by_role("button", name="Withdraw").click()
        member.wait_for_url("**/audit/")
    finally:
        board.close()

    response = page.goto(site.url + APPROVED)
    assert response.status == 410
    expect(page.get_by_role("heading", name="This article has been withdrawn")).to_be_visible()
    expect(page.get_by_text("A referral threshold in one entry is out of date.")).to_be_visible()
    assert axe_violations(page) == []  # the 410 page joins the accessibility gate here
    assert html_validator.validate({"withdrawn": page.content()}) == {"withdrawn": []}
    assert inline_code_in(page.content()) == []
    for path in ("/", "/articles/", "/search/?q=back+pain", "/feed/", "/sitemap.xml"):
        page.goto(site.url + path)
        assert "/articles/low-back-pain/" not in page.content(), path
