"""
The identity rule: one article per condition, and which conditions read as the same.

An article is about one condition. Two conditions are

- **the same** when their keys are equal (`condition_key`): case, accents, apostrophes,
  punctuation and spacing do not count, and "&" reads "and" ("Leg-Cramps ", "leg cramps";
  "Crohn's disease", "Crohns disease"). The database holds the rule: Article.condition_key
  is unique and is derived from the condition on every save (articles.models). A change to
  `condition_key` therefore needs a migration that recomputes the stored keys (as 0011 did).
- **similar** when they read the same once every word is in its canonical form
  (`canonical_words`: a regular English plural as its singular, "Leg cramp" / "Leg cramps",
  "Headache" / "Headaches", and a few irregular ones, "Swollen foot" / "Swollen feet"; a
  British spelling of SPELLINGS as the American one, "Oedema" / "Edema", "Anaemia" /
  "Anemia"), possibly after one phrase of the synonym table (articles.synonyms) is read as
  a phrase it stands for ("Heart attack" / "Myocardial infarction", "Charley horse" /
  "Leg cramps"). The relation is symmetric: if A is similar to B, B is similar to A. An
  editor may confirm that a similar condition is another one (the services'
  `allow_similar`); the same condition is always refused.

There is deliberately no fuzzy ratio: in medicine a letter or two is often another
condition (hypokalaemia / hyperkalaemia, headache / heartache, ileus / ileum), and a typo
in a new article's condition is the board's to catch, not a reason to block it.

Finding similar articles costs the same at any size of library: `lookup_keys` lists the
keys a similar condition can have (a bounded number: the forms of each word, from the
last word backwards when there are too many), and the database looks them up in
condition_key's unique index. No article is read to be compared.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable

# British spelling → American, as parts of words (so "lymphoedema" and "gastro-oesophageal"
# follow "oedema" and "oesophagus"). Both sides of a comparison are read the American way.
SPELLINGS: tuple[tuple[str, str], ...] = (
    ("oedema", "edema"),  # oedema, lymphoedema, papilloedema, myxoedema
    ("oesophag", "esophag"),  # oesophagus, oesophagitis, gastro-oesophageal
    ("oestr", "estr"),  # oestrogen, oestradiol
    ("rrhoea", "rrhea"),  # diarrhoea, gonorrhoea, amenorrhoea, rhinorrhoea
    ("pnoea", "pnea"),  # dyspnoea, apnoea, tachypnoea, orthopnoea
    ("haem", "hem"),  # haemorrhage, haematoma, haematuria, haemophilia
    ("aemia", "emia"),  # anaemia, leukaemia, septicaemia, ischaemia, hypokalaemia
    ("aemic", "emic"),  # anaemic, ischaemic, hypoglycaemic
    ("paed", "ped"),  # paediatric, orthopaedic
    ("anaesth", "anesth"),  # anaesthesia, anaesthetic
    ("coeliac", "celiac"),
    ("foet", "fet"),  # foetal, foetus
    ("faec", "fec"),  # faecal, faeces
    ("caec", "cec"),  # caecum
    ("gynaec", "gynec"),  # gynaecological
    ("tumour", "tumor"),
    ("colour", "color"),
    ("behaviour", "behavior"),
    ("fibre", "fiber"),
    ("centre", "center"),
    ("sulph", "sulf"),
)

# Plurals that are not the singular plus -s or -es.
IRREGULAR_PLURALS = {
    "feet": "foot",
    "teeth": "tooth",
    "lice": "louse",
    "children": "child",
    "women": "woman",
    "men": "man",
}

# Words no plural or spelling rule touches, and whose forms are never tried.
FUNCTION_WORDS = frozenset(
    "a an and as at by due during for from in into of on or over the to under with without".split()
)

# Bounds on the keys one lookup tries (every one is an index probe in a single query).
MAX_READINGS = 6  # the condition itself, and up to five readings through the synonym table
MAX_KEYS_PER_READING = 80
MAX_FORMS_PER_WORD = 8

# A stem keeps its final e when it follows none of these, so that "headache" and
# "headaches", "rash" and "rashes", "sinus" and "sinuses" each come to one stem.
_E_AFTER = ("se", "ze", "xe", "che", "she")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_WORDS = re.compile(r"[^\W_]+")


def condition_key(condition: str) -> str:
    """The condition as "the same condition" compares it ("Leg-Cramps " → "leg cramps")."""
    text = unicodedata.normalize("NFKD", condition or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _APOSTROPHES.sub("", text.replace("&", " and "))
    return " ".join(_WORDS.findall(text))


def _americanised(word: str) -> str:
    for british, american in SPELLINGS:
        word = word.replace(british, american)
    return word


def _stem(word: str) -> str:
    """A word in its singular form, or rather the stem a singular and its regular plural share."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if len(word) <= 3 or not word.isalpha() or word in FUNCTION_WORDS or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        word = word[:-1]
    if len(word) > 3 and word.endswith(_E_AFTER):
        word = word[:-1]
    return word


