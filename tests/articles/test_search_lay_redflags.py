"""
The mechanisms of issue 24, each on entries built here (so each test says what it relies on):
lay words read as the articles' words, red flags that put the entry whose emergency is
described first, spelling that reads another form of a word before a near spelling,
off-topic queries that find nothing, and questions whose unknown words do not block an answer.
"""

import dataclasses

import pytest

from accounts.audiences import Audience
from articles import search
from articles.content import Document, Entry, Tier
from articles.models import Article
from articles.search import lay, lay_urgent, ranking, redflags, spelling, stems
from articles.search import query as query_module
from articles.search.redflags import describe, matched_signs
from tests import factories

SHARED_SIGN = "Chest pain with sweating, feeling sick, feeling light-headed or short of breath"


def _entry(name, text, *, emergency=(), phrases=()):
    return Entry(name=name, clinical=text, emergency_signs=tuple(emergency), reader_phrases=tuple(phrases))


@pytest.fixture
def chest(editor, reviewer):
    """A chest pain article whose benign entries share the heart attack's emergency sign, as real ones do."""
    wall = _entry(
        "Chest wall pain",
        "Sharp chest pain, worse when pressing on the ribs. Call for help if there is sweating or breathlessness.",
        emergency=(SHARED_SIGN,),
        phrases=("sharp pain in my chest when I press on it",),
    )
    reflux = _entry(
        "Reflux",
        "Burning chest pain after meals; chest pain with sweating needs an ambulance.",
        emergency=(SHARED_SIGN,),
        phrases=("burning in my chest after food",),
    )
    heart_attack = _entry(
        "Acute coronary syndrome (heart attack)",
        "Pain from the heart muscle starved of blood.",
        emergency=(SHARED_SIGN, "Chest pain that spreads to the arm, jaw or neck"),
        phrases=("crushing pain in my chest and sweating", "he went grey and clammy with chest pain"),
    )
    document = Document(
        tiers={Tier.MOST_LIKELY: (wall,), Tier.OTHER_LIKELY: (reflux,), Tier.DO_NOT_MISS: (heart_attack,)}
    )
    return factories.approved_article(editor, reviewer, slug="chest-pain", condition="Chest pain", document=document)


def test_crushing_chest_pain_and_sweating_puts_the_heart_attack_first_not_a_shared_warning(chest, monkeypatch):
    for query in ("crushing chest pain and sweating", "my husband went grey and clammy with chest pain"):
        hits = search.search(query)
        assert hits[0].entry_name == "Acute coronary syndrome (heart attack)", query
        assert search.emergency_line(hits), query
    # Ranked with the heart attack last, it still comes first: it is its emergency, not a shared warning.
    query = "chest pain and sweating"
    concepts = search.parse_query(query)
    hits = sorted(search.search(query), key=lambda hit: hit.entry_name.startswith("Acute"))
    hits = [dataclasses.replace(hit, emergency_signs=()) for hit in hits]
    assert hits[-1].entry_name.startswith("Acute") and hits[0].entry_name in ("Chest wall pain", "Reflux")
    assert redflags.emergency_first(concepts, hits)[0].entry_name.startswith("Acute")
    # Without the entry's own description counting, the shared sign ties and rank order decides.
    monkeypatch.setattr(redflags, "ownership", lambda concepts, description, weights: 0.0)
    monkeypatch.setattr(redflags, "_TIER_ORDER", dict.fromkeys(Tier, 0))
    assert not redflags.emergency_first(concepts, hits)[0].entry_name.startswith("Acute")


def test_a_query_that_only_names_a_diagnosis_describes_no_emergency(chest):
    hits = search.search("heart attack")
    assert hits[0].entry_name == "Acute coronary syndrome (heart attack)"
    assert not search.emergency_line(hits)


def test_lay_words_match_the_signs_words(db):
    """ "fever" is the signs' "high temperature", "purple spots" a rash, "lost the sight" a loss of sight."""
    sign = "Headache with a high temperature and a stiff neck"
    concepts = search.parse_query("my child has a fever, headache and a stiff neck")
    assert matched_signs(concepts, (sign,)) == (sign,)
    assert [c.text for c in concepts if c.filler] == ["child"]  # who it is about is not what is wrong
    assert "rash" in search.parse_query("purple spots")[0].alternatives
    assert "loss" in search.parse_query("lost")[0].alternatives
    # Without the lay vocabulary "fever" is only itself, and the sign does not hold it.
    assert "high temperature" in lay.LAY_PHRASES["fever"]


