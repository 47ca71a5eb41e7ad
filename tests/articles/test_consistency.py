"""articles.consistency: a diagnosis or sign met in several articles has one level of urgency everywhere."""

from articles.consistency import conflicts_involving, diagnosis_keys, library_conflicts
from articles.content import Document, Entry, Tier, Urgency


def doc(*entries: Entry) -> Document:
    return Document(tiers={Tier.DO_NOT_MISS: entries})


DVT_NOW = Entry(name="Deep vein thrombosis (DVT)", clinical="x", emergency_signs=("Chest pain with a swollen leg",))
DVT_TODAY = Entry(name="DVT", clinical="x", today_signs=("One calf swollen, warm and painful",))


def test_a_diagnosis_at_two_levels_in_two_articles_is_a_conflict_naming_both():
    conflicts = library_conflicts({"leg-cramps": doc(DVT_NOW), "leg-swelling": doc(DVT_TODAY)})
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict.kind == "diagnosis" and conflict.slugs == {"leg-cramps", "leg-swelling"}
    assert {(p.slug, p.urgency) for p in conflict.places} == {
        ("leg-cramps", Urgency.EMERGENCY),
        ("leg-swelling", Urgency.TODAY),
    }
    assert "leg-cramps" in str(conflict) and "get help today in leg-swelling" in str(conflict)


def test_the_same_level_everywhere_or_different_diagnoses_are_no_conflict():
    same = Entry(name="Deep vein thromboses", clinical="x", emergency_signs=("Coughing up blood",))
    other = Entry(name="Baker's cyst", clinical="x", today_signs=("A swollen calf",))
    assert library_conflicts({"a": doc(DVT_NOW), "b": doc(same), "c": doc(other)}) == []


def test_names_match_by_plural_spelling_and_bracketed_other_name():
    assert diagnosis_keys("Deep vein thrombosis (DVT)") & diagnosis_keys("DVT")
    assert diagnosis_keys("Oedema") & diagnosis_keys("edemas")
    assert diagnosis_keys("Underactive thyroid (hypothyroidism)") & diagnosis_keys("Hypothyroidism")
    assert not diagnosis_keys("Electrolyte imbalance (e.g., hypokalemia, hyponatremia)") & diagnosis_keys("Hypokalemia")


def test_a_warning_sign_at_two_levels_is_a_conflict():
    soon = Entry(name="Gout", clinical="x", see_doctor_signs=("Black, sticky poo",))
    now = Entry(name="Peptic ulcer", clinical="x", emergency_signs=("Black, sticky poo.",))
    conflicts = library_conflicts({"a": doc(soon), "b": doc(now)})
    assert [c.kind for c in conflicts] == ["warning sign"]
    assert conflicts_involving("a", conflicts) == conflicts and conflicts_involving("z", conflicts) == []
