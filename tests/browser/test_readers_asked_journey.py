"""
Issue 15's "Readers asked" in a real browser: a reader asks, an editor answers, the board
approves, every reader sees it; withdrawn, it is gone.
"""

import re

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

ARTICLE = "/articles/low-back-pain/"
QUESTION = "Can I keep going to the gym while my back hurts?"
ANSWER = "Usually, yes: gentle activity helps most back pain get better. Avoid heavy lifting until it eases."


def as_user(browser, site, username):
    context = browser.new_context()
    page = context.new_page()
    if username:
        sign_in(page, site, username)
    return context, page


def readers_asked(page):
    return page.get_by_role("heading", name="Readers asked")


def test_a_question_answered_approved_shown_and_withdrawn(browser, site):
    # A reader asks on the article page; nothing is under "Readers asked" yet.
    context, page = as_user(browser, site, None)
    page.goto(site.url + ARTICLE)
    assert readers_asked(page).count() == 0
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask").click()
    assert page.get_by_text(QUESTION).first.is_visible()
    context.close()

    # The editor finds it in the queue and writes an answer for the board.
    context, page = as_user(browser, site, "editor")
    page.get_by_role("link", name="Reader questions").click()
    page.get_by_role("link", name=re.compile("^Answer it")).first.click()
    assert page.get_by_text(QUESTION).is_visible()
    page.get_by_label("Answer for readers").fill("Too short")
    page.get_by_role("button", name="Send to the board").click()
    assert page.get_by_text("Write at least 20 characters").first.is_visible()
    assert page.get_by_label("Answer for readers").input_value() == "Too short"  # kept
    page.get_by_label("Answer for readers").fill(ANSWER)
    page.get_by_role("button", name="Send to the board").click()
    assert page.get_by_text("Answer sent to the board.").is_visible()
    context.close()

    # Readers still see nothing: the board has not approved it.
    context, page = as_user(browser, site, None)
    page.goto(site.url + ARTICLE)
    assert readers_asked(page).count() == 0
    context.close()

    # A board member approves it.
    context, page = as_user(browser, site, "reviewer")
    page.get_by_role("link", name="Answers to approve").click()
    assert page.get_by_text(ANSWER).is_visible()
    page.get_by_role("button", name="Approve").click()
    assert page.get_by_text("Approved: readers of").is_visible()
    context.close()

    # Every reader now sees it, with who reviewed it and when.
    context, page = as_user(browser, site, None)
    for query in ("", "?audience=patient", "?audience=physician"):
        page.goto(site.url + ARTICLE + query)
        assert readers_asked(page).is_visible()
        section = page.locator("section.readers-asked")
        assert section.get_by_role("heading", name=QUESTION).is_visible()
        assert section.get_by_text(re.compile(r"Reviewed by Amara Okafor, MD, FACP, \w+ \d+, \d{4}")).is_visible()
    context.close()

    # The editor withdraws it, after a confirmation step; readers no longer see it.
    context, page = as_user(browser, site, "editor")
    page.get_by_role("link", name="Reader questions").click()
    page.get_by_label("Handled").select_option("all")
    page.get_by_label("Editor's answer").select_option("published")
    page.get_by_role("button", name="Show questions").click()
    page.get_by_role("link", name=re.compile("^Withdraw the answer")).click()
    page.get_by_role("button", name="Withdraw").click()
    assert page.get_by_text("The answer was taken off").is_visible()
    context.close()
    context, page = as_user(browser, site, None)
    page.goto(site.url + ARTICLE)
    assert readers_asked(page).count() == 0
    context.close()