def test_stems_read_the_forms_of_a_sign_word_alike(db):
    assert stems.stem("redness") == stems.stem("red")
    assert stems.stem("drowsiness") == stems.stem("drowsy")
    assert stems.stem("confused") == stems.stem("confusion")
    assert stems.stem("painful") == stems.stem("pain")
    assert stems.stem("peeing") == stems.stem("pee")  # a stem of three letters


def test_a_one_phrase_emergency_is_matched(db):
    """ "I want to end my life" is one phrase, two words: enough for the sign that holds it."""
    depression = _entry("Depression", "Low mood.", emergency=("Thoughts of ending your life with a plan",))
    concepts = search.parse_query("I want to end my life")
    assert matched_signs(concepts, depression.emergency_signs, describe(depression))
    assert not matched_signs(search.parse_query("life"), depression.emergency_signs, describe(depression))


def test_a_short_query_must_say_enough_of_the_sign(db, monkeypatch):
    """Two words of ten in common is not that emergency: "numbness in feet" is not a limb losing its blood supply."""
    pad = _entry(
        "Peripheral artery disease",
        "Calf pain on walking. Numb feet.",
        emergency=("A leg or foot that suddenly becomes cold, pale or blue, and very painful, numb or weak",),
        phrases=("foot gone cold and white",),
    )
    assert not matched_signs(search.parse_query("numbness in feet"), pad.emergency_signs, describe(pad))
    assert matched_signs(search.parse_query("foot suddenly cold, pale and numb"), pad.emergency_signs, describe(pad))
    # Without the rule, the two words in common were enough.
    monkeypatch.setattr(redflags, "SHORT_QUERY_SIGN_SHARE", 0.0)
    assert matched_signs(search.parse_query("numbness in feet"), pad.emergency_signs, describe(pad))


def test_what_the_query_says_is_absent_is_not_searched_for(db):
    """ "without a fever" is not a search for fever, nor "bowels normal" a warning sign; "no feeling" is a symptom."""
    words = lambda query: [c.text for c in search.parse_query(query)]  # noqa: E731
    assert words("headache without fever or rash") == ["headache"]
    assert "bladder" not in words("sciatica down one leg, bladder and bowels normal")
    assert "stiff" in words("headache without fever and a stiff neck")  # "and" goes on to what is there
    assert "feeling" in words("no feeling in my legs") and "feel" in words("I can not feel my feet")
    assert words("feel fine") == ["feel", "fine"]  # nothing else to search for: kept as typed
    meningitis = _entry(
        "Meningitis", "Infection of the lining.", emergency=("Headache with a high temperature and a stiff neck",)
    )
    assert not matched_signs(search.parse_query("headache without a fever"), meningitis.emergency_signs)
    assert matched_signs(search.parse_query("headache with a fever"), meningitis.emergency_signs)


def test_a_query_told_as_the_entrys_own_is_its_emergency_only_for_do_not_miss(db):
    """ "sciatica down one leg" is the sciatica entry's own description, not its emergency (sciatica in both legs)."""
    sciatica = _entry(
        "Sciatica",
        "Pain down one leg from a disc.",
        emergency=("Sciatica in both legs, or weakness or numbness in both legs",),
        phrases=("sciatica down one leg to my foot",),
    )
    concepts = search.parse_query("sciatica down one leg to my foot")
    weights = dict.fromkeys((c.text for c in concepts), 1.0)
    signs, description = sciatica.emergency_signs, describe(sciatica, "Low back pain")
    assert redflags._match(concepts, signs, description, weights, is_the_emergency=True)[0]
    assert not redflags._match(concepts, signs, description, weights, is_the_emergency=False)[0]


