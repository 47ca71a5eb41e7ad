"""
The demo library's medical content (issue 23): each test names one fix and fails if it is undone.

These read the canonical Markdown in demo/*.md with the parser, so they need no database.
"""

import re
from functools import cache

import pytest

from articles.canonical import parse
from articles.content import Register, Tier
from demo.loader import DEMO_DIR
from tests.helpers import SEED_TIERS

DEMOS = sorted(DEMO_DIR.glob("*.md"))
SLUGS = [path.stem for path in DEMOS]
# The three levels of urgency and the Entry field that holds each one's signs.
LEVELS = {"emergency": "emergency_signs", "today": "today_signs", "soon": "see_doctor_signs"}
LAY = (Register.PATIENT, Register.CAREGIVER)


@cache
def fields(slug):
    return parse((DEMO_DIR / f"{slug}.md").read_text(encoding="utf-8"))


def document(slug):
    return fields(slug).document


def entries(slug, tier=None):
    if tier is not None:
        return list(document(slug).entries(tier))
    return [entry for _tier, entry in document(slug).all_entries()]


def entry(slug, pattern, tier=None):
    """The one entry of `slug` whose name matches `pattern` (case-insensitive)."""
    found = [e for e in entries(slug, tier) if re.search(pattern, e.name, re.I)]
    assert len(found) == 1, f"{slug}: {len(found)} entries match {pattern!r}: {[e.name for e in found]}"
    return found[0]


def signs(e, level):
    return list(getattr(e, LEVELS[level]))


def levelled_signs(e):
    """(level, sign) for every warning sign of an entry."""
    return [(level, sign) for level in LEVELS for sign in signs(e, level)]


def library_signs():
    """(slug, entry, level, sign) for every warning sign in the library."""
    return [(slug, e, level, sign) for slug in SLUGS for e in entries(slug) for level, sign in levelled_signs(e)]


def texts(e):
    return {register: e.text(register) for register in Register}


def sentences(text):
    return re.split(r"(?<=[.!?])\s+|\n+", text)


def sentences_with(text, pattern):
    return [s for s in sentences(text) if re.search(pattern, s, re.I)]


def paragraphs_with(text, pattern):
    return [p for p in text.split("\n\n") if re.search(pattern, p, re.I)]


def any_sign(e, level, *patterns):
    """True when one sign at `level` matches every pattern."""
    return any(all(re.search(p, sign, re.I) for p in patterns) for sign in signs(e, level))


def article_signs(slug, level):
    return [sign for e in entries(slug) for sign in signs(e, level)]


def reference_text(slug):
    return "\n".join(f"{r.citation} {r.url} {r.pmid} {r.doi}" for r in document(slug).references)


# --- low back pain ---------------------------------------------------------------------------


def test_low_back_pain_has_an_abdominal_aortic_aneurysm_entry_with_the_nice_emergency_sign():
    aaa = entry("low-back-pain", r"aortic aneurysm", Tier.DO_NOT_MISS)
    assert all(texts(aaa).values()), "all five registers are written"
    assert any_sign(aaa, "emergency", r"sudden", r"back|tummy", r"faint", r"sweat", r"collaps")
    assert any_sign(aaa, "emergency", r"over 65", r"smok", r"known aneurysm")
    assert "NG156" in aaa.clinical and "ng156" in reference_text("low-back-pain")
    for register in LAY:
        assert "emergency number" in aaa.text(register), register


def test_low_back_pain_covers_osteoporotic_vertebral_fracture_after_a_minor_fall_or_on_steroids():
    fracture = entry("low-back-pain", r"vertebral fracture")
    assert re.search(r"osteoporo|fragility", fracture.name, re.I)
    assert all(texts(fracture).values()), "all five registers are written"
    assert re.search(r"minor fall", fracture.clinical) and re.search(r"glucocorticoid|steroid", fracture.clinical)
    assert any_sign(fracture, "today", r"minor fall", r"steroid")
    # The most likely diagnosis's readers get the same red flag, at the same level.
    assert any_sign(entry("low-back-pain", r"^Nonspecific"), "today", r"minor fall", r"steroid")


