"""The JSON-LD MedicalWebPage of an article page (articles/structured_data.py)."""

import re

import pytest

from tests import factories
from tests.helpers import json_ld_of

ARTICLE = "/articles/leg-cramps/"


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("patient", {"@type": "Patient", "audienceType": "Patient"}),
        ("caregiver", {"@type": "MedicalAudience", "audienceType": "Caregiver or family member"}),
        ("student", {"@type": "MedicalAudience", "audienceType": "Medical or nursing student"}),
        ("physician", {"@type": "MedicalAudience", "audienceType": "Physician or advanced practice clinician"}),
        ("", {"@type": "MedicalAudience", "audienceType": "Clinician"}),
    ],
)
def test_json_ld_carries_the_audience_of_the_version_shown(client, demo, audience, expected):
    data = json_ld_of(client.get(f"{ARTICLE}?audience={audience}"))
    assert data["medicalAudience"] == expected
    assert data["audience"] == expected


def test_json_ld_describes_the_approved_article(client, demo):
    data = json_ld_of(client.get("/articles/low-back-pain/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Differential Diagnosis for Low Back Pain"
    assert data["url"] == "http://testserver/articles/low-back-pain/"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["lastReviewed"])
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Amara Okafor",
        "honorificSuffix": "MD, FACP",
        "jobTitle": "Medical Advisory Board member, Internal medicine",
    }
    about = data["about"]
    assert about["@type"] == "MedicalCondition" and about["name"] == "Low back pain"
    names = [d["diagnosis"]["name"] for d in about["differentialDiagnosis"]]
    assert names[0] == "Nonspecific (mechanical) low back pain" and len(names) == 8
    assert all(d["@type"] == "DDxElement" for d in about["differentialDiagnosis"])
    # Warning signs say "get help now" (often for another condition): never claimed as a diagnosis's own signs.
    assert not any("distinguishingSign" in d for d in about["differentialDiagnosis"])
    # The reference list is on the page (each citation its link's text), not copied in here.
    assert "citation" not in data


def test_json_ld_of_a_pending_article_claims_no_review(client, demo):
    data = json_ld_of(client.get(ARTICLE))
    assert "lastReviewed" not in data and "reviewedBy" not in data


def test_json_ld_cannot_be_broken_out_of(client, editor):
    from articles.content import Entry, Tier
    from review import workflow

    doc = factories.document(tiers={Tier.RARE: (Entry(name="</script><script>alert(1)</script>", clinical="x"),)})
    workflow.submit(article=factories.make_article(by=editor, document=doc), by=editor)
    html = client.get(ARTICLE).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld_of(client.get(ARTICLE))["about"]["differentialDiagnosis"][-1]["diagnosis"]["name"] == (
        "</script><script>alert(1)</script>"
    )
