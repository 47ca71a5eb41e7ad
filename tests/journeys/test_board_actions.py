"""Issue 16's board actions in a real browser: reassign, two approvals, scheduled go-live, reminders."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from review.models import Approval
from tests.gates import html_validator
from tests.gates.accessibility import axe_violations
from tests.gates.inline_code import inline_code_in
from tests.journeys.conftest import as_user

pytestmark = pytest.mark.browser

LEG_CRAMPS = "Differential Diagnosis for Leg Cramps"


def open_leg_cramps_review(page):
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=LEG_CRAMPS).first.click()
    expect(page).to_have_url(re.compile(r"/review/\d+/$"))


def run(command) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def passes_the_gates(page, name):
    """This page state joins the accessibility, valid-HTML and no-inline-code gates here (the
    shared demo data of tests/gates/pages.py has no review in this state)."""
    assert axe_violations(page) == []
    assert html_validator.validate({name: page.content()}) == {name: []}
    assert inline_code_in(page.content()) == []


def reader_sees_approved(browser, site) -> bool:
    context, page = as_user(browser, site, None)
    page.goto(site.url + "/articles/leg-cramps/")
    current = page.locator('[aria-current="step"]').inner_text()
    context.close()
    return "Approved" in current


def test_a_board_admin_reassigns_a_started_review(browser, site):
    context, page = as_user(browser, site, "reviewer")
    open_leg_cramps_review(page)
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("You are now reviewing this revision.")).to_be_visible()  # waits for the page
    context.close()

    # The site admin gives it to the other member (say, the first is away).
    context, page = as_user(browser, site, "admin")
    open_leg_cramps_review(page)
    expect(page.get_by_role("heading", name="Reassign this review")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Board member").select_option(label="Daniel Reyes, MD")
    page.get_by_label("Note to the reviewer").fill("Amara is away this week.")
    page.get_by_role("button", name="Reassign").click()
    expect(page.get_by_text("Assigned to Daniel Reyes, MD, who has been told by e-mail.")).to_be_visible()
    passes_the_gates(page, "review-reassigned")
    expect(page.get_by_text(re.compile(r"Assigned to .*Daniel Reyes")).first).to_be_visible()
    context.close()

    # The new reviewer decides it; the first one no longer can.
    context, page = as_user(browser, site, "reviewer")
    open_leg_cramps_review(page)
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    context.close()
    context, page = as_user(browser, site, "reviewer2")
    page.get_by_role("link", name="Review queue").click()
    mine = page.locator("section", has=page.get_by_role("heading", name="I am reviewing"))
    mine.get_by_role("link", name=LEG_CRAMPS).click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name=re.compile(r"^Confirm: approve revision")).click()
    expect(page.get_by_text("Approved revision 1. Readers now see it.")).to_be_visible()
    context.close()


def test_with_two_required_approvals_a_revision_needs_two_different_members(browser, site, settings):
    settings.REQUIRED_APPROVALS = 2
    context, page = as_user(browser, site, "reviewer")
    open_leg_cramps_review(page)
    expect(page.get_by_text("0 of 2 approvals")).to_be_visible()
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Your approval will be 1 of 2.", exact=False)).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Confirm: approve revision")).click()
    expect(page.get_by_text(re.compile(r"Your approval is recorded \(1 of 2 approvals\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"1 of 2 approvals: Amara Okafor"))).to_be_visible()
    expect(page.get_by_role("button", name="Start review")).to_have_count(0)  # not a second time
    passes_the_gates(page, "review-one-of-two-approvals")
    context.close()
    assert not reader_sees_approved(browser, site)

    context, page = as_user(browser, site, "reviewer2")
    open_leg_cramps_review(page)
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name=re.compile(r"^Confirm: approve revision")).click()
    expect(page.get_by_text("Approved revision 1. Readers now see it.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"2 of 2 approvals"))).to_be_visible()
    context.close()
    assert reader_sees_approved(browser, site)


def test_a_scheduled_approval_goes_live_only_when_the_command_runs_after_its_time(browser, site):
    when = timezone.localtime() + datetime.timedelta(days=2)
    context, page = as_user(browser, site, "reviewer")
    open_leg_cramps_review(page)
    page.get_by_role("button", name="Start review").click()
    page.get_by_label("Go live for readers at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    # Enter in the go-live field decides nothing: it shows what would go live, and when.
    page.get_by_label("Go live for readers at").press("Enter")
    expect(page.get_by_role("heading", name="Confirm your approval")).to_be_visible()
    expect(page.get_by_text("Readers get this revision on", exact=False)).to_be_visible()
    passes_the_gates(page, "approve-confirm")
    page.get_by_role("button", name=re.compile(r"^Confirm: approve revision")).click()
    expect(page.get_by_text(re.compile(r"Approved revision 1\. It goes live on "))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Goes live on \d+ \w+ \d{4}, \d\d:\d\d"))).to_be_visible()
    passes_the_gates(page, "review-scheduled")
    # Enter in the (empty) new go-live field does not publish: it asks first.
    page.get_by_label("New go-live time").press("Enter")
    expect(page.get_by_role("heading", name="Publish now?")).to_be_visible()
    passes_the_gates(page, "schedule-confirm")
    page.get_by_role("link", name="Go back to the review without changing anything").click()
    expect(page.get_by_text(re.compile(r"Goes live on \d+ \w+ \d{4}, \d\d:\d\d"))).to_be_visible()
    context.close()

    assert not reader_sees_approved(browser, site)
    assert "Nothing due" in run("publish_due")  # before its time: nothing
    assert not reader_sees_approved(browser, site)

    # Its time passes (the schedule is moved back: the clock is not ours to move) ...
    Approval.objects.filter(article__slug="leg-cramps", published_at__isnull=True).update(
        go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert not reader_sees_approved(browser, site)  # ... but nothing changes until the command runs
    assert "leg-cramps: revision 1 published" in run("publish_due")
    assert reader_sees_approved(browser, site)


def test_the_reminder_command_sends_one_email_per_due_article(browser, site):
    Approval.objects.filter(article__slug="low-back-pain").update(
        next_review_due=timezone.localdate() + datetime.timedelta(days=7)
    )
    mail.outbox.clear()
    output = run("send_review_reminders")
    assert "low-back-pain: reminded" in output
    assert len(mail.outbox) == 1 and "Re-review due" in mail.outbox[0].subject
    assert "No reminders to send" in run("send_review_reminders")
    assert len(mail.outbox) == 1

    # The link in the e-mail leads to the re-confirmation step.
    link = re.search(r"http\S+/review/reconfirm/low-back-pain/", mail.outbox[0].body).group(0)
    context, page = as_user(browser, site, "reviewer2")
    page.goto(site.url + link[link.index("/review/") :])
    expect(page.get_by_role("button", name="Re-confirm unchanged")).to_be_visible()
    context.close()