# --- headache --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "patterns", "what"),
    [
        ("emergency", (r"head injury", r"blood-thinning"), "head injury or anticoagulants (subdural haematoma)"),
        ("emergency", (r"painful red eye", r"halos"), "acute angle-closure glaucoma"),
        ("today", (r"20 weeks of pregnancy|pregnancy", r"after giving birth"), "pregnancy or after birth"),
        ("today", (r"keeps getting worse", r"being sick", r"lying down"), "raised intracranial pressure"),
        ("today", (r"personality",), "personality change"),
        ("today", (r"coughing", r"exercise"), "cough- or exertion-triggered headache"),
    ],
)
def test_headache_lists_the_nice_cg150_red_flags_at_their_level(level, patterns, what):
    assert any(all(re.search(p, sign, re.I) for p in patterns) for sign in article_signs("headache", level)), (
        f"no {level} sign for {what}"
    )
    # And the most likely diagnosis, where most readers land, carries the key ones.
    tension = entry("headache", r"^Tension-type")
    assert any_sign(tension, "emergency", r"head injury", r"blood-thinning")
    assert any_sign(tension, "emergency", r"red eye")


def test_headache_has_do_not_miss_entries_for_raised_intracranial_pressure_and_venous_sinus_thrombosis():
    icp = entry("headache", r"raised intracranial pressure", Tier.DO_NOT_MISS)
    assert re.search(r"space-occupying", icp.name) and re.search(r"subdural", icp.name)
    cvst = entry("headache", r"venous sinus thrombosis", Tier.DO_NOT_MISS)
    for e in (icp, cvst):
        assert all(texts(e).values()), e.name
        assert signs(e, "emergency") and signs(e, "today"), e.name
    assert re.search(r"pregnan", cvst.clinical) and re.search(r"after (giving )?birth", cvst.clinical)


def test_thunderclap_headache_peaks_within_1_to_5_minutes():
    sah = entry("headache", r"subarachnoid")
    assert "1 to 5 minutes" in sah.clinical and "NG228" in sah.clinical
    for register in (Register.STUDENT, Register.PATIENT, Register.CAREGIVER):
        assert "1 to 5 minutes" in sah.text(register), register
    assert any_sign(sah, "emergency", r"1 to 5 minutes")
    whole = (DEMO_DIR / "headache.md").read_text(encoding="utf-8")
    assert "within a minute or so" not in whole
    assert "within about a minute" not in whole


def test_headache_covers_pre_eclampsia():
    pre = entry("headache", r"pre-eclampsia", Tier.DO_NOT_MISS)
    assert all(texts(pre).values())
    assert "NG133" in pre.clinical and "ng133" in reference_text("headache")
    assert any_sign(pre, "today", r"headache", r"vision", r"ribs")
    assert any_sign(pre, "emergency", r"fit|seizure")


# --- numb feet -------------------------------------------------------------------------------


def test_numb_feet_sends_sudden_one_sided_numbness_or_trouble_speaking_to_emergency_care():
    stroke = entry("numb-feet", r"\bstroke\b", Tier.DO_NOT_MISS)
    assert all(texts(stroke).values())
    assert "NG128" in stroke.clinical and "ng128" in reference_text("numb-feet")
    one_sided = (r"sudden", r"one side", r"face", r"arm", r"leg", r"speak")
    assert any_sign(stroke, "emergency", *one_sided)
    # The most likely diagnosis and the trapped nerve carry it too, so the reader of either sees it.
    assert any_sign(entry("numb-feet", r"^Diabetic"), "emergency", *one_sided)
    assert any_sign(entry("numb-feet", r"^Trapped nerve"), "emergency", *one_sided)


def test_no_cord_or_cauda_equina_sign_is_qualified_by_easing_with_rest():
    for slug in SLUGS:
        for e in entries(slug):
            for sign in signs(e, "emergency"):
                assert "ease with rest" not in sign and "eases with rest" not in sign, (slug, e.name, sign)


# --- leg swelling ----------------------------------------------------------------------------


def test_leg_swelling_covers_pre_eclampsia_and_triages_swelling_in_pregnancy_correctly():
    pre = entry("leg-swelling", r"pre-eclampsia", Tier.DO_NOT_MISS)
    assert all(texts(pre).values())
    assert "NG133" in pre.clinical and "ng133" in reference_text("leg-swelling")
    assert any_sign(pre, "today", r"sudden swelling", r"face", r"hands", r"feet", r"20 weeks", r"after giving birth")
    assert any_sign(pre, "today", r"headache", r"vision", r"ribs")
    assert any_sign(pre, "emergency", r"fit|seizure")
    # Ordinary, gradual ankle swelling in pregnancy is common: no same-day or emergency sign sends every
    # pregnant reader with swollen ankles; each urgent one names one leg, sudden swelling or another warning sign.
    for e in entries("leg-swelling"):
        for level in ("emergency", "today"):
            for sign in signs(e, level):
                if re.search(r"pregnan", sign, re.I):
                    assert re.search(r"one leg|sudden|headache|vision|ribs|fit|breath|drowsy", sign, re.I), sign
    assert any_sign(pre, "soon", r"mild ankle swelling", r"pregnancy")


