"""Issue 7's journey in a real browser: search, ask a follow-up question, the editor sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import sign_in

pytestmark = pytest.mark.browser


def test_search_ask_and_the_editor_sees_the_question(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + "/")
    page.get_by_label("Search articles").fill("calf cramps at night")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Benign nocturnal leg cramps").click()
    expect(page).to_have_url(re.compile(re.escape("/articles/leg-cramps/#dx-benign-nocturnal-leg-cramps") + "$"))
    expect(page.get_by_role("heading", name="Benign nocturnal leg cramps")).to_be_visible()

    page.get_by_label("Your question").fill("Could cramps in my back and legs be from a spinal infection?")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_text("Our editorial team has received your question")).to_be_visible()
    page.get_by_role("link", name="Spinal infection or malignancy").click()
    expect(page).to_have_url(re.compile(re.escape("/articles/low-back-pain/#dx-spinal-infection-or-malignancy") + "$"))
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, site, "editor")
    page.get_by_role("link", name="Editor dashboard").click()
    questions = page.locator("section", has=page.get_by_role("heading", name="Reader questions"))
    expect(questions.get_by_text("Could cramps in my back and legs be from a spinal infection?")).to_be_visible()
    questions.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("Question marked dismissed.")).to_be_visible()
    context.close()
