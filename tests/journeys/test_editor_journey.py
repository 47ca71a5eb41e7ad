"""The editor's whole path in a real browser, on the demo data, by a new user."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from review.models import Review, ReviewState
from tests.journeys.conftest import sign_in

pytestmark = pytest.mark.browser


def test_an_editor_creates_submits_edits_compares_and_restores(page, site):
    sign_in(page, site, "editor")
    page.get_by_role("link", name="Editor dashboard").click()
    expect(page.get_by_role("heading", name="Editor dashboard", level=1)).to_be_visible()

    # Create an article and save a draft.
    page.get_by_role("link", name="Write a new article").click()
    page.get_by_label("Title").fill("Differential Diagnosis for Night Sweats")
    page.get_by_label("Condition").fill("Night sweats")
    most_likely = page.locator("#tier-most_likely-fields")
    most_likely.get_by_label("Diagnosis").first.fill("Menopause")
    most_likely.get_by_label("Clinical text, for physicians (Markdown)").first.fill(
        "Vasomotor symptoms are common in perimenopause."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved as revision 1.")).to_be_visible()
    article = Article.objects.get(slug="night-sweats")
    assert not Review.objects.filter(article=article).exists()

    # Change it and submit it for review.
    page.get_by_label("Summary").fill("Causes of drenching sweats at night.")
    page.get_by_label("Reason for this change").fill("Add a summary")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted to the Medical Advisory Board for review.")).to_be_visible()
    assert Review.objects.get(article=article).state == ReviewState.SUBMITTED

    # Edit the approved demo article.
    page.goto(site.url + "/editor/articles/low-back-pain/edit/")
    page.get_by_label("Summary").fill("Most low back pain is nonspecific and gets better within weeks.")
    page.get_by_label("Reason for this change").fill("Simpler summary")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved as revision 2.")).to_be_visible()
    # Readers still get the approved revision.
    reader = page.context.browser.new_page()
    reader.goto(site.url + "/articles/low-back-pain/")
    expect(reader.get_by_text("A short list of serious causes")).to_be_visible()
    reader.close()

    # Compare with approved, from the edit page.
    page.get_by_role("link", name="Compare with approved").click()
    expect(page.get_by_role("heading", name=re.compile("^Compare revisions"))).to_be_visible()
    expect(page.locator("ins.diff-ins").first).to_be_visible()
    expect(page.locator("del.diff-del").first).to_be_visible()

    # History, then restore revision 1.
    page.get_by_role("link", name="Back to history").click()
    expect(page.get_by_role("cell", name="Simpler summary")).to_be_visible()
    page.get_by_role("link", name="Restore this version (revision 1)").click()
    page.get_by_role("button", name="Restore this version").click()
    expect(page.get_by_text("Revision 1 restored as revision 3.")).to_be_visible()
    back_pain = Article.objects.get(slug="low-back-pain")
    restored = back_pain.latest_revision()
    assert (restored.revision_number, restored.history_change_reason) == (3, "Restored revision 1")
    assert back_pain.history.count() == 3
