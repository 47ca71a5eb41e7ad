"""Issue 5's journey in a real browser: request changes, answer them, approve, read."""

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import as_user

pytestmark = pytest.mark.browser


def test_request_changes_answer_them_approve_and_read(browser, site):
    # A board member opens the pending leg-cramps article from the queue and asks for changes.
    context, page = as_user(browser, site, "reviewer")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="Differential Diagnosis for Leg Cramps").click()
    expect(page.get_by_role("heading", name="The whole article")).to_be_visible()
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("You are now reviewing this revision.")).to_be_visible()
    page.get_by_label("Comment").first.fill("Please add a reference for the peripheral artery disease entry.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Changes requested. The editor has been told.")).to_be_visible()
    context.close()

    # The editor sees the comment, answers it and resubmits.
    context, page = as_user(browser, site, "editor")
    page.get_by_role("link", name="Editor dashboard").click()
    returned = page.locator("section", has=page.get_by_role("heading", name="Returned with requested changes"))
    expect(returned.get_by_text("Please add a reference for the peripheral artery disease entry.")).to_be_visible()
    returned.get_by_role("link", name="Differential Diagnosis for Leg Cramps").click()
    blank = page.locator("#references-fields details.row-fold", has_text="New reference").first
    blank.locator("summary").click()  # each reference is folded to one line
    blank.get_by_label("Citation").fill(
        "Hirsch AT, Haskal ZJ, Hertzer NR, et al. ACC/AHA 2005 practice guidelines for the management of patients "
        "with peripheral arterial disease. Circulation. 2006;113(11):e463-e654."
    )
    page.get_by_label("Reason for this change").fill("Add a PAD reference, as the board asked")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted to the Medical Advisory Board for review.")).to_be_visible()
    context.close()

    # A second board member approves the new revision.
    context, page = as_user(browser, site, "reviewer2")
    page.get_by_role("link", name="Review queue").click()
    waiting = page.locator("section", has=page.get_by_role("heading", name="Waiting for a reviewer"))
    waiting.get_by_role("link", name="Differential Diagnosis for Leg Cramps").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name="Confirm: approve revision 2").click()
    expect(page.get_by_text("Approved revision 2. Readers now see it.")).to_be_visible()
    context.close()

    # A reader sees the approved revision, who reviewed it, and the tracker at Approved.
    context, page = as_user(browser, site, None)
    page.goto(site.url + "/articles/leg-cramps/")
    expect(page.get_by_text(re.compile(r"Reviewed by Daniel Reyes, MD on \w+ \d+, \d{4}"))).to_be_visible()
    current = page.locator('[aria-current="step"]')
    assert "Approved" in current.inner_text() and "current step" in current.inner_text()
    expect(page.get_by_text("Hirsch AT, Haskal ZJ")).to_be_visible()
    expect(page.get_by_text("Educational purpose only")).to_have_count(0)
    context.close()
