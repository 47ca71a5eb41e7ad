"""
Reading a reader's query: its plain words, and the *concepts* it asks about.

A concept is a word, or a phrase from the synonym table (articles.synonyms), each with
the alternatives that stand for it — its synonyms, and for a word the index does not
hold, the closest indexed words (articles.search.spelling). Passages that match every
concept come first, then passages that match some (articles.search.ranking).

User input never reaches either query language as syntax: it is reduced here to plain
words, without control characters, operators or stopwords, and bounded in length.

A query is read in the language of the passages it searches (the reader's page's): in
Spanish with Spanish stopwords and everyday words (articles.search.spanish), the Spanish
vocabulary for corrections, and without the English synonym and lay tables. Each concept
carries its language, so that ranking, answers and red flags read it in that language.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from django.db import connection

from accounts.audiences import Audience
from articles import synonyms
from articles.content import ORIGINAL_LANGUAGE
from articles.models import SearchTerm
from articles.presentation import REGISTER_FOR
from articles.search import spanish
from articles.search.lay import PEOPLE, merged
from articles.search.readings import readings
from articles.search.spelling import _correctable, _corrections, _known_words

MAX_QUERY_LENGTH = 500
MAX_WORDS = 16
MAX_TERM_LENGTH = SearchTerm._meta.get_field("term").max_length
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STOPWORDS = frozenset(
    "a an and are as at be been but by can could do does for from had has have how i if in into is it its "
    "me my of on or our should so that the their them then there these they this to was we were what when "
    "where which who why will with would you your".split()
    # What is left of a contraction once its apostrophe splits it ("doesn't" → "doesn", "t").
    + "doesn don isn didn won wasn aren weren haven hasn hadn shouldn wouldn couldn ve ll re".split()
    + "anymore lately".split()
)
# Words of a question that say how it is asked, not what it is about: they may match a
# passage but do not count towards how well it answers (articles.search.answers).
_QUESTION_FILLER = (
    frozenset(
        "about any anything bad better cause caused causes causing concerned cure dangerous did doctor does done ever "
        "feel feeling fine get "
        "getting go going good got happen happens help helps keep know long make many may mean means much "
        "need normal ok okay often only really serious should still stop take taking tell thing things try "
        "up use using want way well worried worry worse also all am just more most not no than too very something "
        "like kind sort why safe normal emergency sign signs symptom symptoms problem problems issue issues "
        "related linked connected offered given recommended available prescribed".split()
        # How old, and where a student saw it: who and where, not what is wrong.
        + "yo yrs yr years placement twice once".split()
        # How much, how very, and which day: "a bit of blood", "barely awake", "fell yesterday".
        + "bit lot lots loads little barely hardly quite pretty super totally literally yesterday today".split()
        # When, and who said so: how an account is told, not what happened.
        + "now went gone says said told ago everything being tonight felt properly later earlier last".split()
        + "having".split()
        # That a known condition is being watched ("my aneurysm is being monitored"): its care, not a change.
        + "monitored monitoring surveillance".split()
        # Where, as a preposition says it ("behind my breastbone", "through to my back"): the place is the next word.
        + "behind through under over across around round between inside along".split()
        # A colour's name says it ("gone a grey colour"): the word "colour" does not.
        + "colour color".split()
    )
    | PEOPLE
)


def register_for(audience: Audience | None) -> str:
    """The register (articles.content.Register value) whose passages this audience reads."""
    return REGISTER_FOR[audience].value


@dataclass(frozen=True)
class Concept:
    """One thing a query asks about: a word or phrase, and what else stands for it."""

    text: str
    alternatives: tuple[str, ...]  # phrases of plain words; the first is `text`
    filler: bool = False
    corrected: str = ""  # the indexed word a word the index does not hold was read as, if any
    language: str = ORIGINAL_LANGUAGE  # the language of the passages it is matched against
    as_usual: bool = False  # told as the reader's usual ("same as my usual migraines"): searched, not a red flag


def language_of(concepts) -> str:
    """The language a query's concepts are read in (all of them share it)."""
    return next((concept.language for concept in concepts), ORIGINAL_LANGUAGE)


def _stopword(word: str, language: str) -> bool:
    """Whether `word` says nothing in `language` (a word of one letter, unless a digit, neither)."""
    if len(word) < 2 and not word.isdigit():
        return True
    return word in _STOPWORDS if language == ORIGINAL_LANGUAGE else spanish.fold(word) in spanish.STOPWORDS


