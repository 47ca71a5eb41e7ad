"""
Spanish for search: a stemmer, and the small word lists the English side has elsewhere.

Neither database stems Spanish the way search needs: SQLite's FTS5 has only an English
(Porter) stemmer, and PostgreSQL's 'spanish' configuration does not fold accents ("pérdida"
and "perdida" are other words to it; unaccent would need an extension). So Spanish passages
and queries are stemmed here, the same way for both databases, and the databases index and
match the stems as plain words (articles.search.sqlite, articles.search.postgres).

`stem` is the Snowball Spanish algorithm (the one PostgreSQL's 'spanish' configuration
uses) run on the word with its accents folded first ("ciática" and "ciatica" → "ciatic";
"perdí", "pérdida" and "perdido" → "perd"; "calambre" and "calambres" → "calambr"), its
suffix lists folded the same way. "ñ" is a letter of its own, never folded ("año" is not
"ano"). It is a pure function, cached.

The lists are deliberately small and conservative, like articles.search.lay: words that
say nothing of what a query is about (STOPWORDS, FILLER, PEOPLE) and a few everyday ways
of saying what the articles say otherwise (LAY_PHRASES: "me duele" is "dolor").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LANGUAGE = "es"
_VOWELS = frozenset("aeiouü")
# Accents folded before stemming: acute and grave accents and the diaeresis, never the tilde of ñ.
_FOLD = str.maketrans("áàâäéèêëíìîïóòôöúùûü", "aaaaeeeeiiiioooouuuu")

STOPWORDS = frozenset(
    "a al algo algun alguna algunas alguno algunos ante antes como con contra cual cuales cuando de del "
    "desde donde durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estas este "
    "esto estos fue fueron ha han hasta hay la las le les lo los me mi mis muy nos o os para pero por que "
    "qué se sea ser si sí sin sobre son su sus te ti tu tus u un una uno unos unas usted ustedes y ya yo".split()
)
# Words of a question that say how it is asked, not what it is about (articles.search.answers).
FILLER = frozenset(
    "puedo puede pueden debo debe deberia hacer hago normal grave peligroso peligrosa preocupado preocupada "
    "preocupa pasa pasar mejor peor tengo tiene tienen tener siento sentir mucho mucha muchos muchas poco "
    "bien mal cosa cosas algo nada siempre nunca todavia aun tambien ahora hoy no".split()
)
PEOPLE = frozenset(
    "marido esposo esposa mujer pareja novio novia madre padre mama papa hijo hija hijos hijas niño niña "
    "niños niñas bebe abuelo abuela hermano hermana amigo amiga yo el ella alguien persona".split()
)
# A word or phrase people type → the words the Spanish articles use for the same thing.
LAY_PHRASES: dict[str, tuple[str, ...]] = {
    "duele": ("dolor",),
    "duelen": ("dolor",),
    "dolia": ("dolor",),
    "dolía": ("dolor",),
    "me duele": ("dolor",),
    "me duelen": ("dolor",),
    "me ahogo": ("falta de aire",),
    "fiebre": ("temperatura alta",),
}


def fold(text: str) -> str:
    """`text` casefolded, its accents folded (not the tilde of ñ)."""
    return unicodedata.normalize("NFC", text).casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    """The words of `text`, casefolded, as Spanish search splits them (letters and digits)."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())


def stemmed(text: str) -> str:
    """`text` as the stems of its words, joined by spaces: what is indexed and matched."""
    return " ".join(stem(word) for word in words(text))


