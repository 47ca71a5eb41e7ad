"""
How readers say things that the articles say otherwise: the built-in lay vocabulary.

The synonym table (articles.synonyms) is the editors'; this is the small, fixed list of
everyday words search always knows, beneath it. Two kinds:

- LAY_PHRASES: a word or phrase people type → the words the articles use for the same
  thing ("fever" → "high temperature", "privates" → "genitals", "passed out" →
  "fainting"). Each is read as one concept whose alternatives include these
  (articles.search.query), so that full-text ranking, answers and red flags
  (articles.search.redflags) all see them. Every row is conservative: the same thing said
  another way, never a guess at a diagnosis.
- PEOPLE: words that say *who* a query is about ("my husband", "Mum", "my child"). They
  say nothing of what is wrong, so they count as filler, as "how" and "why" do.

A phrase is plain lowercase words as search splits them ("can't breathe" is "can t breathe").
"""

from __future__ import annotations

from functools import lru_cache

LAY_PHRASES: dict[str, tuple[str, ...]] = {
    # Back pain as people say it
    "bad back": ("back pain", "backache"),
    "pulled my back": ("back strain", "pulled a muscle in my back"),
    "hurt my back": ("back strain", "back pain"),
    "pain down my leg": ("sciatica", "leg pain"),
    "pain down the back of my leg": ("sciatica", "leg pain"),
    "shooting pain down my leg": ("sciatica", "leg pain"),
    # Tests people ask about
    "x ray": ("xray", "scan", "imaging"),
    "xray": ("x ray", "scan", "imaging"),
    "mri": ("scan", "imaging"),
    "ct scan": ("scan", "imaging"),
    # How things go
    "go away on its own": ("gets better", "settles", "improves"),
    "go away by itself": ("gets better", "settles", "improves"),
    # Temperature and infection
    "fever": ("high temperature", "temperature"),
    "feverish": ("high temperature", "fever"),
    "temp": ("temperature",),
    # Breathing
    "breathless": ("short of breath", "shortness of breath", "breathlessness"),
    "out of breath": ("short of breath", "breathlessness"),
    "can t breathe": ("short of breath", "breathlessness"),
    "can t catch my breath": ("short of breath", "breathlessness"),
    "struggling to breathe": ("short of breath", "breathlessness"),
    # Skin and colour
    "clammy": ("sweating", "sweaty"),
    "sweaty": ("sweating",),
    "grey": ("gray", "pale"),
    "white": ("pale",),
    "purple spots": ("rash", "spots"),
    "blotchy rash": ("rash",),
    # Swelling
    "swollen": ("swelling",),
    "puffy": ("swelling", "swollen"),
    "frothy": ("foamy",),
    "foamy": ("frothy",),
    # Body parts people name in their own words
    "privates": ("genitals",),
    "private parts": ("genitals",),
    "bum": ("buttocks", "bottom"),
    "bottom": ("buttocks",),
    "wee": ("pee", "urine"),
    "pee": ("wee", "urine"),
    "poo": ("bowels", "stool"),
    # Fainting, dizziness, tiredness
    "passed out": ("fainting", "collapse"),
    "pass out": ("fainting", "collapse"),
    "blacked out": ("fainting", "collapse"),
    "keeled over": ("collapse", "fainting"),
    "woozy": ("dizzy", "light headed"),
    "lightheaded": ("light headed", "dizzy"),
    "exhausted": ("tiredness", "fatigue"),
    "worn out": ("tiredness", "fatigue"),
    "knackered": ("tiredness", "fatigue"),
    "no energy": ("tiredness", "fatigue"),
    "drowsy": ("drowsiness",),
    # Sight and speech
    "sight": ("vision",),
    "eyesight": ("vision", "sight"),
    "blurry": ("blurred",),
    "lost": ("loss",),
    "slurring": ("slurred",),
    # Being sick
    "throwing up": ("vomiting", "being sick"),
    "puking": ("vomiting", "being sick"),
    "vomiting": ("being sick",),
    # Injury and medicines
    "hit my head": ("head injury",),
    "banged my head": ("head injury",),
    "bumped my head": ("head injury",),
    "blood thinners": ("blood thinner", "anticoagulant", "blood thinning"),
    "op": ("operation", "surgery"),
    "fit": ("seizure",),
    "fits": ("seizure",),
    # Thoughts of suicide
    "end my life": ("ending your life", "suicide"),
    "kill myself": ("ending your life", "suicide"),
    "want to die": ("ending your life", "suicide"),
    "suicidal": ("suicide", "ending your life"),
    "self harm": ("harmed yourself",),
}

# Who a query is about, not what it is about.
PEOPLE = frozenset(
    "husband wife partner boyfriend girlfriend mum mom mother dad father parent parents son daughter child "
    "children kid kids baby toddler grandad grandpa granddad grandma gran nan nana grandmother grandfather "
    "brother sister friend he she him her his hers myself yourself someone somebody person".split()
)


@lru_cache(maxsize=1)
def lay_map() -> dict[str, tuple[str, ...]]:
    """LAY_PHRASES (a copy per process; read-only)."""
    return dict(LAY_PHRASES)


def merged(expansions: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The editors' expansions with the lay vocabulary beneath them (the editors' alternatives first)."""
    result = dict(lay_map())
    for phrase, others in expansions.items():
        result[phrase] = tuple(dict.fromkeys([*others, *result.get(phrase, ())]))
    return result
