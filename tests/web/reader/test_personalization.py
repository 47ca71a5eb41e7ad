import re

import pytest
from django.test import override_settings

from accounts.audiences import COOKIE_NAME, Audience
from tests import factories
from tests.helpers import text_of

ARTICLE = "/articles/leg-cramps/"
PLAIN_DVT = "A deep vein thrombosis is a blood clot in a deep vein"
CLINICAL_DVT = "Although less common, DVT can present with leg cramps"


def choose(client, audience, next_url=ARTICLE + "#personalize"):
    return client.post("/personalize/", {"audience": audience, "next": next_url})


def test_the_panel_offers_the_five_choices_as_labelled_radio_buttons(client, demo):
    html = client.get(ARTICLE).content.decode()
    for audience in Audience:
        # Each radio button inside its label: the label's words are its name, and a tap on them chooses it.
        radio = f'<input type="radio" name="audience" value="{audience.value}">'
        assert f'<label class="choice">{radio} {audience.label}</label>' in html
    assert "You have not chosen yet" in html  # the panel invites a choice


def test_choosing_sets_a_one_year_lax_cookie_and_returns_to_the_same_place(client, demo):
    response = choose(client, "patient")
    assert response.status_code == 302
    assert response.headers["Location"] == ARTICLE + "#personalize"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "patient"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    text = text_of(client.get(ARTICLE))
    assert "Showing the version for: Patient" in text
    assert PLAIN_DVT in text and CLINICAL_DVT not in text


def test_the_choice_is_remembered_on_the_next_article(client, demo):
    choose(client, "caregiver")
    text = text_of(client.get("/articles/low-back-pain/"))
    assert "Most low back pain comes from the muscles" in text
    assert "the person you care for" in text


def test_a_link_with_audience_wins_for_that_page(client, demo):
    choose(client, "physician")
    assert PLAIN_DVT in text_of(client.get(ARTICLE + "?audience=patient"))
    assert CLINICAL_DVT in text_of(client.get(ARTICLE))  # the saved choice is unchanged


def test_unknown_values_are_ignored_without_error(client, demo):
    choose(client, "patient")
    response = client.get(ARTICLE + "?audience=<script>")
    assert response.status_code == 200
    assert PLAIN_DVT in text_of(response)  # falls back to the saved choice
    client.cookies[COOKIE_NAME] = "nonsense"
    assert CLINICAL_DVT in text_of(client.get(ARTICLE))
    response = choose(client, "hacker")
    assert response.status_code == 302  # treated as "clear"


def test_the_choice_can_be_cleared(client, demo):
    choose(client, "patient")
    response = choose(client, "")
    assert response.cookies[COOKIE_NAME].value == ""
    assert CLINICAL_DVT in text_of(client.get(ARTICLE))


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_the_return_address_must_be_on_this_site(client, demo, next_url):
    response = choose(client, "patient", next_url=next_url)
    assert response.headers["Location"] == "/"


def test_a_signed_in_reader_keeps_the_choice_on_the_profile_and_gets_it_back_at_sign_in(client, demo, reader_user):
    client.force_login(reader_user)
    choose(client, "student")
    reader_user.refresh_from_db()
    assert reader_user.audience == "student"
    # A new browser: signing in brings the choice back into the cookie.
    fresh = type(client)()
    response = fresh.post("/accounts/login/", {"username": "reader", "password": factories.PASSWORD})
    assert response.cookies[COOKIE_NAME].value == "student"
    assert "Disclaimer for learners" in text_of(fresh.get(ARTICLE))


def test_the_profile_wins_over_a_stale_cookie(client, demo, reader_user):
    reader_user.audience = "nurse"
    reader_user.save()
    client.force_login(reader_user)
    client.cookies[COOKIE_NAME] = "patient"
    text = text_of(client.get(ARTICLE))
    assert "calf circumference 10 cm below the tibial tuberosity" in text  # the nurse's text
    assert PLAIN_DVT not in text