# A number, alone or with a unit ("38", "72yo", "10mg", "20mins"): how much or how old, which no
# passage's words say the same way. What it measures is in the query's other words.
_NUMBER = re.compile(r"\d+[a-z]{0,4}")


# Numbers written as words ("two days ago", "a couple of hours"): as a number in digits, how many, which the
# query's other words say of. Not "one" nor "half", which say which side ("one leg", "half my face").
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "seventy eighty ninety hundred couple few several".split()
)
# What counts a unit of time as a number does: "the last hour", "a few days", "past week".
_COUNTS = _NUMBER_WORDS | {"last", "past", "next", "other"}

# Units of time after a number ("10 min", "3 days"): how long, which the number says and no passage does.
_UNITS = frozenset(
    "sec secs second seconds min mins minute minutes hr hrs hour hours day days wk wks week weeks "
    "month months yr yrs year years times".split()
)


def _units_of_numbers(tokens: list[str]) -> set[str]:
    """The units of time the query puts only after a number ("for 10 min"; not "lasting minutes")."""
    after = {word for before, word in zip(tokens, tokens[1:], strict=False) if word in _UNITS and _counts(before)}
    alone = {word for i, word in enumerate(tokens) if word in _UNITS and (i == 0 or not _counts(tokens[i - 1]))}
    return after - alone


def _counts(word: str) -> bool:
    """Whether a word before a unit of time counts it ("10", "two", "few", "last")."""
    return word.isdigit() or word in _COUNTS


def _filler(piece: str, language: str) -> bool:
    if _NUMBER.fullmatch(piece):
        return True
    if language == ORIGINAL_LANGUAGE:
        return piece in _QUESTION_FILLER or piece in _NUMBER_WORDS
    return spanish.fold(piece) in spanish.FILLER or spanish.fold(piece) in spanish.PEOPLE


def query_words(query: str, language: str = ORIGINAL_LANGUAGE) -> list[str]:
    """The plain words of a query, without control characters, operators or stopwords."""
    words, seen = [], set()
    for word in _tokens(query):
        if word in seen or _stopword(word, language):
            continue
        seen.add(word)
        words.append(word)
    return words[:MAX_WORDS]


# Contractions typed without their apostrophe, as the words the apostrophe would split them into
# ("cant breathe" is "can't breathe", "ive" is "I've").
_CONTRACTIONS = {
    word: tuple(parts.split())
    for word, parts in {
        "cant": "can t", "dont": "don t", "doesnt": "doesn t", "didnt": "didn t", "isnt": "isn t",
        "wasnt": "wasn t", "wont": "won t", "couldnt": "couldn t", "wouldnt": "wouldn t",
        "shouldnt": "shouldn t", "havent": "haven t", "hasnt": "hasn t", "arent": "aren t",
        "im": "i m", "ive": "i ve", "id": "i d", "youre": "you re", "theyre": "they re",
        "hes": "he s", "shes": "she s", "thats": "that s", "whats": "what s",
    }.items()
}  # fmt: skip


def _plain(query: str | None) -> str:
    """The query as every reading of it starts: its first MAX_QUERY_LENGTH characters, no control ones, casefolded."""
    return _CONTROL.sub(" ", (query or "")[:MAX_QUERY_LENGTH]).casefold()


def _tokens(query: str) -> list[str]:
    """The query's words, casefolded, each cut to the longest term the vocabulary holds."""
    text = _plain(query)
    tokens: list[str] = []
    for word in re.findall(r"\w+", text):
        tokens += _CONTRACTIONS.get(word, (word[:MAX_TERM_LENGTH],))
    return tokens


def parse_query(query: str, *, language: str = ORIGINAL_LANGUAGE) -> list[Concept]:
    """The concepts of a query (in `language`): synonym phrases first, then words, each with its alternatives."""
    tokens = _tokens(query)
    if not tokens:
        return []
    expansions, longest = _expansions(language)
    pieces = _pieces(tokens, expansions, language, longest)
    if language == ORIGINAL_LANGUAGE:
        pieces += [reading for reading in readings(_plain(query)) if reading not in pieces][: MAX_WORDS - len(pieces)]
    known = _known_words({word for piece in pieces for word in piece.split()}, language)
    measured = _units_of_numbers(tokens)
    concepts = []
    for piece in pieces:
        alternatives = [piece, *expansions.get(piece, ())]
        corrections = []
        filler = _filler(piece, language) or piece in measured
        # A word that says nothing of what is wrong is not read as another that would ("tonight" as "tight").
        if " " not in piece and piece not in known and piece not in expansions and _correctable(piece) and not filler:
            corrections = _corrections(piece, language)
            for correction in corrections:
                alternatives += [correction, *expansions.get(correction, ())]
        concepts.append(
            Concept(
                text=piece,
                alternatives=tuple(dict.fromkeys(alternatives)),
                filler=filler,
                corrected=corrections[0] if corrections else "",
                language=language,
            )
        )
    concepts = _told_in_own_words(_present(_capped(concepts), _absent_words(query), language), known)
    return _as_usual(concepts, _usual_words(query)) if language == ORIGINAL_LANGUAGE else concepts


