import pytest
from django.core.exceptions import ValidationError

from articles.content import Document, Entry, Reference, Tier, document_errors, validate_document
from tests import factories


def test_document_json_round_trips():
    doc = factories.document()
    assert Document.from_json(doc.to_json()) == doc


def test_every_tier_is_present_in_stored_json_even_when_empty():
    assert set(Document().to_json()["tiers"]) == {t.value for t in Tier}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (Entry(name="", clinical="x"), "needs a name"),
        (Entry(name="A", clinical=""), "clinical text is missing"),
        (Entry(name="A", clinical="# heading"), "may not contain headings"),
        (Entry(name="A", clinical="x", plain="ok\n## heading"), "may not contain headings"),
        (Entry(name="A", clinical="x", emergency_signs=("",)), "warning sign"),
    ],
)
def test_entry_rules(entry, message):
    errors = document_errors(Document(tiers={Tier.RARE: (entry,)}))
    assert any(message in e for e in errors), errors


def test_a_diagnosis_may_not_be_listed_twice_even_in_another_tier():
    doc = Document(
        tiers={
            Tier.RARE: (Entry(name="Gout", clinical="x"),),
            Tier.OTHER_LIKELY: (Entry(name="gout", clinical="y"),),
        }
    )
    assert any("listed twice" in e for e in document_errors(doc))


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (Reference(citation=""), "citation is missing"),
        (Reference(citation="A", url="javascript:alert(1)"), "http or https"),
        (Reference(citation="A", url="ftp://x.org/a"), "http or https"),
        (Reference(citation="A", pmid="12ab"), "PMID"),
        (Reference(citation="A", doi="doi:10.1/x"), "DOI"),
    ],
)
def test_reference_rules(ref, message):
    errors = document_errors(Document(references=(ref,)))
    assert any(message in e for e in errors), errors


def test_a_valid_reference_passes():
    ref = Reference(citation="A", url="https://www.nice.org.uk/guidance/ng158", pmid="123", doi="10.1000/xyz")
    assert document_errors(Document(references=(ref,))) == []


@pytest.mark.parametrize(
    "data",
    [None, [], {"tiers": []}, {"tiers": {"bogus": []}}, {"tiers": {"rare": "x"}}, {"tiers": {}, "references": {}}],
)
def test_malformed_json_is_a_validation_error_not_a_crash(data):
    with pytest.raises(ValidationError):
        validate_document(data)


def test_the_lay_registers_are_the_registers_of_the_lay_audiences():
    from accounts.audiences import Audience, is_lay
    from articles.presentation import REGISTER_FOR

    for audience in Audience:
        assert REGISTER_FOR[audience].lay == is_lay(audience), audience