# --- under-triage ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "danger", "sign"),
    [
        (r"^Electrolyte", r"\bfit\b|seizure", r"seizure"),
        (r"^Dehydration", r"\bpee\b|urine", r"no pee"),
        (r"^Dehydration", r"\bfit\b|seizure", r"seizure"),
        (r"^Muscle strain", r"compartment|tight, swollen muscle", r"tight, swollen muscle"),
        (r"^Hypothyroidism", r"drowsy|drowsiness", r"drowsiness"),
    ],
)
def test_leg_cramps_nurse_and_caregiver_texts_call_emergencies_emergencies(name, danger, sign):
    e = entry("leg-cramps", name)
    assert any_sign(e, "emergency", sign), "the article's own emergency list has it"
    nurse = paragraphs_with(e.nurse, danger)
    assert nurse and all(p.startswith("**Escalate immediately (emergency):**") for p in nurse if "emergency" in p)
    assert any(p.startswith("**Escalate immediately (emergency):**") for p in nurse), nurse
    caregiver = sentences_with(e.caregiver, danger)
    assert caregiver and any("emergency number" in s for s in caregiver), caregiver
    for text in (e.nurse, e.caregiver):
        assert not re.search(r"Escalate urgently|Get help quickly|Get help urgently|\bGet help if\b", text)


def test_worsening_angina_gets_same_day_help_and_rest_pain_an_emergency():
    for name in (r"^Stable angina", r"^Acute coronary syndrome"):
        e = entry("chest-pain", name)
        assert any_sign(e, "today", r"more often", r"less effort"), name
        assert any_sign(e, "emergency", r"at rest", r"15 minutes"), name
        assert not any(re.search(r"less effort", s) for s in signs(e, "soon")), name
    angina = entry("chest-pain", r"^Stable angina")
    assert "CG95" in angina.clinical
    for register in LAY:
        assert sentences_with(angina.text(register), r"less effort") and "same day" in angina.text(register)


def test_slowly_worsening_breathlessness_after_an_operation_or_long_trip_gets_a_timeframe():
    pe = entry("chest-pain", r"^Pulmonary embolism")
    assert any_sign(pe, "today", r"slowly getting worse", r"operation", r"long trip")
    assert any_sign(pe, "emergency", r"sudden shortness of breath")
    assert any_sign(pe, "emergency", r"chest pain") and any_sign(pe, "emergency", r"coughing up blood")
    for register in LAY:
        assert sentences_with(pe.text(register), r"slowly") and "same day" in pe.text(register)


def test_black_sticky_poo_is_same_day_and_an_emergency_with_fainting_or_vomiting_blood():
    for slug in ("tiredness", "chest-pain", "dizziness"):
        for e in entries(slug):
            for level, sign in levelled_signs(e):
                if re.search(r"vomiting blood", sign, re.I):
                    assert level == "emergency", (slug, e.name, sign)
                if re.search(r"black", sign, re.I) and re.search(r"poo", sign, re.I):
                    faint = re.search(r"faint|dizz|collaps", sign, re.I)
                    assert level == ("emergency" if faint else "today"), (slug, e.name, level, sign)
    for name in (r"^Iron-deficiency", r"^Cancer"):
        e = entry("tiredness", name)
        assert any_sign(e, "today", r"^Black, sticky poo$"), name
        assert any_sign(e, "emergency", r"black, sticky poo", r"faint"), name
        assert any_sign(e, "emergency", r"vomiting blood"), name


# --- wrong or outdated -----------------------------------------------------------------------


def test_leg_cramps_keeps_the_seeds_eleven_diagnoses_tiers_order_and_names():
    for tier, names in SEED_TIERS.items():
        assert [e.name for e in entries("leg-cramps", tier)] == names


def test_idiopathic_cramps_are_not_put_down_to_dehydration_or_electrolytes_and_quinine_is_not_routine():
    benign = entry("leg-cramps", r"^Benign nocturnal")
    assert not re.search(r"dehydrat|electrolyte", benign.clinical, re.I)
    assert re.search(r"cause is unknown", benign.clinical) and re.search(r"muscle fatigue", benign.clinical)
    assert re.search(r"nerve", benign.clinical) and re.search(r"stretch", benign.clinical)
    assert re.search(r"treat\w* any underlying cause", benign.clinical)
    quinine = sentences_with(benign.clinical, r"quinine")
    assert quinine and all(re.search(r"not for routine use", s) for s in quinine[:1])
    assert re.search(r"side effects", quinine[0]) and re.search(r"specialist", quinine[0])