def test_a_temperature_or_a_pulse_written_as_a_number_is_read_in_the_articles_words(db):
    chemo = _entry(
        "Cancer",
        "Tiredness with weight loss.",
        emergency=("A high temperature, or feeling very unwell, during chemotherapy",),
    )
    assert matched_signs(search.parse_query("mum is on chemo and her temp is 38.5"), chemo.emergency_signs)
    assert not matched_signs(search.parse_query("mum is on chemo and her temp is 37.2"), chemo.emergency_signs)
    texts = lambda query: [c.text for c in search.parse_query(query) if not c.filler]  # noqa: E731
    assert "slow heartbeat" in texts("her pulse is only about 35") and "fast heartbeat" in texts("140 bpm and dizzy")
    assert "fast heartbeat" in texts("heart was pounding like 180") and "slow heartbeat" not in texts(
        "heart attack at 45"
    )
    assert "high temperature" not in texts("38 year old with a headache")  # "38" alone may be an age
    # How long, after a number, is how the account is told ("for 10 min"), not a word to find.
    assert texts("face went numb for 10 min") == ["face", "numb"]
    assert "minutes" in texts("pain lasting minutes")


def test_a_follow_up_answer_is_not_named_by_the_lay_vocabulary(demo):
    """ "my legs hurt" reads as leg pain, but does not name the low back pain article."""
    article = Article.objects.get(slug="leg-cramps")
    question = "My legs hurt walking to the shops and stop when I rest, is that cramp?"
    found = search.answer(question, article=article, audience=Audience.PATIENT)
    assert all(answer.from_this_article for answer in found)
    assert "pain" in search.parse_query(question)[1].alternatives  # "hurt" is read as pain


def test_an_account_is_read_as_typed_without_apostrophes_and_of_someone_else(db):
    texts = lambda query: [c.text for c in search.parse_query(query)]  # noqa: E731
    assert "can t breathe" in texts("cant breathe properly")  # "can't" typed without its apostrophe
    assert "ive" not in texts("worst ive ever had")
    assert "hit my head" in texts("grandad hit his head on the door")  # a reader's phrase, of someone else
    assert "go away on its own" in texts("will it go away on its own")  # "its" is a word, not "it's"


def test_a_long_account_keeps_the_words_at_its_end(db):
    """The cap on a query's concepts counts what it says is wrong first: "chest" and "arm" come last here."""
    account = (
        "my husband is 62 and has gone a horrible grey colour, sweating buckets, says it's like a belt "
        "being pulled tight round his chest and now his left arm aches too, it's been about 20 minutes"
    )
    concepts = search.parse_query(account)
    assert len(concepts) <= search.MAX_WORDS
    assert {"chest", "arm"} <= {c.text for c in concepts}


def test_no_in_a_later_clause_says_absent_but_not_what_is_missing(db):
    texts = lambda query: [c.text for c in search.parse_query(query) if not c.filler]  # noqa: E731
    assert "fever" not in texts("red warm patch on my shin, no fever")
    assert "sob" not in texts("ankle oedema on amlodipine, no SOB, no calf pain")
    assert "pulse" in texts("collapsed, no pulse")  # its absence is what is wrong
    assert "appetite" in texts("tired, no appetite")
    assert "periods" in texts("no periods for three months")  # a first clause keeps it
    # "not" only where it opens a later clause, and not before what is wrong when it is missing.
    assert "sweaty" not in texts("sharp pain on my ribs, had a cough, not short of breath, not sweaty")
    assert "walk" in texts("headache, not able to walk") and "breathing" in texts("collapsed, not breathing")
    assert "not making sense" in texts("she is not making sense")


def _depression(*phrases):
    """A depression entry whose one emergency sign is a plan to end one's life, described by `phrases`."""
    return _entry(
        "Depression",
        "Low mood, no energy.",
        emergency=("Thoughts of ending your life with a plan to act on them",),
        phrases=phrases,
    )


def test_thoughts_of_suicide_in_any_words_are_enough_for_the_sign(db, monkeypatch):
    depression = _depression("feel worthless and exhausted", "sleeping all day and feel hopeless")
    concepts = search.parse_query("so exhausted and hopeless, i've saved up my tablets and im going to take them all")
    assert matched_signs(concepts, depression.emergency_signs, describe(depression))
    monkeypatch.setattr(redflags, "CRISIS", frozenset())
    monkeypatch.setattr(redflags, "_said_in_two", lambda concept, sign_stems, language: False)
    assert not matched_signs(concepts, depression.emergency_signs, describe(depression))