# A clause that says what it tells is the reader's usual ("same as my usual migraines", "like always"),
# unless it says it is not ("worse than usual", "not like my usual", "unusual", "different").
_USUAL = re.compile(r"\b(?:usual|typical|like always|as always|same as always|same as my|same as the|normal for me)\b")
_NOT_USUAL = re.compile(r"\b(?:than usual|not like|unlike|not my usual|not the usual|different|never)\b")


def _usual_words(query: str) -> set[str]:
    """The words of the clauses that tell of the reader's usual (and nowhere else)."""
    text = _plain(query)
    usual: set[str] = set()
    other: set[str] = set()
    for clause in _CLAUSE.split(text):
        words = {word[:MAX_TERM_LENGTH] for word in re.findall(r"\w+", clause)}
        told_usual = _USUAL.search(clause) and not _NOT_USUAL.search(clause)
        (usual if told_usual else other).update(words)
    return usual - other


def _as_usual(concepts: list[Concept], usual: set[str]) -> list[Concept]:
    """The concepts, those all of whose words are in a clause told as the reader's usual so marked."""
    if not usual:
        return concepts
    return [dataclasses.replace(c, as_usual=True) if set(c.text.split()) <= usual else c for c in concepts]


# A long account is read up to this many pieces (before the cap of MAX_WORDS concepts), so that
# the words at its end are not lost to the filler at its start; each piece costs a vocabulary lookup.
_PIECES_READ = 3 * MAX_WORDS


def _capped(concepts: list[Concept]) -> list[Concept]:
    """
    At most MAX_WORDS concepts, in the query's order: its first MAX_WORDS that say what is wrong
    (not filler), and filler only where it fits before them ("my husband is 62 and …" keeps "chest"
    and "arm" at the end of a long account, which a cap on every word would drop).
    """
    if len(concepts) <= MAX_WORDS:
        return concepts
    content = {id(c) for c in [c for c in concepts if not c.filler][:MAX_WORDS]}
    room = MAX_WORDS - len(content)
    kept = []
    for concept in concepts:
        if id(concept) in content:
            kept.append(concept)
        elif concept.filler and room > 0:
            kept.append(concept)
            room -= 1
    return kept


# What says a symptom is absent, in English: a word before it ("headache without a fever"), or a
# word that ends its clause ("sciatica down one leg, bladder and bowels normal"). "not" is not among
# them ("can not feel my feet" is a symptom), and "no" only after the first clause (_no_says_absent).
_ABSENT_AFTER = frozenset("without denies denied nil".split())
_ABSENT_BEFORE = frozenset("normal normally fine ok okay unaffected".split())
# Where a word's absence ends: the clause, or a word that goes on to what is there ("and", "with").
_CLAUSE = re.compile(r"[,.;:!?()\[\]\n]|\bbut\b")
_SCOPE_ENDS = frozenset("and with but plus".split())


def _absent_words(query: str) -> set[str]:
    """The words of an English query that it says are absent (and nowhere says are there)."""
    text = _plain(query)
    absent: set[str] = set()
    present: set[str] = set()
    for number, clause in enumerate(_CLAUSE.split(text)):
        words = [word[:MAX_TERM_LENGTH] for word in re.findall(r"\w+", clause)]
        if len(words) > 1 and words[-1] in _ABSENT_BEFORE:
            absent.update(words[:-1])
            continue
        scope = False
        for i, word in enumerate(words):
            if (
                word in _ABSENT_AFTER
                or (word == "no" and _no_says_absent(number, words[i + 1 : i + 2]))
                or (word == "not" and i == 0 and _no_says_absent(number, words[1:2]))
            ):
                scope = True
            elif word in _SCOPE_ENDS:
                scope = False
            (absent if scope else present).add(word)
    return absent - present