@pytest.mark.parametrize(
    ("audience", "callout"),
    [
        ("patient", "Get emergency help now: call 999 if you have:"),
        ("caregiver", "Get emergency help now: call 999 if the person you care for has:"),
        ("student", "Emergency warning signs:"),
        ("nurse", "Escalate immediately (emergency):"),
        ("physician", "Emergency warning signs:"),
    ],
)
def test_do_not_miss_emergency_signs_are_worded_for_the_reader(client, demo, audience, callout):
    html = client.get(f"{ARTICLE}?audience={audience}").content.decode()
    assert callout in html
    lay = audience in ("patient", "caregiver")
    assert ("warning-signs--callout" in html) is lay


def test_caregivers_get_a_disclaimer_about_the_person_they_care_for(client, demo):
    text = text_of(client.get(ARTICLE + "?audience=caregiver"))
    assert "if the person you care for has chest pain" in text
    assert "Call 999 or your local emergency number" in text  # settings.EMERGENCY_NUMBER


# --- caching ---------------------------------------------------------------------------


def test_article_responses_vary_on_cookie(client, demo):
    assert "Cookie" in client.get(ARTICLE).headers["Vary"]


@override_settings(
    CACHE_MIDDLEWARE_SECONDS=300,
    MIDDLEWARE=[
        "django.middleware.cache.UpdateCacheMiddleware",
        *__import__("django.conf", fromlist=["settings"]).settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ],
)
def test_a_shared_page_cache_never_hands_one_audiences_page_to_another(demo):
    from django.test import Client

    patient, clinician = (Client(headers={"Sec-Fetch-Site": "same-origin"}) for _ in range(2))
    choose(patient, "patient")
    choose(clinician, "physician")
    for _ in range(2):  # the second round is served from the cache
        for reader, present, absent in ((patient, PLAIN_DVT, CLINICAL_DVT), (clinician, CLINICAL_DVT, PLAIN_DVT)):
            text = text_of(reader.get(ARTICLE))
            assert present in text and absent not in text
    for reader, present, absent in ((clinician, CLINICAL_DVT, PLAIN_DVT), (patient, PLAIN_DVT, CLINICAL_DVT)):
        text = text_of(reader.get(ARTICLE))
        assert present in text and absent not in text


def test_editors_see_the_reading_level_in_the_form(client, editor):
    from articles.content import Entry, Tier

    hard = "Comprehensive pharmacological interventions necessitate individualized consideration of comorbidities."
    doc = factories.document(tiers={Tier.RARE: (Entry(name="Amyloidosis", clinical=hard, student=hard, plain=hard),)})
    factories.make_article(by=editor, document=doc)
    client.force_login(editor)
    text = text_of(client.get("/editor/articles/leg-cramps/edit/"))
    assert re.search(r"Plain language \(patient\): grade \d+\.\d — above grade 8", text)
    assert re.search(r"Sentences that push it up: “Comprehensive pharmacological interventions", text)
    assert re.search(r"Plain language \(patient\): grade \d\.\d \(grade 6 or below: good\)", text)
    assert re.search(r"Student: grade \d+\.\d — above grade 12", text)
    assert re.search(r"Clinical text \(physician\): grade \d+\.\d \(reported; no limit", text)


def test_reviewers_see_the_reading_level_in_the_checklist(client, editor, reviewer):
    from articles.content import Entry, Tier
    from review import workflow

    hard = "Comprehensive pharmacological interventions necessitate individualized consideration of comorbidities."
    doc = factories.document(tiers={Tier.RARE: (Entry(name="Amyloidosis", clinical="x", plain=hard),)})
    review = workflow.submit(article=factories.make_article(by=editor, document=doc), by=editor)
    client.force_login(reviewer)
    text = text_of(client.get(review.get_absolute_url()))
    assert re.search(
        r"Not done: Every patient and caregiver text reads at grade 8 or below .* "
        r"Above it: Amyloidosis \(plain language \(patient\), grade",
        text,
    )