def test_wells_criterion_is_a_calf_at_least_3_cm_larger():
    assert "at least 3 cm" in entry("leg-cramps", r"^Deep vein").student
    assert "at least 3 cm" in entry("leg-swelling", r"^Deep vein").student
    for slug in SLUGS:
        assert "more than 3 cm" not in (DEMO_DIR / f"{slug}.md").read_text(encoding="utf-8"), slug


def test_the_2016_pad_guideline_is_replaced_by_the_2024_acc_aha_guideline():
    refs = document("leg-cramps").references
    assert not any("2016 AHA/ACC" in r.citation or r.pmid == "27840333" for r in refs)
    new = [r for r in refs if r.citation.startswith("Gornik HL") and "2024" in r.citation]
    assert len(new) == 1
    assert "lower extremity peripheral artery disease" in new[0].citation and "Circulation" in new[0].citation


def test_the_nhs_dvt_link_is_the_current_page():
    urls = {r.url for r in document("leg-cramps").references}
    assert "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/" in urls
    assert "https://www.nhs.uk/conditions/deep-vein-thrombosis/" not in urls


def test_nothing_calls_hypothyroidism_rare():
    for slug in SLUGS:
        for e in entries(slug):
            for register, text in texts(e).items():
                for sentence in sentences_with(text, r"thyroid"):
                    assert not re.search(r"\b(rare|rarely|uncommon|less common)\b", sentence, re.I), (
                        slug,
                        e.name,
                        register,
                        sentence,
                    )
    assert re.search(r"Hypothyroidism is common", entry("leg-cramps", r"^Hypothyroidism").clinical)


# --- consistency across the library ----------------------------------------------------------


def test_a_sign_has_one_level_of_urgency_everywhere_in_the_library():
    levels: dict[str, set[str]] = {}
    for _slug, _entry, level, sign in library_signs():
        levels.setdefault(sign.casefold(), set()).add(level)
    assert {sign: found for sign, found in levels.items() if len(found) > 1} == {}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("leg-cramps", r"^Deep vein thrombosis"), ("leg-swelling", r"^Deep vein thrombosis")),
        (("leg-cramps", r"^Hypothyroidism"), ("tiredness", r"hypothyroidism")),
        (("low-back-pain", r"^Cauda equina"), ("numb-feet", r"cauda equina compression")),
        (("tiredness", r"^Iron-deficiency"), ("chest-pain", r"^Gastro-oesophageal")),
        (("tiredness", r"^Iron-deficiency"), ("dizziness", r"^Orthostatic")),
    ],
    ids=["dvt", "hypothyroidism", "cauda-equina", "gi-bleeding-chest", "gi-bleeding-dizziness"],
)
def test_a_diagnosis_shared_by_articles_carries_the_same_urgency_for_the_same_sign(one, other):
    first, second = entry(*one), entry(*other)
    by_sign = {sign.casefold(): level for level, sign in levelled_signs(first)}
    shared = [(level, sign) for level, sign in levelled_signs(second) if sign.casefold() in by_sign]
    assert shared, "the two entries word at least one sign alike, so that the level can be compared"
    assert all(by_sign[sign.casefold()] == level for level, sign in shared)


def test_dvt_reads_the_same_warning_signs_in_leg_cramps_and_leg_swelling():
    cramps, swelling = entry("leg-cramps", r"^Deep vein"), entry("leg-swelling", r"^Deep vein")
    assert levelled_signs(cramps) == levelled_signs(swelling)


def test_cauda_equina_symptoms_are_emergencies_in_every_article():
    for slug, e, level, sign in library_signs():
        if re.search(r"genitals|loss of control of the bladder", sign, re.I):
            assert level == "emergency", (slug, e.name, sign)


def test_nobody_escalates_urgently_or_asks_for_an_urgent_appointment():
    for slug in SLUGS:
        text = (DEMO_DIR / f"{slug}.md").read_text(encoding="utf-8")
        for phrase in ("Escalate urgently", "Report urgently", "Report promptly", "**Escalate immediately:**"):
            assert phrase not in text, (slug, phrase)
    for slug, e, _level, sign in library_signs():
        assert "(ask for an urgent appointment)" not in sign
        assert len(sign) <= 200, (slug, sign)
        bracketed = " ".join(re.findall(r"\(([^)]*)\)", sign))
        assert not re.search(
            r"urgent|same day|same-day|today|emergency|ambulance|A&E|999|promptly|straight away|appointment|doctor|"
            r"GP\b|advice|help",
            bracketed,
            re.I,
        ), (slug, e.name, sign)


