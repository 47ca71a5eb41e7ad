"""
Issue 28 in a real browser: an editor updates the Spanish translation and submits it; a
board member who does not review in Spanish may not take it, one who does approves it; a
reader switches to Spanish, reads the translation and asks a question in Spanish.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import as_user

pytestmark = pytest.mark.browser

SPANISH_SUMMARY = "Los calambres son contracciones bruscas y dolorosas de un músculo; casi siempre son benignos."


def test_a_translation_is_edited_reviewed_in_spanish_and_read_in_spanish(browser, site):
    # The editor goes from the English article to its Spanish translation and submits an edit.
    context, page = as_user(browser, site, "editor")
    page.goto(site.url + "/editor/articles/leg-cramps/edit/")
    page.get_by_role("link", name="edit the Spanish translation").click()
    expect(page.get_by_text(re.compile(r"translation of “Differential Diagnosis for Leg Cramps”"))).to_be_visible()
    page.get_by_label("Summary").fill(SPANISH_SUMMARY)
    page.get_by_label("Reason for this change").fill("Resumen más claro")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text(re.compile("[Ss]ubmitted"))).to_be_visible()
    context.close()

    # A reviewer who does not review in Spanish is told so; the one who does approves it.
    context, page = as_user(browser, site, "reviewer")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=re.compile("calambres")).first.click()
    expect(page.get_by_role("button", name="Start review")).to_have_count(0)
    context.close()
    context, page = as_user(browser, site, "reviewer2")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=re.compile("calambres")).first.click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name=re.compile(r"^Confirm: approve revision")).click()
    expect(page.get_by_text(re.compile(r"Approved revision \d+\. Readers now see it\."))).to_be_visible()
    context.close()

    # A reader switches language with the link in the header, without JavaScript.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/articles/leg-cramps/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(page).to_have_url(site.url + "/es/articles/leg-cramps/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text(SPANISH_SUMMARY)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("calambres")
    # ... and asks a question in Spanish, answered from the Spanish passages.
    page.get_by_label("Su pregunta").fill("¿Qué hago si la pierna está hinchada y me falta el aire?")
    page.get_by_role("button", name="Preguntar").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("¿Qué hago si la pierna está hinchada y me falta el aire?").first).to_be_visible()
    context.close()
