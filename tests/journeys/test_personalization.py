"""Issue 6 in a real browser: each of the five choices changes what the page says."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EXPECT = {
    "Patient": (
        "Serious causes that need a doctor",
        "A deep vein thrombosis is a blood clot",
        "Get emergency help now: call 999 if you have:",
    ),
    "Caregiver or family member": (
        "Serious causes that need a doctor",
        "the person you care for",
        "Get emergency help now: call 999 if the person you care for has:",
    ),
    "Medical or nursing student": ("Do Not Miss Diagnoses", "Virchow's triad", "Disclaimer for learners"),
    "Nurse or allied health professional": (
        "Do Not Miss Diagnoses",
        "calf circumference 10 cm below the tibial tuberosity",
        "Disclaimer for nurses and allied health professionals",
    ),
    "Physician or advanced practice clinician": (
        "Do Not Miss Diagnoses",
        "Although less common, DVT",
        "Professional Medical Disclaimer",
    ),
}


def test_each_choice_changes_the_wording_and_is_remembered_on_the_next_article(page, demo_site):
    for label, (heading, entry_text, marker) in EXPECT.items():
        page.goto(demo_site.url + "/articles/leg-cramps/")
        folded = page.locator("summary.personalize__summary")
        if folded.count():  # a choice is made: the panel is one line until opened
            folded.click()
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Show this article for me").click()
        expect(page.get_by_text(f"Showing the version for: {label}")).to_be_visible()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_text(entry_text).first).to_be_visible()
        expect(page.get_by_text(marker).first).to_be_visible()
        # Remembered on the next article.
        page.goto(demo_site.url + "/articles/low-back-pain/")
        expect(page.get_by_text(f"Showing the version for: {label}")).to_be_visible()
        assert page.get_by_label(label, exact=True).is_checked()


def test_a_shared_audience_link_wins_over_a_different_saved_choice(page, demo_site):
    page.goto(demo_site.url + "/articles/leg-cramps/")
    page.get_by_label("Physician or advanced practice clinician").check()
    page.get_by_role("button", name="Show this article for me").click()
    page.wait_for_url("**/articles/leg-cramps/#personalize")
    page.goto(demo_site.url + "/articles/leg-cramps/?audience=patient")
    expect(page.get_by_text("Showing the version for: Patient")).to_be_visible()
    expect(page.get_by_text("A deep vein thrombosis is a blood clot")).to_be_visible()
    # The link chose for that page only: the saved choice is still the physician's.
    page.goto(demo_site.url + "/articles/leg-cramps/")
    expect(page.get_by_text("Showing the version for: Physician or advanced practice clinician")).to_be_visible()
    assert page.get_by_label("Physician or advanced practice clinician").is_checked()
    expect(page.get_by_text("Although less common, DVT")).to_be_visible()
