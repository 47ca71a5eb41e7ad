"""How hard a plain-language text is to read (articles/readability.py)."""

import socket

import pytest

from articles.readability import (
    MAX_GRADE,
    TARGET_GRADE,
    hardest_sentences,
    plain_words,
    readability,
    readability_report,
)
from tests import factories

EASY = "The cat sat on the mat. It was warm."
HARD = (
    "Comprehensive pharmacological interventions necessitate individualized consideration of "
    "contraindications, comorbidities, and polypharmacy-associated interactions."
)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network is unavailable in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_readability_works_with_the_network_unavailable(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    easy = readability("The cat sat on the mat. It was warm.")
    hard = readability(
        "Comprehensive pharmacological interventions necessitate individualized consideration of "
        "contraindications, comorbidities, and polypharmacy-associated interactions."
    )
    assert easy.grade < 4 < MAX_GRADE < hard.grade
    assert hard.too_hard and not easy.too_hard
    assert readability("") is None and readability("**  **") is None


def test_markup_is_not_counted_as_words():
    text = "## Heading\n\n- **Stretch** the [calf](https://example.org/calf) _gently_.\n> Then\n1. `rest`."
    assert plain_words(text) == "Heading\n\nStretch the calf gently.\nThen\nrest."


def test_the_hardest_sentences_come_first_and_only_those_above_the_target():
    hardest = hardest_sentences(f"{EASY} {HARD} Stretch your leg.", limit=5)
    assert [sentence for sentence, _grade in hardest] == [HARD]
    assert hardest[0][1] > TARGET_GRADE


def test_the_report_grades_every_patient_and_caregiver_text_and_names_the_register():
    from articles.content import Entry, Tier

    document = factories.document(
        tiers={Tier.RARE: (Entry(name="Amyloidosis", clinical="x", plain=HARD, caregiver=EASY),)}
    )
    report = {(r.name, r.register_label): r.readability for r in readability_report(document)}
    assert report[("Amyloidosis", "plain language (patient)")].too_hard
    assert not report[("Amyloidosis", "caregiver or family")].too_hard
    assert ("Dehydration", "caregiver or family") not in report  # no caregiver text: nothing to grade


def test_each_register_has_its_own_limit_and_professional_texts_are_only_reported():
    from articles.content import Register

    assert readability(HARD, Register.PATIENT).too_hard
    assert readability(HARD, Register.CAREGIVER).too_hard
    assert readability(HARD, Register.STUDENT).grade > 12 and readability(HARD, Register.STUDENT).too_hard
    for register in (Register.NURSE, Register.PHYSICIAN):
        result = readability(HARD, register)
        assert result.limit is None and not result.too_hard and result.grade > 12
    middling = "Sciatica is nerve pain caused by compression of a lumbar nerve root, usually by a disc."
    assert MAX_GRADE < readability(middling, Register.STUDENT).grade <= 12
    assert readability(middling, Register.PATIENT).too_hard and not readability(middling, Register.STUDENT).too_hard


def test_the_report_covers_every_register_that_has_a_text_lay_ones_first():
    from articles.content import Entry, Register, Tier

    document = factories.document(
        tiers={
            Tier.RARE: (Entry(name="Amyloidosis", clinical=HARD, nurse=EASY, student=HARD, plain=EASY, caregiver=""),)
        }
    )
    report = [item for item in readability_report(document) if item.name == "Amyloidosis"]
    assert [item.register for item in report] == [
        Register.PATIENT,
        Register.STUDENT,
        Register.NURSE,
        Register.PHYSICIAN,
    ]
    by_register = {item.register: item.readability for item in report}
    assert by_register[Register.STUDENT].too_hard
    assert not by_register[Register.PHYSICIAN].too_hard and by_register[Register.PHYSICIAN].grade > 12