def _no_says_absent(clause_number: int, following: list[str]) -> bool:
    """
    Whether "no" says the next words are absent: in a clause after the first ("red patch on my
    shin, no fever"), unless what follows is something whose absence is the symptom ("no feeling",
    "no pulse", "no energy"). A first clause keeps it: "no feeling in my legs", "no periods".
    "not" says so only where it opens such a clause ("…, not short of breath, not sweaty"), never
    after a verb ("she is not making sense", "I can not feel my feet").
    """
    return clause_number > 0 and bool(following) and following[0] not in _ABSENCE_IS_THE_SYMPTOM


# What "no …" says is missing when its absence is what is wrong.
_ABSENCE_IS_THE_SYMPTOM = frozenset(
    "feeling sensation energy appetite period periods pulse control strength sleep urine pee wee "
    "movement air breath response reaction heartbeat warning "
    # … and what "not …" says is wrong: "not able to walk", "not breathing", "not getting better"
    "able breathing waking responding responsive moving making eating drinking peeing weeing passing "
    "walking talking speaking right himself herself themselves myself well improving getting easing "
    "going stopping settling conscious awake normal".split()
)


def _present(concepts: list[Concept], absent: set[str], language: str) -> list[Concept]:
    """
    The concepts less those the query says are absent ("no fever" is not a search for fever, nor
    "bowels normal" a warning sign), unless nothing the query asks about would be left.
    """
    if not absent or language != ORIGINAL_LANGUAGE:
        return concepts
    kept = [c for c in concepts if not set(c.text.split()) <= absent]
    return kept if any(not c.filler for c in kept) else concepts


# A query of this many words (not filler) is a reader's account of what happened.
ACCOUNT_WORDS = 6
# How many of an account's words the library must hold for its other words to be read as filler, and
# the largest share of them it may not hold: an account with more such words ("who won the football
# match last night in the premier league", "my car makes a grinding noise when I brake on the
# motorway") is about something else. A third let those two find passages on PostgreSQL.
ACCOUNT_KNOWN = 3
ACCOUNT_UNKNOWN_SHARE = 1 / 4


def _told_in_own_words(concepts: list[Concept], known: set[str]) -> list[Concept]:
    """
    A long account's words that the library never uses, nor any correction or synonym of them,
    read as filler: "head exploded out of nowhere, 10/10 in seconds, now puking and can't bend my
    neck" is about the head, the seconds, the vomiting and the neck, and "exploded" and "nowhere"
    say how it felt. Counted as words no passage holds, they would outweigh everything the
    passages do hold (concept_weights gives an unseen word the highest weight) and leave the
    reader with no result. A short query keeps them, and so does one mostly in such words:
    "cheap flights to spain" is about nothing here, and its unknown words are what say so
    (ranking._partly_matching).
    """
    content = [c for c in concepts if not c.filler]
    unknown = [c for c in content if not _holds_any(c, known)]
    if (
        not unknown
        or len(content) < ACCOUNT_WORDS
        or len(content) - len(unknown) < ACCOUNT_KNOWN
        or len(unknown) > ACCOUNT_UNKNOWN_SHARE * len(content)
    ):
        return concepts
    return [dataclasses.replace(c, filler=True) if c in unknown else c for c in concepts]


def _holds_any(concept: Concept, known: set[str]) -> bool:
    """Whether the library holds some alternative of `concept` (a phrase, a synonym or a correction)."""
    return len(concept.alternatives) > 1 or concept.text in known


@dataclass(frozen=True)
class _Expansions:
    """The English expansions (the synonym table over the lay vocabulary) as of the table's `rows`."""

    rows: tuple
    phrases: dict[str, tuple[str, ...]]
    longest: int  # words in the longest phrase


_english = _Expansions(rows=(None,), phrases={}, longest=1)  # rows no table has: read at the first query
_SPANISH = dict(spanish.LAY_PHRASES)
_SPANISH_LONGEST = max((len(phrase.split()) for phrase in _SPANISH), default=1)


def _expansions(language: str) -> tuple[dict[str, tuple[str, ...]], int]:
    """
    Each phrase readers may type (in `language`) → what else stands for it, and how many words
    the longest has. The English ones are built from the synonym table once per change of it,
    not at each query (which cost a millisecond or two): each query reads the table's few rows,
    and only when they differ from those the kept expansions were built from are they rebuilt.
    The rows are read first, so that a change while rebuilding is seen at the next query.
    """
    global _english
    if language != ORIGINAL_LANGUAGE:  # the synonym table and the lay vocabulary are English
        return _SPANISH, _SPANISH_LONGEST
    with connection.cursor() as cursor:
        # In the order expansion_map reads them (Synonym's ordering): it decides the order of alternatives.
        cursor.execute("SELECT term, equivalents, two_way FROM articles_synonym ORDER BY term")
        rows = tuple(cursor.fetchall())
    kept = _english
    if kept.rows != rows:
        phrases = merged(synonyms.expansion_map())
        kept = _english = _Expansions(rows, phrases, max((len(p.split()) for p in phrases), default=1))
    return kept.phrases, kept.longest