def test_nurse_escalations_use_the_three_levels():
    headings = set()
    for slug in SLUGS:
        for e in entries(slug):
            headings |= set(re.findall(r"\*\*(Escalate[^*]*?):?\*\*", e.nurse))
    assert headings <= {"Escalate immediately (emergency)", "Escalate the same day"}, headings


# British spellings (the library cites NICE and the NHS); the seed's US entry names may stay as names.
US_SPELLINGS = re.compile(
    r"\b(\w+(?<!s)iz(e|ed|es|ing|ation)|characteriz\w*|\w*(?<!a)esthesia|hemorrh\w*|edema|anemi\w*|esophag\w*|"
    r"ischemi\w*|hematom\w*|color\w*|behavior\w*|diarrhea|estrogen\w*|pediatric\w*|tumor\w*|hypokalemi\w*|"
    r"hyponatremi\w*|hypomagnesemi\w*)\b",
    re.I,
)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_article_uses_british_spelling_in_its_texts(slug):
    words = []
    for e in entries(slug):
        for text in [*texts(e).values(), *(sign for _level, sign in levelled_signs(e))]:
            words += [m.group(0) for m in US_SPELLINGS.finditer(text) if m.group(0).lower() not in ("size", "seize")]
    words += [m.group(0) for m in US_SPELLINGS.finditer(fields(slug).summary)]
    assert words == []


# --- register wording follows the level ------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_register_words_escalation_at_the_level_of_its_signs(slug):
    for e in entries(slug):
        for register in LAY:
            text = e.text(register)
            if signs(e, "emergency"):
                assert re.search(r"emergency number|emergency help|A&E", text), (e.name, register, "emergency")
            if signs(e, "today"):
                assert "same day" in text, (e.name, register, "today")
            assert not re.search(
                r"an ambulance|urgent appointment|get help (quickly|urgently|fast)|within a day|escalate urgently",
                text,
                re.I,
            ), (e.name, register)
        if signs(e, "emergency"):
            assert "(emergency)" in e.nurse, (e.name, "nurse", "emergency")
        if signs(e, "today"):
            assert "same day" in e.nurse, (e.name, "nurse", "today")


# --- must not miss ---------------------------------------------------------------------------


def _core(name):
    """A name without its bracketed parts: "Giant cell arteritis (temporal arteritis)" → "giant cell arteritis"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip().casefold()


def covered(condition, names):
    wanted, core = condition.casefold(), _core(condition)
    return any(wanted in name.casefold() or core == _core(name) or core in name.casefold() for name in names)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_article_has_a_must_not_miss_list_each_item_covered_by_an_entry(slug):
    must = document(slug).must_not_miss
    assert must, "the article lists what the board agreed it must cover"
    names = [e.name for e in entries(slug)]
    assert [c for c in must if not covered(c, names)] == []


@pytest.mark.parametrize(
    ("slug", "pattern"),
    [
        ("low-back-pain", r"aortic aneurysm"),
        ("low-back-pain", r"cauda equina"),
        ("headache", r"raised intracranial pressure"),
        ("headache", r"venous sinus thrombosis"),
        ("headache", r"subarachnoid"),
        ("numb-feet", r"\bstroke\b"),
        ("leg-swelling", r"pre-eclampsia"),
        ("leg-cramps", r"deep vein thrombosis"),
        ("chest-pain", r"aortic dissection"),
        ("dizziness", r"\bstroke\b"),
        ("tiredness", r"^cancer"),
    ],
)
def test_the_must_not_miss_lists_name_the_dangerous_conditions(slug, pattern):
    assert any(re.search(pattern, condition, re.I) for condition in document(slug).must_not_miss)


# --- how readers describe it -----------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_entry_says_how_readers_describe_it_in_short_distinct_phrases(slug):
    seen: dict[str, str] = {}
    for e in entries(slug):
        assert 5 <= len(e.reader_phrases) <= 30, (e.name, len(e.reader_phrases))
        for phrase in e.reader_phrases:
            assert phrase.strip() and "\n" not in phrase and "\r" not in phrase, (e.name, phrase)
            assert len(phrase) <= 200, (e.name, phrase)
            key = phrase.casefold()
            assert key not in seen, f"{phrase!r} is listed for both {seen.get(key)!r} and {e.name!r}"
            seen[key] = e.name
