"""
How readers say things that the articles say otherwise: the built-in lay vocabulary.

The synonym table (articles.synonyms) is the editors'; this is the small, fixed list of
everyday words search always knows, beneath it. Two kinds:

- LAY_PHRASES: a word or phrase people type → the words the articles use for the same
  thing ("fever" → "high temperature", "privates" → "genitals", "passed out" →
  "fainting"): the everyday words here, the emergencies as readers tell them in
  articles.search.lay_urgent. Each is read as one concept whose alternatives include these
  (articles.search.query), so that full-text ranking, answers and red flags
  (articles.search.redflags) all see them. Every row is conservative: the same thing said
  another way, never a guess at a diagnosis.
- PEOPLE: words that say *who* a query is about ("my husband", "Mum", "my child"). They
  say nothing of what is wrong, so they count as filler, as "how" and "why" do.

A phrase is plain lowercase words as search splits them ("can't breathe" is "can t breathe").
"""

from __future__ import annotations

from functools import lru_cache

from articles.search.lay_urgent import URGENT_PHRASES

# Not able to pass urine, in the articles' and the signs' words.
_CANNOT_PEE = ("urinary retention", "cannot pass urine", "trouble peeing", "trouble passing urine")

# Everyday words; the emergencies as readers tell them are articles.search.lay_urgent's.
EVERYDAY_PHRASES: dict[str, tuple[str, ...]] = {
    # Back pain as people say it
    "bad back": ("back pain", "backache"),
    "lower back": ("low back", "back"),
    "spine": ("back",),
    "backbone": ("spine", "back"),
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
    "can t breathe": ("short of breath", "shortness of breath", "breathlessness", "trouble breathing"),
    "can t catch my breath": ("short of breath", "shortness of breath", "breathlessness", "trouble breathing"),
    "struggling to breathe": ("short of breath", "shortness of breath", "breathlessness", "trouble breathing"),
    # Skin and colour
    "clammy": ("sweating", "sweaty"),
    "sweaty": ("sweating",),
    "grey": ("gray", "pale"),
    "white": ("pale",),
    "white as paper": ("pale",),
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
    "bottom": ("buttocks", "bum"),
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
    "warfarin": ("blood thinner", "anticoagulant", "blood thinning"),
    "apixaban": ("blood thinner", "anticoagulant", "blood thinning"),
    "rivaroxaban": ("blood thinner", "anticoagulant", "blood thinning"),
    "edoxaban": ("blood thinner", "anticoagulant", "blood thinning"),
    "dabigatran": ("blood thinner", "anticoagulant", "blood thinning"),
    "fell": ("fall",),
    "whacked": ("hit",),
    "smacked": ("hit",),
    "thumped": ("hit",),
    "sweating buckets": ("sweating",),
    # Breath that smells of ketones, as people describe it
    "nail varnish remover": ("pear drops", "ketones"),
    "nail polish remover": ("pear drops", "ketones"),
    "fruity breath": ("pear drops", "ketones"),
    "sweet breath": ("pear drops", "ketones"),
    "op": ("operation", "surgery"),
    "fit": ("seizure",),
    "pregnant": ("pregnancy",),
    "fits": ("seizure",),
    # Pain in everyday words (a follow-up answer is not "named" by these: articles.search.answers)
    "hurt": ("pain",),
    "hurts": ("pain",),
    "hurting": ("pain",),
    "sore": ("pain",),
    "aching": ("ache",),
    "aches": ("ache",),
    "stab": ("stabbing", "sharp"),
    "stabs": ("stabbing", "sharp"),
    "stabbing": ("sharp",),
    "breastbone": ("chest", "sternum"),
    # Operations people name by what was done
    "knee replacement": ("operation", "surgery"),
    "knee op": ("operation", "surgery"),
    "hip op": ("operation", "surgery"),
    "knee surgery": ("operation", "surgery"),
    "hip surgery": ("operation", "surgery"),
    "mottled": ("blotchy",),
    "barely awake": ("drowsy", "drowsiness"),
    "hard to wake": ("drowsy", "drowsiness"),
    "hard to rouse": ("drowsy", "drowsiness"),
    "difficult to wake": ("drowsy", "drowsiness"),
    "won t wake up": ("drowsy", "drowsiness", "unconscious"),
    "keep him awake": ("drowsy", "drowsiness"),
    "keep her awake": ("drowsy", "drowsiness"),
    "hopeless": ("hopelessness", "low mood"),
    "drinks a lot": ("alcohol", "heavy drinking"),
    "drinks too much": ("alcohol", "heavy drinking"),
    "heavy drinker": ("alcohol", "heavy drinking"),
    "big drinker": ("alcohol", "heavy drinking"),
    "saved up my pills": ("overdose", "ending your life", "suicide"),
    "saved up my tablets": ("overdose", "ending your life", "suicide"),
    "saving up pills": ("overdose", "ending your life", "suicide"),
    "saving up tablets": ("overdose", "ending your life", "suicide"),
    "hoarding pills": ("overdose", "ending your life", "suicide"),
    "hoarding tablets": ("overdose", "ending your life", "suicide"),
    "hip replacement": ("operation", "surgery"),
    "c section": ("caesarean", "operation", "surgery"),
    "can t bend my neck": ("stiff neck", "neck stiffness"),
    "can t move my neck": ("stiff neck", "neck stiffness"),
    "toppled over": ("fall", "fell"),
    "fell over": ("fall", "fell"),
    "furosemide": ("diuretic", "diuretics"),
    "frusemide": ("furosemide", "diuretic", "diuretics"),
    # Time, shortened
    "mins": ("minutes",),
    "min": ("minutes",),
    "hrs": ("hours",),
    # Medicines and treatments, as people shorten them
    "meds": ("medicines", "medication"),
    "medicines": ("medication", "medicine", "drugs"),
    "medications": ("medicines", "medication", "drugs"),
    "bp": ("blood pressure",),
    "chemo": ("chemotherapy",),
    "nitro": ("gtn", "glyceryl trinitrate", "nitroglycerin"),
    "nitro spray": ("gtn spray", "gtn"),
    "water tablets": ("diuretics", "furosemide", "water pills"),
    "water pills": ("diuretics", "furosemide", "water tablets"),
    "pain killers": ("painkillers",),
    # Body parts, shortened or in everyday words
    "abdo": ("abdominal", "abdomen", "tummy"),
    "belly": ("tummy", "abdomen"),
    "tum": ("tummy",),
    "ticker": ("heart",),
    # How bad it is and how it came on
    "agony": ("agonising", "severe pain", "very painful"),
    "excruciating": ("agonising", "severe pain"),
    "agonizing": ("agonising", "severe pain"),
    "unbearable": ("severe",),
    "awful": ("severe",),
    "terrible": ("severe",),
    "horrendous": ("severe",),
    "out of nowhere": ("sudden", "suddenly"),
    "out of the blue": ("sudden", "suddenly"),
    "all of a sudden": ("sudden", "suddenly"),
    "came on suddenly": ("sudden", "suddenly"),
    "in seconds": ("seconds", "sudden"),
    "head exploded": ("thunderclap headache", "sudden severe headache"),
    "exploding headache": ("thunderclap headache", "sudden severe headache"),
    "worst headache of my life": (
        "worst headache",
        "thunderclap headache",
        "very bad headache",
        "very severe headache",
    ),
    "worst headache ever": ("worst headache", "thunderclap headache", "very bad headache", "very severe headache"),
    "tore": ("tearing", "torn", "ripping"),
    "ripped": ("tearing", "ripping"),
    # Cold, colour and temperature
    "icy": ("cold",),
    "freezing": ("cold",),
    "ice cold": ("cold",),
    "white as a sheet": ("pale",),
    "shivering": ("shivery", "chills", "shaking"),
    "the shakes": ("shivery", "shaking"),
    "boiling": ("high temperature", "fever"),
    "burning up": ("high temperature", "fever"),
    "blotchy": ("mottled",),
    # Breath and heartbeat
    "puffing": ("short of breath", "breathlessness"),
    "panting": ("short of breath", "breathlessness"),
    "gasping": ("short of breath", "shortness of breath", "breathlessness", "trouble breathing"),
    "wheezy": ("wheezing", "wheeze"),
    "heart racing": ("racing heartbeat", "palpitations"),
    "racing heart": ("racing heartbeat", "palpitations"),
    "heart pounding": ("pounding heartbeat", "palpitations"),
    "heart fluttering": ("fluttering", "palpitations"),
    "skipped beats": ("palpitations",),
    # The mind, balance and the eyes
    "muddled": ("confused", "confusion"),
    "disoriented": ("confused", "confusion"),
    "disorientated": ("confused", "confusion"),
    "not making sense": ("confused", "confusion"),
    "talking nonsense": ("confused", "confusion"),
    "staggering": ("unsteady",),
    "off balance": ("unsteady", "balance"),
    "wobbly": ("unsteady",),
    "whirling": ("spinning", "vertigo", "dizziness"),
    "room spinning": ("spinning", "vertigo", "dizziness"),
    "seeing double": ("double vision",),
    "seeing two of everything": ("double vision",),
    "eyes flicking": ("nystagmus", "eye movements", "eyes moving"),
    "eyes flickering": ("nystagmus", "eye movements", "eyes moving"),
    "eyes keep flicking": ("nystagmus", "eye movements", "eyes moving"),
    "eyes keep flickering": ("nystagmus", "eye movements", "eyes moving"),
    "eyes keep jumping": ("nystagmus", "eye movements", "eyes moving"),
    "eyes jumping": ("nystagmus", "eye movements", "eyes moving"),
    "eyes jerking": ("nystagmus", "eye movements", "eyes moving"),
    "feeling low": ("low mood", "depression"),
    # Tummy and bladder
    "tummy bug": ("diarrhoea", "gastroenteritis", "stomach upset"),
    "stomach bug": ("diarrhoea", "gastroenteritis", "stomach upset"),
    "the runs": ("diarrhoea",),
    "poop": ("poo", "stool", "bowels"),
    "wet myself": ("incontinence", "bladder control"),
    "wet himself": ("incontinence", "bladder control"),
    "wet herself": ("incontinence", "bladder control"),
    "can t pee": _CANNOT_PEE,
    "can t wee": _CANNOT_PEE,
    "haven t been able to pee": _CANNOT_PEE,
    "not been able to pee": _CANNOT_PEE,
    "not able to pee": _CANNOT_PEE,
    "unable to pee": _CANNOT_PEE,
    "cannot pee": _CANNOT_PEE,
    "can not pee": _CANNOT_PEE,
    "couldn t pee": _CANNOT_PEE,
    "haven t been able to wee": _CANNOT_PEE,
    "not able to wee": _CANNOT_PEE,
    "unable to wee": _CANNOT_PEE,
    "cannot wee": _CANNOT_PEE,
    "couldn t wee": _CANNOT_PEE,
    # Parts of a hand or foot, as the articles name the whole
    "toes": ("feet", "toe"),
    "fingertips": ("fingers", "hands"),
    "finger tips": ("fingers", "hands"),
    # When breathing is hard: "short of breath lying flat" is the articles' "unable to lie flat"
    "lying flat": ("lie flat",),
    "post viral": ("after a viral infection", "viral infection"),
    "numb bum": ("saddle numbness", "numbness buttocks"),
    "numb bottom": ("saddle numbness", "numbness buttocks"),
    "can t feel my bum": ("saddle numbness", "numbness buttocks"),
    "can t feel my bottom": ("saddle numbness", "numbness buttocks"),
    "numb between my legs": ("saddle numbness", "numbness genitals", "numbness inner thighs"),
    "numb down below": ("saddle numbness", "numbness genitals", "numbness inner thighs"),
    # Shortenings readers, nurses and students type
    "sob": ("short of breath", "shortness of breath", "breathlessness"),
    "n v": ("nausea", "vomiting"),
    "n and v": ("nausea", "vomiting"),
    "loc": ("loss of consciousness",),
    "lbp": ("low back pain",),
    "sats": ("oxygen saturation",),
    "ekg": ("ecg",),
    "bloods": ("blood tests", "blood test"),
    "afib": ("atrial fibrillation", "af"),
    "a fib": ("atrial fibrillation", "af"),
    "cfs": ("chronic fatigue syndrome", "me cfs"),
    "sah": ("subarachnoid haemorrhage",),
    "ckd": ("chronic kidney disease", "kidney disease"),
    "chf": ("heart failure",),
    "htn": ("hypertension", "high blood pressure"),
    "rls": ("restless legs", "restless legs syndrome"),
    "ppi": ("proton pump inhibitor",),
    "co poisoning": ("carbon monoxide poisoning", "carbon monoxide"),
    "birth control pill": ("contraceptive pill", "contraception"),
    # Medicines by their brand names
    "tylenol": ("paracetamol",),
    "acetaminophen": ("paracetamol",),
    "panadol": ("paracetamol",),
    "calpol": ("paracetamol",),
    "advil": ("ibuprofen",),
    "nurofen": ("ibuprofen",),
    # Everyday words for the tummy, bladder and bowels
    "guts": ("gut", "bowels", "tummy"),
    "stomach ache": ("tummy pain", "abdominal pain"),
    "tummy ache": ("tummy pain", "abdominal pain"),
    "belly ache": ("tummy pain", "abdominal pain"),
    "belly pain": ("tummy pain", "abdominal pain"),
    "stomach pain": ("tummy pain", "abdominal pain"),
    "food pipe": ("gullet", "oesophagus"),
    "waterworks": ("bladder", "passing urine", "urine"),
    "peeing": ("passing urine", "urine"),
    "weeing": ("peeing", "passing urine", "urine"),
    "urinating": ("passing urine", "urine"),
    "pooing": ("bowels", "poo"),
    "pooping": ("bowels", "poo"),
    "bowel movement": ("bowels", "poo"),
    "the trots": ("diarrhoea",),
    "loose stools": ("diarrhoea",),
    "runny poo": ("diarrhoea",),
    "blood in my poo": ("blood in your poo",),
    "blood in my pee": ("blood in the urine",),
    "blood in my wee": ("blood in the urine",),
    "blood in my urine": ("blood in the urine",),
    "peed myself": ("incontinence", "loss of bladder"),
    "wet the bed": ("incontinence", "loss of bladder"),
    "leaking urine": ("incontinence", "loss of bladder"),
    "pooed myself": ("incontinence", "bowel control"),
    "soiled myself": ("incontinence", "bowel control"),
    # Other body parts in everyday words
    "butt": ("buttocks", "bottom"),
    "ribcage": ("ribs", "chest"),
    # Pain, as it feels
    "crushing": ("pressure", "heaviness", "heavy"),
    "squeezing": ("tightness", "pressure", "tight"),
    "tight chest": ("chest tightness", "tightness"),
    "elephant on my chest": ("heaviness", "pressure", "heavy"),
    "elephant sitting on my chest": ("heaviness", "pressure", "heavy"),
    "throbbing": ("pounding", "pulsating"),
    "splitting headache": ("severe headache",),
    "sore head": ("headache",),
    "head hurts": ("headache",),
    "head pain": ("headache",),
    "achy": ("aching", "ache"),
    "crampy": ("cramping", "cramp"),
    "charlie horse": ("charley horse", "leg cramp", "cramp"),
    "tingly": ("tingling",),
    "tingles": ("tingling",),
    "prickling": ("tingling", "pins and needles"),
    "can t feel my feet": ("numb feet", "numbness"),
    # Backs and necks
    "lumbago": ("low back pain", "back pain"),
    "put my back out": ("back strain", "back pain"),
    "did my back in": ("back strain", "back pain"),
    "pinched nerve": ("trapped nerve",),
    "trapped nerve": ("pinched nerve",),
    "slipped disk": ("slipped disc",),
    "herniated disk": ("herniated disc", "disc herniation"),
    "bulging disk": ("bulging disc",),
    "crick in my neck": ("stiff neck", "neck stiffness"),
    # Breath and heartbeat
    "can t get my breath": ("short of breath", "shortness of breath", "breathlessness", "trouble breathing"),
    "hard to breathe": ("short of breath", "shortness of breath", "breathlessness", "trouble breathing"),
    "trouble breathing": ("difficulty breathing", "short of breath", "breathlessness"),
    "struggling for breath": ("short of breath", "shortness of breath", "breathlessness", "trouble breathing"),
    "winded": ("short of breath", "breathlessness"),
    "phlegm": ("mucus", "sputum"),
    "heart skipping": ("skipping", "palpitations"),
    "skipping beats": ("palpitations",),
    "missed beats": ("palpitations",),
    "flutters": ("fluttering", "palpitations"),
    "heart thumping": ("pounding", "palpitations"),
    "heart banging": ("pounding", "palpitations"),
    "fast heartbeat": ("racing heartbeat", "palpitations"),
    "heart beating fast": ("racing heartbeat", "palpitations"),
    # Tiredness and sleep
    "feel shattered": ("tiredness", "fatigue"),
    "feeling shattered": ("tiredness", "fatigue"),
    "wiped out": ("tiredness", "fatigue"),
    "feel drained": ("tiredness", "fatigue"),
    "feeling drained": ("tiredness", "fatigue"),
    "feel run down": ("tiredness", "fatigue"),
    "feeling run down": ("tiredness", "fatigue"),
    "dog tired": ("tiredness", "fatigue"),
    "tatt": ("tired all the time", "tiredness"),
    "lethargic": ("tiredness", "fatigue"),
    "sleepy": ("drowsy", "sleepiness"),
    "can t stay awake": ("sleepiness", "drowsiness"),
    "can t sleep": ("insomnia", "poor sleep"),
    "trouble sleeping": ("insomnia", "poor sleep"),
    "brain fog": ("poor concentration",),
    "can t concentrate": ("poor concentration", "concentration"),
    # Feeling sick and off food
    "queasy": ("nausea", "feeling sick"),
    "nauseous": ("nausea", "feeling sick"),
    "nauseated": ("nausea", "feeling sick"),
    "throw up": ("vomiting", "being sick"),
    "threw up": ("vomiting", "being sick"),
    "off my food": ("appetite",),
    # Confusion, speech and the face
    "not with it": ("confused", "confusion"),
    "delirious": ("confusion", "confused"),
    "delirium": ("confusion", "confused"),
    "can t speak": ("trouble speaking",),
    "can t get my words out": ("trouble speaking",),
    "droopy": ("drooping",),
    "lopsided face": ("drooping", "facial droop"),
    "lopsided smile": ("drooping", "facial droop"),
    # Eyes, ears and balance
    "fuzzy vision": ("blurred vision",),
    "went blind": ("loss of vision", "loss of sight"),
    "gone blind": ("loss of vision", "loss of sight"),
    "sensitive to light": ("photophobia", "bright light"),
    "light sensitivity": ("photophobia", "bright light"),
    "light hurts my eyes": ("light hurts", "photophobia"),
    "ringing in my ears": ("tinnitus",),
    "ears ringing": ("tinnitus",),
    "buzzing in my ears": ("tinnitus",),
    "deaf": ("hearing loss", "deafness"),
    "giddy": ("dizzy", "light headed"),
    "head spinning": ("spinning", "vertigo", "dizziness"),
    "room is spinning": ("spinning", "vertigo", "dizziness"),
    "head rush": ("light headed",),
    # Skin, colour, temperature and sweat
    "jaundice": ("yellow",),
    "cyanosis": ("blue lips", "blue"),
    "ashen": ("pale", "grey"),
    "high temp": ("high temperature",),
    "running a temperature": ("high temperature", "fever"),
    "running a fever": ("high temperature", "fever"),
    "the chills": ("chills", "shivery"),
    "shivers": ("shivery", "chills"),
    "rigors": ("shivery", "chills", "shaking"),
    "drenched in sweat": ("sweating", "drenching"),
    "pouring with sweat": ("sweating",),
    "cold sweat": ("sweating", "clammy"),
    # Swelling and weakness
    "swelled up": ("swelling", "swollen"),
    "water retention": ("fluid retention", "oedema"),
    "retaining water": ("fluid retention", "oedema"),
    "legs gave way": ("weak legs", "weakness"),
    "legs give way": ("weak legs", "weakness"),
    "drop foot": ("foot drop",),
    "dropped foot": ("foot drop",),
    "time of the month": ("periods", "period"),
    # Mood
    "down in the dumps": ("low mood",),
    "depressed": ("depression", "low mood"),
    "anxious": ("anxiety",),
    "panicky": ("panic", "anxiety"),
    "stressed out": ("stress",),
}

LAY_PHRASES: dict[str, tuple[str, ...]] = {**EVERYDAY_PHRASES, **URGENT_PHRASES}

# Who a query is about, not what it is about.
PEOPLE = frozenset(
    "husband wife partner boyfriend girlfriend mum mom mother dad father parent parents son daughter child "
    "children kid kids baby toddler grandad grandpa granddad grandma gran nan nana grandmother grandfather "
    "brother sister friend he she him her his hers myself yourself someone somebody person "
    "hubby hubs missus wifey fiance fiancee bf gf mam mummy mommy mama daddy papa grandson granddaughter "
    "uncle aunt auntie nephew niece neighbour neighbor colleague flatmate roommate teen teenager "
    "pt pts patient patients client clients resident residents "
    "stepdad stepfather stepmum stepmom stepmother stepson stepdaughter stepchild stepkids stepbrother stepsister "
    "granny grannie nanna nanny gramps grampa grandmum grandmom grandparent grandparents grandchild grandchildren "
    "grandkids husbands wives sons daughters brothers sisters friends sibling siblings cousin lad lass kiddo "
    "infant newborn youngster mate housemate coworker classmate himself herself themselves".split()
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