def _regions(word: str) -> tuple[int, int, int]:
    """Snowball's R1, R2 and RV of `word` (offsets where each region begins)."""
    r1 = r2 = len(word)
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            r1 = i + 1
            break
    for i in range(r1 + 1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            r2 = i + 1
            break
    rv = len(word)
    if len(word) >= 2:
        if word[1] not in _VOWELS:
            rv = next((i + 1 for i in range(2, len(word)) if word[i] in _VOWELS), len(word))
        elif word[0] in _VOWELS:
            rv = next((i + 1 for i in range(2, len(word)) if word[i] not in _VOWELS), len(word))
        else:
            rv = 3
    return r1, r2, rv


def _longest(word: str, suffixes: tuple[str, ...], start: int) -> str:
    """
    The longest of `suffixes` (longest first) that `word` ends with, if it begins at or after
    `start`; "" if none, or if the longest does not (Snowball's rule: a shorter one is not tried).
    """
    for suffix in suffixes:
        if word.endswith(suffix):
            return suffix if len(word) - len(suffix) >= start else ""
    return ""


def _by_length(*texts: str) -> tuple[str, ...]:
    return tuple(sorted({s for text in texts for s in text.split()}, key=len, reverse=True))


_PRONOUNS = _by_length("me se sela selo selas selos la le lo las les los nos")
_BEFORE_PRONOUN = _by_length("iendo ando ar er ir")
# Step 1: suffix → what it is replaced by, and the endings before it also removed (all in R2
# but "amente", in R1).
_STEP1: dict[str, tuple[str, tuple[str, ...]]] = {
    **dict.fromkeys(
        "anza anzas ico ica icos icas ismo ismos able ables ible ibles ista istas oso osa osos osas "
        "amiento amientos imiento imientos".split(),
        ("", ()),
    ),
    **dict.fromkeys("adora ador acion adoras adores aciones ante antes ancia ancias".split(), ("", ("ic",))),
    **dict.fromkeys("logia logias".split(), ("log", ())),
    **dict.fromkeys("ucion uciones".split(), ("u", ())),
    **dict.fromkeys("encia encias".split(), ("ente", ())),
    "amente": ("", ("ativ", "iv", "os", "ic", "ad")),
    "mente": ("", ("ante", "able", "ible")),
    **dict.fromkeys("idad idades".split(), ("", ("abil", "ic", "iv"))),
    **dict.fromkeys("iva ivo ivas ivos".split(), ("", ("at",))),
}
_STEP1_SUFFIXES = _by_length(" ".join(_STEP1))
_STEP2A = _by_length("ya ye yan yen yeron yendo yo yas yes yais yamos")
_STEP2B_GU = frozenset("en es eis emos".split())
_STEP2B = _by_length(
    "en es eis emos",
    "arian arias aran aras ariais aria areis ariamos aremos ara are erian erias eran eras eriais eria "
    "ereis eriamos eremos era ere irian irias iran iras iriais iria ireis iriamos iremos ira ire aba ada "
    "ida ia ara iera ad ed id ase iese aste iste an aban ian aran ieran asen iesen aron ieron ado ido "
    "ando iendo io ar er ir as abas adas idas ias aras ieras ases ieses is ais abais iais arais ierais "
    "aseis ieseis asteis isteis ados idos amos abamos iamos imos aramos ieramos iesemos asemos",
)


def _step0(word: str, rv: int) -> str:
    """An attached pronoun after a gerund or infinitive ("ayudarle" → "ayudar")."""
    pronoun = _longest(word, _PRONOUNS, rv)
    if not pronoun:
        return word
    rest = word[: -len(pronoun)]
    if _longest(rest, _BEFORE_PRONOUN, rv) or (rest.endswith("uyendo") and len(rest) - 5 >= rv):
        return rest
    return word


def _step1(word: str, r1: int, r2: int) -> str:
    """Standard derivational suffixes; the word unchanged if none applies."""
    suffix = next((s for s in _STEP1_SUFFIXES if word.endswith(s)), "")
    if not suffix or len(word) - len(suffix) < (r1 if suffix == "amente" else r2):
        return word
    replacement, before = _STEP1[suffix]
    rest = word[: -len(suffix)] + replacement
    for ending in before:  # longest first: "ativ" before "iv"
        if rest.endswith(ending):
            return rest[: -len(ending)] if len(rest) - len(ending) >= r2 else rest
    return rest


def _step2(word: str, rv: int) -> str:
    """Verb suffixes (only when step 1 removed nothing)."""
    suffix = _longest(word, _STEP2A, rv)
    if suffix and word[: -len(suffix)].endswith("u"):
        return word[: -len(suffix)]
    suffix = _longest(word, _STEP2B, rv)
    if not suffix:
        return word
    rest = word[: -len(suffix)]
    return rest[:-1] if suffix in _STEP2B_GU and rest.endswith("gu") else rest


def _step3(word: str, rv: int) -> str:
    """A residual vowel ("calambre" → "calambr", "pierna" → "piern")."""
    suffix = _longest(word, ("os", "a", "o", "i"), rv)
    if suffix:
        return word[: -len(suffix)]
    if _longest(word, ("e",), rv):
        word = word[:-1]
        if word.endswith("gu") and len(word) - 1 >= rv:
            word = word[:-1]
    return word


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The stem search matches a Spanish word by (accents folded first); a pure function, cached."""
    word = fold(word)
    if len(word) < 3 or not word.isalpha():
        return word
    r1, r2, rv = _regions(word)
    word = _step0(word, rv)
    stripped = _step1(word, r1, r2)
    if stripped == word:
        stripped = _step2(word, rv)
    return _step3(stripped, rv) or word