def canonical_word(word: str) -> str:
    """One word of a condition key as "similar" compares it ("oedemas" → "edema")."""
    return _stem(_americanised(word))


def canonical_words(condition: str) -> tuple[str, ...]:
    """The condition as "similar" compares it ("Leg cramps" and "leg cramp" → ("leg", "cramp"))."""
    return tuple(canonical_word(word) for word in condition_key(condition).split())


def _british_forms(word: str) -> set[str]:
    """The spellings (this one included) that read as `word` the American way."""
    target = _americanised(word)
    forms, queue = {word}, [word]
    while queue and len(forms) < MAX_FORMS_PER_WORD:
        form = queue.pop()
        for british, american in SPELLINGS:
            start = form.find(american)
            while start != -1:
                other = form[:start] + british + form[start + len(american) :]
                if other not in forms and _americanised(other) == target:
                    forms.add(other)
                    queue.append(other)
                start = form.find(american, start + 1)
    return forms


def _word_forms(word: str) -> list[str]:
    """Every word whose canonical form is this word's, the word itself first."""
    canonical = canonical_word(word)
    if word in FUNCTION_WORDS or not word.isalpha():
        return [word]
    american = {canonical, canonical + "s", canonical + "e", canonical + "es"}
    if canonical.endswith("y"):
        american.add(canonical[:-1] + "ies")
    american.update(plural for plural, single in IRREGULAR_PLURALS.items() if single == canonical)
    forms = {form for candidate in american for form in _british_forms(candidate)}
    others = sorted(form for form in forms if form != word and canonical_word(form) == canonical)
    return [word, *others][:MAX_FORMS_PER_WORD]


def _synonym_pairs(rows: Iterable[tuple[str, str, bool]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """
    (canonical words, key words) of phrases the table says stand for each other, both ways:
    a term and each of its equivalents, and (in a two-way row) the equivalents among themselves.
    """
    pairs = []
    for term, equivalents, two_way in rows:
        parts = [condition_key(part) for part in equivalents.split(",")]
        phrases = [condition_key(term), *(part for part in parts if part)]
        linked = itertools.permutations(phrases, 2) if two_way else ((phrases[0], p) for p in phrases[1:])
        for one, other in linked:
            pairs.append((one, other))
            if not two_way:
                pairs.append((other, one))
    return [(tuple(canonical_word(w) for w in one.split()), tuple(other.split())) for one, other in pairs]


def _readings(words: list[str], synonyms: Iterable[tuple[str, str, bool]]) -> list[list[str]]:
    """The condition's words, and the words after one phrase is replaced by a synonym (bounded)."""
    canonical = [canonical_word(word) for word in words]
    readings, seen = [words], {tuple(canonical)}
    for phrase, replacement in _synonym_pairs(synonyms):
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if size and tuple(canonical[start : start + size]) == phrase:
                reading = [*words[:start], *replacement, *words[start + size :]]
                key = tuple(canonical_word(word) for word in reading)
                if key not in seen:
                    seen.add(key)
                    readings.append(reading)
                if len(readings) >= MAX_READINGS:
                    return readings
    return readings


def lookup_keys(condition: str, *, synonyms: Iterable[tuple[str, str, bool]] = ()) -> list[str]:
    """
    The condition keys an article about a similar condition can have, this condition's own
    key first (bounded: MAX_READINGS × MAX_KEYS_PER_READING). `synonyms` are the synonym
    table's rows as stored: (term, comma-separated equivalents, two_way).
    """
    words = condition_key(condition).split()
    if not words:
        return []
    keys: dict[str, None] = {}
    for reading in _readings(words, synonyms):
        # itertools.product varies the last word fastest: when a long condition has more
        # forms than the bound, the last words (usually the nouns that take a plural) vary.
        forms = itertools.product(*(_word_forms(word) for word in reading))
        keys.update((" ".join(form), None) for form in itertools.islice(forms, MAX_KEYS_PER_READING))
    return list(keys)