def test_what_a_reader_tells_as_their_usual_is_not_a_new_warning_sign(db):
    migraine = _entry(
        "Migraine",
        "Recurrent headaches with aura.",
        emergency=("A sudden, very severe headache that is not like your usual migraine",),
        phrases=("zigzag lights then a one-sided headache",),
    )
    usual = search.parse_query("one-sided throbbing headache, same as my usual migraines")
    assert {c.text for c in usual if c.as_usual} == {"same", "usual", "migraines"}
    assert not matched_signs(usual, migraine.emergency_signs, describe(migraine))
    new = search.parse_query("sudden very severe headache, not like my usual migraines")
    assert not any(c.as_usual for c in new)
    assert matched_signs(new, migraine.emergency_signs, describe(migraine))
    # "but now" starts what is not the usual.
    changed = search.parse_query("my usual migraine but now I cant move my arm")
    assert {c.text for c in changed if c.as_usual} == {"usual", "migraine"}


def test_a_long_account_of_one_sign_needs_less_of_its_words_held(demo, monkeypatch):
    """An account tells when and who and what they thought; one sign holding three of its words is enough with half."""
    account = (
        "Dad is 71, ex-smoker, they told him a few years back he had a 'small bulge' in the main artery in his "
        "tummy and to come back for scans which he never did. About an hour ago he got sudden terrible pain in "
        "his lower back and belly, now hes sweating buckets, very pale and nearly passed out on the toilet."
    )
    hits = search.search(account)
    assert (hits[0].entry_name, hits[0].is_emergency) == ("Abdominal aortic aneurysm", True)
    monkeypatch.setattr(redflags, "ACCOUNT_COVERAGE", redflags.MIN_COVERAGE)
    hits = search.search(account)
    assert (hits[0].entry_name, hits[0].is_emergency) != ("Abdominal aortic aneurysm", True)


def test_a_short_sign_said_whole_by_one_word_is_matched(db, monkeypatch):
    """ "A fit (seizure)" is an emergency in itself: "had a convulsion" says all of it."""
    electrolytes = _entry(
        "Electrolyte imbalance",
        "Low sodium or potassium. Cramps, confusion.",
        emergency=("A fit (seizure)", "New confusion, extreme drowsiness or collapse"),
        phrases=("cramps and muddled on water tablets",),
    )
    concepts = search.parse_query("mum had a convulsion and is muddled")
    assert matched_signs(concepts, electrolytes.emergency_signs, describe(electrolytes))[0] == "A fit (seizure)"
    # A longer sign is not said whole by one of its words: a fit *in pregnancy* is not any fit.
    pregnancy = _entry("Pre-eclampsia", "High blood pressure.", emergency=("A fit (seizure) in pregnancy",))
    assert not matched_signs(concepts, pregnancy.emergency_signs, describe(pregnancy))
    # Each sign holding one word of the query, and neither said whole, nothing matches.
    monkeypatch.setattr(redflags, "WHOLE_SIGN_WORDS", 0)
    assert not matched_signs(concepts, electrolytes.emergency_signs, describe(electrolytes))


def test_a_phrase_counts_by_its_words_towards_the_signs_share(db, monkeypatch):
    """Saved-up pills and a plan: two concepts, but the phrase says more than one word does."""
    depression = _entry(
        "Depression",
        "Low mood, no energy.",
        emergency=("Thoughts of ending your life with a plan to act on them",),
        phrases=("feel low and have no energy", "feel worthless and exhausted"),
    )
    concepts = search.parse_query("so exhausted and low, I've saved up pills and plan to take them tonight")
    assert matched_signs(concepts, depression.emergency_signs, describe(depression))
    # Counted as one word each, the sign holds two of the three it must.
    size = redflags._size
    monkeypatch.setattr(redflags, "_size", lambda concepts: len(concepts) if len(concepts) > 1 else size(concepts))
    assert not matched_signs(concepts, depression.emergency_signs, describe(depression))


