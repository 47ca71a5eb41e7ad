"""Gate: every reader page passes axe (WCAG A/AA), works by keyboard alone and with JavaScript off."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.gates.accessibility import axe_violations, keyboard_walk
from tests.gates.pages import ALL_PAGES, PAGE_IDS
from tests.journeys.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("gated", ALL_PAGES, ids=PAGE_IDS)
def test_page_has_no_wcag_violations_and_is_usable_by_keyboard_alone(open_as, demo_site, gated):
    # One visit for both checks (axe reads the page; it moves no focus).
    page, response = open_as(gated.user, gated.url())
    assert response.status == gated.status
    assert axe_violations(page) == []
    # On a 360 px phone nothing is wider than the screen (wide tables scroll in their own box).
    default = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 800})
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.set_viewport_size(default)
    walk = keyboard_walk(page)
    # The first Tab lands on a visible skip link to the main content (in the page's language).
    language = "es" if gated.url().startswith("/es/") else "en"
    with translation.override(language):
        assert walk["first"]["text"] == gettext("Skip to main content")
    assert walk["missed"] == []
    assert walk["no_focus_ring"] == []
    # The skip link really moves focus to the main content.
    page.goto(demo_site.url + gated.url())  # still signed in, if the page needs it
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("gated", ALL_PAGES, ids=PAGE_IDS)
def test_page_works_with_javascript_off(open_as, gated):
    page, response = open_as(gated.user, gated.url(), javascript=False)
    assert response.status == gated.status
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_personalize_panel_works_by_keyboard_with_javascript_off(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(demo_site.url + "/articles/leg-cramps/")
        page.get_by_label("Caregiver or family member").focus()
        page.keyboard.press("Space")
        page.get_by_role("button", name="Show this article for me").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/articles/leg-cramps/#personalize")
        expect(page.get_by_text("the person you care for").first).to_be_visible()
    finally:
        context.close()


BROKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Broken</title>
<style>a:focus { outline: none; }</style></head>
<body><main><h1>Broken</h1><input type="text"><img src="x.png">
<a href="#">a link with no focus ring</a><div tabindex="-1">not reachable</div>
<span role="button">fake button</span></main></body></html>"""


def test_the_gates_catch_a_broken_page(page):
    page.set_content(BROKEN_PAGE)
    violations = " ".join(axe_violations(page))
    assert "label" in violations  # the input has no label
    assert "image-alt" in violations
    walk = keyboard_walk(page)
    assert walk["first"]["text"] != "Skip to main content"
    assert walk["no_focus_ring"]  # the link shows no focus ring


def test_form_error_states_have_no_wcag_violations(page, demo_site):
    page.goto(demo_site.url + "/accounts/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Enter a correct username and password").first).to_be_visible()
    assert axe_violations(page) == []

    sign_in(page, demo_site, "editor")
    page.goto(demo_site.url + "/editor/articles/new/")
    page.locator("#tier-rare-fields").get_by_label("Diagnosis").first.fill("Named but no clinical text")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    # The typed name is kept.
    assert (
        page.locator("#tier-rare-fields").get_by_label("Diagnosis").first.input_value() == "Named but no clinical text"
    )

    page.get_by_label("Title").fill("Differential Diagnosis for Night Sweats")
    page.get_by_label("Condition").fill("Night sweats")
    page.locator("#tier-rare-fields").get_by_label("Clinical text, for physicians (Markdown)").first.fill("Text.")
    page.get_by_label("Preview as").select_option("patient")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Preview — not saved yet")).to_be_visible()
    assert axe_violations(page) == []
