"""Issue 16 in a real browser: an edit form for long documents, and diffs people read."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.gates.accessibility import axe_violations
from tests.journeys.conftest import sign_in

pytestmark = pytest.mark.browser

BACK_PAIN = "Differential Diagnosis for Low Back Pain"
FIRST_ENTRY = "Nonspecific (mechanical) low back pain"


def test_an_editor_fixes_document_errors_in_one_round_and_previews_without_a_reason(page, site):
    sign_in(page, site, "editor")
    page.goto(site.url + "/editor/articles/low-back-pain/edit/")
    # Controls are 16 px, so that a phone does not zoom in on them.
    assert page.get_by_label("Preview as").evaluate("e => getComputedStyle(e).fontSize") == "16px"
    assert page.get_by_label("Title").evaluate("e => getComputedStyle(e).fontSize") == "16px"
    # The actions come first and stay in view; each diagnosis is folded to one line.
    expect(page.get_by_role("button", name="Save draft")).to_be_in_viewport()
    expect(page.locator("details.row-fold[open]")).to_have_count(0)

    # Three mistakes of different kinds: a field left empty, a diagnosis listed twice, a heading in clinical text.
    page.get_by_label("Title").fill("")
    rare = page.locator("#tier-rare-fields")
    blank = rare.locator("details.row-fold", has_text="New diagnosis").first
    blank.locator("summary").click()
    blank.get_by_label("Diagnosis name").fill(FIRST_ENTRY)
    blank.get_by_label("Clinical text, for physicians (Markdown)").fill("The same diagnosis again.")
    page.locator("#tier-do_not_miss-fields details.row-fold summary").first.click()
    # One diagnosis open at a time: opening this one folded the blank row again (its text is kept).
    expect(page.locator("details.row-fold[open]")).to_have_count(1)
    expect(blank).not_to_have_attribute("open", "")
    do_not_miss = page.locator("#tier-do_not_miss-fields").get_by_label("Clinical text, for physicians (Markdown)")
    original = do_not_miss.first.input_value()
    do_not_miss.first.fill("# Red flags\n" + original)
    page.get_by_role("button", name="Save draft").click()

    # All of them at once, each beside what it concerns and linked from the summary.
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Title: "))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Reason for this change: "))).to_be_visible()
    twice = summary.get_by_role("link", name=re.compile("This diagnosis is listed twice"))
    heading = summary.get_by_role("link", name=re.compile("may not contain headings"))
    expect(twice).to_be_visible()
    expect(heading).to_be_visible()
    assert axe_violations(page) == []
    twice.click()
    assert re.search(r"#tier-rare-\d+-errors$", page.url)
    beside = page.locator(page.url[page.url.index("#") :])
    expect(beside).to_be_visible()
    expect(beside).to_contain_text("listed twice")
    row_errors = page.locator("#tier-do_not_miss-fields .row-errors").first
    expect(row_errors.get_by_text("may not contain headings")).to_be_visible()

    # Fix them all in one go, then preview without giving a reason.
    page.get_by_label("Title").fill(BACK_PAIN)
    blank = page.locator("#tier-rare-fields details.row-fold", has=page.locator(".row-errors")).first
    blank.get_by_label("Diagnosis name").fill("")
    blank.get_by_label("Clinical text, for physicians (Markdown)").fill("")
    do_not_miss.first.fill(original)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Preview — not saved yet")).to_be_visible()
    expect(page.get_by_text("There is a problem")).not_to_be_visible()
    assert Article.objects.get(slug="low-back-pain").history.count() == 1

    # "Add another diagnosis" brings the form back with one more row, and without error messages.
    page.get_by_role("button", name="Add another diagnosis to Other Likely Diagnoses").click()
    expect(page.get_by_text("A blank row was added. Nothing has been saved yet.")).to_be_visible()
    assert page.get_by_label("Title").input_value() == BACK_PAIN
    assert axe_violations(page) == []

    # Enter in the reason field saves (it does not press the first "Add another" button).
    page.get_by_label("Summary").fill("Most low back pain is nonspecific and gets better within weeks.")
    page.get_by_label("Reason for this change").fill("Shorter summary")
    page.get_by_label("Reason for this change").press("Enter")
    expect(page.get_by_text("Saved as revision 2.")).to_be_visible()


def test_add_another_diagnosis_works_without_javascript_and_keeps_what_was_typed(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site, "editor")
    page.goto(site.url + "/editor/articles/new/")
    page.get_by_label("Title").fill("Differential Diagnosis for Night Sweats")
    rare = page.locator("#tier-rare-fields")
    expect(rare.locator("fieldset.row-fieldset")).to_have_count(2)
    rare.get_by_label("Diagnosis name").first.fill("Lymphoma")
    page.get_by_role("button", name="Add another diagnosis to Rare Diagnoses").click()
    expect(page.get_by_text("A blank row was added. Nothing has been saved yet.")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape("#tier-rare-2-row") + "$"))
    expect(rare.locator("fieldset.row-fieldset")).to_have_count(3)
    expect(page.locator("#tier-other_likely-fields fieldset.row-fieldset")).to_have_count(2)
    assert page.get_by_label("Title").input_value() == "Differential Diagnosis for Night Sweats"
    assert rare.get_by_label("Diagnosis name").first.input_value() == "Lymphoma"
    expect(page.get_by_text("There is a problem")).not_to_be_visible()
    # A tier folds and unfolds without JavaScript.
    section = page.locator("details.form-section", has=page.locator("#tier-rare-fields"))
    section.locator("> summary").click()
    expect(rare.get_by_label("Diagnosis name").first).not_to_be_visible()
    section.locator("> summary").click()
    expect(rare.get_by_label("Diagnosis name").first).to_be_visible()
    assert not Article.objects.exists() or not Article.objects.filter(slug="night-sweats").exists()
    context.close()


def test_a_reviewer_sees_a_one_word_change_as_one_highlighted_sentence_with_the_rest_folded(browser, site):
    # An editor changes one word of the approved low back pain article and submits it.
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, site, "editor")
    page.goto(site.url + "/editor/articles/low-back-pain/edit/")
    page.locator("#tier-most_likely-fields details.row-fold summary").first.click()
    clinical = page.locator("#tier-most_likely-fields").get_by_label("Clinical text, for physicians (Markdown)").first
    text = clinical.input_value()
    assert "usually improves within a few weeks" in text
    clinical.fill(text.replace("usually improves within a few weeks", "usually settles within a few weeks"))
    page.get_by_label("Reason for this change").fill("Plainer verb")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted to the Medical Advisory Board for review.")).to_be_visible()
    context.close()

    # A board member opens the review.
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, site, "reviewer")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=BACK_PAIN).first.click()
    changes = page.locator("section", has=page.get_by_role("heading", name="What changed since the approved revision"))
    sentence = changes.locator(".diff-sentence")
    expect(sentence).to_have_count(1)
    said = re.sub(r"\s+", " ", sentence.inner_text()).strip()
    assert said.startswith("It accounts for most acute low back pain seen in primary care and usually")
    assert said.endswith("settles within a few weeks.")
    # Marked in words as well as by strike-through and underline: the labels are read out, though not shown.
    assert " ".join(sentence.locator("del").inner_text().split()) == "removed: improves"
    assert " ".join(sentence.locator("ins").inner_text().split()) == "added: settles"
    assert sentence.locator("ins").evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    entry = changes.locator(".diff-entry")
    expect(entry).to_have_count(1)
    expect(entry.get_by_role("heading", name=re.compile(re.escape(FIRST_ENTRY)))).to_be_visible()
    expect(entry.get_by_text(re.compile(r"unchanged sentences? …")).first).to_be_visible()
    # Every other diagnosis is folded, and opens without JavaScript.
    folded = changes.locator("details.diff-unchanged")
    expect(folded).to_have_count(3)  # the other three tiers; the first has only the changed diagnosis
    other = folded.nth(1)
    assert re.fullmatch(r"\d+ unchanged diagnos[ie]s", other.locator("summary").inner_text())
    expect(other.locator("li").first).not_to_be_visible()
    other.locator("summary").click()
    expect(other.locator("li").first).to_be_visible()
    expect(changes.get_by_role("link", name=re.compile("^Show the raw text diff"))).to_be_visible()
    assert axe_violations(page) == []
    context.close()


def test_the_edit_form_of_the_demo_article_fits_in_ten_screens_and_save_is_close_by_keyboard(open_as):
    page, _response = open_as("editor", "/editor/articles/leg-cramps/edit/")
    viewport = page.viewport_size
    assert viewport["width"] >= 1280, viewport
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 10 * viewport["height"], height
    # From the top of the page, without the skip link, Save draft comes within 20 Tabs.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _tab in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Save draft":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save draft"