def test_numbers_ages_and_who_said_it_are_not_what_is_wrong(db):
    concepts = search.parse_query("hubby 72yo on bp meds, says his temp is 38.5")
    assert {c.text for c in concepts if c.filler} >= {"hubby", "72yo", "38", "5", "says", "his"}
    by_text = {c.text: c for c in concepts}
    assert "blood pressure" in by_text["bp"].alternatives and "medicines" in by_text["meds"].alternatives


def test_words_the_entry_never_uses_keep_a_shared_sign_from_matching(db):
    """Legs that ache walking uphill are not a stroke because "walk or stand" is in its sign."""
    stroke = _entry(
        "Stroke",
        "Sudden dizziness, unable to walk.",
        emergency=("Sudden dizziness with being unable to walk or stand",),
    )
    concepts = search.parse_query("my legs ache walking uphill and ease when I stand still")
    assert not matched_signs(concepts, stroke.emergency_signs, describe(stroke))


def test_a_plural_or_other_form_is_read_before_a_near_spelling(demo):
    spots = search.parse_query("spots")[0]
    assert "sport" not in spots.alternatives
    assert spelling._inflections("spots")[0] == "spot"
    # Two letters swapped: one edit ("tierd" itself is a readers' phrase of the demo library, so not corrected).
    assert "exhausted" in search.parse_query("exhuasted")[0].alternatives
    assert "smoking" in search.parse_query("smoke")[0].alternatives or spelling._known_words({"smoke"})


def test_the_article_a_query_names_comes_first(demo, monkeypatch):
    """ "work with back pain" is about Low Back Pain, though a tiredness passage says work, back and pain."""
    from articles.search import results

    assert search.search("work with back pain")[0].article_slug == "low-back-pain"
    assert search.search("chest pain walking uphill")[0].article_slug == "chest-pain"
    # Two words of a title, each once: "sore" and "hurts" both say "pain", which names no article.
    assert (
        results._title_words_said("Differential Diagnosis for Chest Pain", search.parse_query("sore hurts"), "en") == 1
    )
    monkeypatch.setattr(results, "TITLE_CONCEPTS", 99)
    assert search.search("work with back pain")[0].article_slug != "low-back-pain"


def test_a_common_word_is_not_read_as_a_near_word_of_like_frequency(demo, monkeypatch):
    """ "bang" is a word, not a misspelling of "band" (a tension headache's); "hart" is a slip for "heart"."""
    assert spelling._corrections("bang") == []
    assert "heart" in spelling._corrections("hart")
    assert "baker" not in spelling._corrections("bake")
    assert search.search("how to bake bread") == []
    # Without the word frequencies, every near word is a correction.
    monkeypatch.setattr(spelling, "common_words", lambda language: {})
    assert "band" in spelling._corrections("bang")


def test_a_query_of_only_how_and_who_finds_nothing(demo):
    assert search.search("who said to be or not to be") == []
    assert search.search("my husband") == []


def test_a_correction_keeps_the_first_letter(demo, monkeypatch):
    monkeypatch.setattr(spelling, "_inflections", lambda word: [])
    for corrected in spelling._corrections("heartache"):
        assert corrected.startswith("h")


@pytest.mark.parametrize("query", ["weather tomorrow", "cheap flights to spain", "tax return deadline"])
def test_off_topic_queries_find_nothing(demo, query):
    assert search.search(query) == []


def test_words_no_passage_holds_weigh_against_partial_matches(demo, monkeypatch):
    assert search.search("weather tomorrow") == []
    # Counting unknown words for nothing, a passage about hot weather answers it: the test can fail.
    original = ranking.concept_weights

    def known_only(concepts, *, with_frequencies=False):
        weights, frequencies = original(concepts, with_frequencies=True)
        frequencies = [max(n, 1) for n in frequencies]
        return (weights, frequencies) if with_frequencies else weights

    monkeypatch.setattr(ranking, "concept_weights", known_only)
    assert search.search("weather tomorrow") != []