def names_one_thing(phrase: str, language: str = ORIGINAL_LANGUAGE) -> bool:
    """
    Whether a phrase of several words is itself a phrase of the vocabulary ("short of breath",
    "trouble breathing"): one thing said in several words. As of the expansions the last query read.
    """
    return phrase in (_english.phrases if language == ORIGINAL_LANGUAGE else _SPANISH)


def corrected_query(concepts: list[Concept]) -> str:
    """The query as it was read, each word the index does not hold replaced by its correction ("" if none was)."""
    if not any(concept.corrected for concept in concepts):
        return ""
    return " ".join(concept.corrected or concept.text for concept in concepts if not concept.filler)


# Words that say how much, inside a phrase readers type ("struggling a bit to breathe", "really
# can't breathe", "kind of tight chest"): a phrase is read across them. Alone they are filler or stopwords.
_HEDGES = frozenset("really very quite slightly somewhat extremely so".split())
_HEDGE_PAIRS = frozenset({("a", "bit"), ("kind", "of"), ("sort", "of")})


def _hedged(tokens: list[str]) -> list[bool]:
    """Which tokens are hedges (_HEDGES, and each word of "a bit", "a little bit", "kind of", "sort of")."""
    hedged = [token in _HEDGES for token in tokens]
    for i, pair in enumerate(zip(tokens, tokens[1:], strict=False)):
        if pair in _HEDGE_PAIRS or pair == ("little", "bit"):
            hedged[i] = hedged[i + 1] = True
            if pair == ("little", "bit") and i > 0 and tokens[i - 1] == "a":
                hedged[i - 1] = True
    return hedged


def _phrase_at(tokens: list[str], hedged: list[bool], i: int, expansions, longest: int) -> tuple[str, int]:
    """The longest synonym phrase starting at token i (as typed, else across hedges) and how many tokens it takes."""
    for size in range(min(longest, len(tokens) - i), 1, -1):
        phrase = _phrase_in(" ".join(tokens[i : i + size]), expansions)
        if phrase:
            return phrase, size
    if hedged[i]:
        return "", 0
    # The same, read across the hedges within it (not at its end: the next piece starts after them).
    kept = [j for j in range(i, min(len(tokens), i + 2 * longest)) if not hedged[j]][:longest]
    for size in range(len(kept), 1, -1):
        if kept[size - 1] - i + 1 == size:
            continue  # no hedge within: already tried as typed
        phrase = _phrase_in(" ".join(tokens[j] for j in kept[:size]), expansions)
        if phrase:
            return phrase, kept[size - 1] - i + 1
    return "", 0


def _pieces(tokens: list[str], expansions: dict[str, tuple[str, ...]], language: str, longest: int) -> list[str]:
    """The tokens read left to right as the longest synonym phrases (of up to `longest` words) and words, once each."""
    pieces: list[str] = []
    hedged = _hedged(tokens) if language == ORIGINAL_LANGUAGE else [False] * len(tokens)
    i = 0
    while i < len(tokens):
        phrase, size = _phrase_at(tokens, hedged, i, expansions, longest)
        if phrase:
            pieces.append(phrase)
            i += size
        else:
            word = tokens[i]
            if not _stopword(word, language):
                pieces.append(word)
            i += 1
    return list(dict.fromkeys(pieces))[:_PIECES_READ]


# Words that say whose it is: a phrase readers write of themselves ("banged my head") is the same
# phrase written of someone else ("banged his head").
_WHOSE = re.compile(r"\b(?:his|her|their|your|our)\b")


def _phrase_in(phrase: str, expansions: dict[str, tuple[str, ...]]) -> str:
    """
    The synonym phrase these words are, their last word's plural read as its singular, and
    "his", "her" or "their" read as "my"; "" if none.
    """
    for candidate in dict.fromkeys((phrase, _WHOSE.sub("my", phrase))):
        if candidate in expansions:
            return candidate
        if candidate.endswith("s") and candidate[:-1] in expansions:
            return candidate[:-1]
    return ""
