"""
Issue 15's "Readers asked" in a real browser: a reader asks, an editor answers, the board
approves, every reader sees it; withdrawn, it is gone.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import as_user

pytestmark = pytest.mark.browser

ARTICLE = "/articles/low-back-pain/"
QUESTION = "Can I keep going to the gym while my back hurts?"
ANSWER = "Usually, yes: gentle activity helps most back pain get better. Avoid heavy lifting until it eases."


def readers_asked(page):
    return page.get_by_role("heading", name="Readers asked")


def test_a_question_answered_approved_shown_and_withdrawn(browser, site):
    # A reader asks on the article page; nothing is under "Readers asked" yet.
    context, page = as_user(browser, site, None)
    page.goto(site.url + ARTICLE)
    expect(readers_asked(page)).to_have_count(0)
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_text(QUESTION).first).to_be_visible()
    context.close()

    # The editor finds it in the queue and writes an answer for the board.
    context, page = as_user(browser, site, "editor")
    page.get_by_role("link", name="Reader questions").click()
    page.get_by_role("link", name=re.compile("^Answer it")).first.click()
    expect(page.get_by_text(QUESTION)).to_be_visible()
    page.get_by_label("Answer for readers").fill("Too short")
    page.get_by_role("button", name="Send to the board").click()
    expect(page.get_by_text("Write at least 20 characters").first).to_be_visible()
    expect(page.get_by_label("Answer for readers")).to_have_value("Too short")  # kept
    page.get_by_label("Answer for readers").fill(ANSWER)
    page.get_by_role("button", name="Send to the board").click()
    expect(page.get_by_text("Answer sent to the board.")).to_be_visible()
    context.close()

    # Readers still see nothing: the board has not approved it.
    context, page = as_user(browser, site, None)
    page.goto(site.url + ARTICLE)
    expect(readers_asked(page)).to_have_count(0)
    context.close()

    # A board member approves it.
    context, page = as_user(browser, site, "reviewer")
    page.get_by_role("link", name="Answers to approve").click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: readers of")).to_be_visible()
    context.close()

    # Every reader now sees it, with who reviewed it and when.
    context, page = as_user(browser, site, None)
    for query in ("", "?audience=patient", "?audience=physician"):
        page.goto(site.url + ARTICLE + query)
        expect(readers_asked(page)).to_be_visible()
        section = page.locator("section.readers-asked")
        expect(section.get_by_role("heading", name=QUESTION)).to_be_visible()
        expect(section.get_by_text(re.compile(r"Reviewed by Amara Okafor, MD, FACP, \w+ \d+, \d{4}"))).to_be_visible()
    context.close()

    # The editor withdraws it, after a confirmation step; readers no longer see it.
    context, page = as_user(browser, site, "editor")
    page.get_by_role("link", name="Reader questions").click()
    page.get_by_label("Handled").select_option("all")
    page.get_by_label("Editor's answer").select_option("published")
    page.get_by_role("button", name="Show questions").click()
    page.get_by_role("link", name=re.compile("^Withdraw the answer")).click()
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("The answer was taken off")).to_be_visible()
    context.close()
    context, page = as_user(browser, site, None)
    page.goto(site.url + ARTICLE)
    expect(readers_asked(page)).to_have_count(0)
    context.close()