def test_an_answer_ignores_words_no_passage_holds(demo, monkeypatch):
    from articles.search import answers as answers_module

    article = Article.objects.get(slug="low-back-pain")
    question = "I smoke and I'm a pensioner, could my back pain be coming from my aorta?"  # no passage says "pensioner"

    def answered():
        found = search.answer(question, article=article, audience=Audience.PATIENT)
        return [a.hit.entry_name for a in found]

    assert "Abdominal aortic aneurysm" in answered()
    # Counting "pensioner" as a topic no passage can cover (neither read as a long account's own word, nor
    # left out of the topics), nothing answers: the test can fail.
    monkeypatch.setattr(query_module, "_told_in_own_words", lambda concepts, known: concepts)
    monkeypatch.setattr(answers_module, "_answerable", lambda concepts: [c for c in concepts if not c.filler])
    assert "Abdominal aortic aneurysm" not in answered()


def test_a_long_account_in_the_readers_own_words_still_finds_its_emergency(demo, monkeypatch):
    account = "head exploded, thunderbolt of a pain, 10/10 in seconds, now puking and my neck is stiff"
    hits = search.search(account)
    assert hits and (hits[0].article_slug, hits[0].entry_name) == ("headache", "Subarachnoid haemorrhage")
    assert hits[0].is_emergency
    # "thunderbolt" is a word no passage holds; "10" a number and "now" when it happened.
    assert {c.text for c in search.parse_query(account) if c.filler} >= {"thunderbolt", "10", "now"}
    # A short query keeps its unknown words, which say it is about nothing here.
    assert not any(c.filler for c in search.parse_query("cheap flights to spain"))
    assert search.search("who won the football match last night in the premier league table") == []
    # Read with its unknown word weighing against every passage, the account put a tension headache first.
    monkeypatch.setattr(query_module, "_told_in_own_words", lambda concepts, known: concepts)
    assert search.search(account)[0].entry_name != "Subarachnoid haemorrhage"


def test_lay_phrases_are_plain_words(db):
    from articles.synonyms import normalise_phrase

    for phrase, others in lay.LAY_PHRASES.items():
        assert phrase == normalise_phrase(phrase), phrase
        assert others and all(other == normalise_phrase(other) and other != phrase for other in others), phrase


def test_a_long_misspelling_is_read_as_the_closest_spelling_on_either_database(demo):
    """PostgreSQL's trigrams find candidates, the spelling ratio chooses: "heartbrun" is heartburn, not "heart"."""
    assert "heartburn" in search.parse_query("heartbrun")[0].alternatives
    assert "claudication" in search.parse_query("claudicaton")[0].alternatives


def test_a_phrase_is_read_across_the_words_that_say_how_much(db):
    texts = [c.text for c in search.parse_query("I'm struggling a bit to breathe and really can't breathe")]
    assert "struggling to breathe" in texts and "can t breathe" in texts
    assert "bit" not in texts and all(c.filler for c in search.parse_query("really bad") if c.text == "really")
    # A hedge at the start of a phrase is not part of it, and "a little" stays (a little toe is a toe).
    assert "little" in [c.text for c in search.parse_query("pain in my little toe")]


def test_numbers_written_as_words_and_their_units_are_how_many_not_what_is_wrong(db):
    concepts = {c.text: c for c in search.parse_query("lips swelled up two days ago, throat tight for the last hour")}
    assert concepts["two"].filler and concepts["days"].filler and concepts["hour"].filler
    # "one" and "half" say which side; a unit with no number before it says how long something lasts.
    assert not {c.text: c for c in search.parse_query("one leg swollen")}["one"].filler
    assert not {c.text: c for c in search.parse_query("half my face droops")}["half"].filler
    assert not {c.text: c for c in search.parse_query("headache lasting hours")}["hours"].filler


def test_a_readers_phrase_that_says_two_words_of_a_sign_holds_it_as_two_concepts(db):
    """ "numb bum" is the sign's numbness and buttocks; "out of breath" is one thing, and not also how severe."""
    cauda = _entry(
        "Cauda equina syndrome",
        "Back pain with saddle numbness and urinary retention.",
        phrases=("back pain with a numb bum",),
        emergency=(
            "Numbness or tingling around the genitals, buttocks, anus or inner thighs",
            "New trouble peeing, a weak stream, or not knowing when the bladder is full",
        ),
    )
    anaemia = _entry(
        "Iron-deficiency anaemia", "Tired, pale, breathless.", emergency=("Chest pain or severe shortness of breath",)
    )
    flagged = matched_signs(
        search.parse_query("back pain, numb bum, can't pee"), cauda.emergency_signs, describe(cauda)
    )
    assert set(flagged) == set(cauda.emergency_signs)
    assert not matched_signs(
        search.parse_query("out of breath going up stairs"), anaemia.emergency_signs, describe(anaemia)
    )


