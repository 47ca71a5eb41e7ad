import pytest
from playwright.sync_api import expect

from demo.loader import other_demo_slugs

pytestmark = pytest.mark.browser


def test_the_article_page_opens_with_its_heading(page, demo_site):
    response = page.goto(f"{demo_site.url}/articles/leg-cramps/")
    assert response.status == 200
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Differential Diagnosis for Leg Cramps"
    expect(page.get_by_role("heading", name="Do Not Miss Diagnoses")).to_be_visible()
    expect(page.get_by_text("Educational purpose only")).to_be_visible()
    # The stylesheet loaded (served by our own server, no other host).
    assert page.evaluate("getComputedStyle(document.querySelector('.caution-banner')).borderTopStyle") == "solid"


def test_choosing_patient_in_the_panel_shows_plain_language(page, demo_site):
    page.goto(f"{demo_site.url}/articles/leg-cramps/")
    page.get_by_label("Patient", exact=True).check()
    page.get_by_role("button", name="Show this article for me").click()
    page.wait_for_url("**/articles/leg-cramps/#personalize")
    expect(page.get_by_role("heading", name="Serious causes that need a doctor")).to_be_visible()
    expect(page.get_by_text("A deep vein thrombosis is a blood clot in a deep vein")).to_be_visible()


@pytest.mark.parametrize("slug", ["leg-cramps", "low-back-pain", *other_demo_slugs()])
def test_on_a_phone_a_first_time_reader_sees_the_title_the_status_and_the_first_diagnosis(browser, demo_site, slug):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{demo_site.url}/articles/{slug}/")
    layout = page.evaluate(
        """() => ({
            width: document.documentElement.scrollWidth,
            title: document.querySelector('h1').getBoundingClientRect().bottom,
            status: document.querySelector('.tracker').getBoundingClientRect().bottom,
            firstDiagnosis: document.querySelector('.entry > h3').getBoundingClientRect().bottom,
        })"""
    )
    assert layout["width"] <= 390, layout  # nothing scrolls sideways
    assert layout["title"] < layout["status"] < layout["firstDiagnosis"] <= 844, layout
    expect(page.get_by_role("link", name="Choose the version for you")).to_be_visible()  # one tap to Personalize
    context.close()