def test_a_search_that_names_an_article_opens_with_that_articles_emergencies(demo, monkeypatch):
    from articles.search import results

    hits = search.search("chest pain")
    flagged = [hit for hit in hits if hit.is_emergency]
    assert flagged and hits[0].article_slug == "chest-pain" and hits[0].is_emergency
    monkeypatch.setattr(results, "_flagged_of_named_first", lambda hits, named: hits)
    assert search.search("chest pain")[0].article_slug != "chest-pain"  # another article's entry lists chest pain


def test_what_a_reader_says_is_as_normal_or_only_watched_is_not_a_symptom(db):
    concepts = {c.text: c for c in search.parse_query("my aneurysm is being monitored, back ache, peeing normally")}
    assert "peeing" not in concepts and concepts["monitored"].filler
    texts = {c.text for c in search.parse_query("haven't been able to pee, toes and fingertips tingling")}
    assert {"haven t been able to pee", "toes", "fingertips"} <= texts
    by_text = {c.text: c for c in search.parse_query("toes tingling")}
    assert "feet" in by_text["toes"].alternatives


def test_a_low_temperature_said_as_one_is_a_very_low_body_temperature(db):
    def readings(query):
        return [c.text for c in search.parse_query(query) if "temperature" in c.text]

    assert "very low body temperature" in readings("gran is confused, her temperature is 34")
    assert "very low body temperature" in readings("temp 94 F and shivering")
    # Not from degrees alone (the weather), nor from a number that is something else.
    assert "very low body temperature" not in readings("dizzy in the heat, it is 34 degrees out")
    assert "very low body temperature" not in readings("she is 34.5 weeks pregnant")
    assert "high temperature" in readings("temperature 39 and a rash")


def test_thoughts_of_suicide_are_the_emergency_whatever_else_the_query_tells(db, monkeypatch):
    depression = _depression("feel low all the time")
    # Most of these words (months, written, notes) are not the entry's: without CRISIS they outweigh it.
    concepts = search.parse_query("depressed for months, written notes and saved up my tablets to end it tonight")
    assert matched_signs(concepts, depression.emergency_signs, describe(depression))
    monkeypatch.setattr(redflags, "CRISIS", frozenset())
    assert not matched_signs(concepts, depression.emergency_signs, describe(depression))


def test_a_hypo_told_with_what_was_eaten_finds_low_blood_sugar(demo):
    hits = search.search("diabetic husband having a hypo, had juice and sweets but still shaky and confused")
    assert hits and hits[0].article_slug == "tiredness" and hits[0].is_emergency


def test_the_everyday_and_the_urgent_vocabularies_never_say_one_phrase_twice(db):
    """A phrase in both would silently take the urgent module's alternatives (lay.LAY_PHRASES merges them)."""
    assert not set(lay.EVERYDAY_PHRASES) & set(lay_urgent.URGENT_PHRASES)
    assert lay.LAY_PHRASES.keys() == lay.EVERYDAY_PHRASES.keys() | lay_urgent.URGENT_PHRASES.keys()


def test_at_rest_and_relieved_by_rest_are_told_apart(demo):
    """Angina that goes when one rests is not chest pain that comes on at rest (an emergency)."""
    texts = {c.text for c in search.parse_query("chest pain at the gym that goes when I rest")}
    assert "goes when i rest" in texts and "rest" not in texts
    hits = search.search("chest pain at the gym that goes when I rest")
    assert hits and not hits[0].is_emergency
    resting = search.search("dad has angina, chest pain came on while he was sat watching telly, going 20 mins")
    assert resting and resting[0].is_emergency and resting[0].article_slug == "chest-pain"
