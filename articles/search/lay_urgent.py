"""
Emergencies as readers tell them, in the words of the signs they meet: the part of the lay
vocabulary (articles.search.lay) that red flags depend on most (articles.search.redflags).

Each row is a phrase people type → the words the emergency signs use for the same thing ("won't
wake up" → "hard to wake", "can't pee" is the lay module's, "saved up pills" → "ending your
life"). As in the rest of the vocabulary, every row says the same thing another way, never a
guess at a diagnosis; those whose alternatives are in redflags.CRISIS (thoughts of ending
one's life, self-harm) are enough for their sign whatever else a query says.
"""

# Not waking, in the signs' words.
_HARD_TO_WAKE = ("hard to wake", "drowsy")

# Exercise, as the signs of fainting and of a compartment ask of it.
_EXERCISE = ("exercise", "sport")

# Relieved by rest (angina's and claudication's pattern), not pain at rest.
_RELIEVED_BY_REST = ("relieved by rest", "goes with rest", "eases with rest")

# Numbness where one sits, in the signs' words (cauda equina).
_SADDLE_NUMB = ("saddle numbness", "numbness buttocks", "numbness anus")

URGENT_PHRASES: dict[str, tuple[str, ...]] = {
    "can t feel it when i wipe": _SADDLE_NUMB,
    "can t feel when i wipe": _SADDLE_NUMB,
    "can t feel myself wipe": _SADDLE_NUMB,
    # At rest, lying down and exercise, as the signs ask of chest pain, breathlessness and fainting
    "watching telly": ("at rest", "rest"),
    "watching tv": ("at rest", "rest"),
    "sitting still": ("at rest", "rest"),
    "can t lie flat": ("unable to lie flat", "lie flat"),
    "cannot lie flat": ("unable to lie flat", "lie flat"),
    "sleep sitting up": ("unable to lie flat", "lie flat"),
    "sleeping sitting up": ("unable to lie flat", "lie flat"),
    "playing football": _EXERCISE,
    "playing sport": _EXERCISE,
    "playing rugby": _EXERCISE,
    "at the gym": _EXERCISE,
    "working out": _EXERCISE,
    "mid run": _EXERCISE,
    "out running": _EXERCISE,
    # Relieved by rest: the pattern of angina or claudication, not pain that comes on at rest
    "goes when i rest": _RELIEVED_BY_REST,
    "goes away when i rest": _RELIEVED_BY_REST,
    "goes with rest": ("relieved by rest", "eases with rest"),
    "eases with rest": ("relieved by rest", "goes with rest"),
    "eases when i rest": _RELIEVED_BY_REST,
    "better when i rest": _RELIEVED_BY_REST,
    "better with rest": _RELIEVED_BY_REST,
    "stops when i rest": _RELIEVED_BY_REST,
    "settles with rest": _RELIEVED_BY_REST,
    # Standing, walking and speaking, as the signs of a stroke say them
    "can t stand up": ("unable to stand",),
    "can t walk": ("unable to walk", "trouble walking"),
    "cannot walk": ("unable to walk", "trouble walking"),
    "slurred": ("slurred speech",),
    "words are coming out slurred": ("slurred speech",),
    # A rash that stays under a glass
    "doesn t fade": ("does not fade",),
    "don t fade": ("does not fade",),
    "doesn t go away when i press": ("does not fade when pressed",),
    "don t go away when i press": ("does not fade when pressed",),
    # Fits, faints and weakness
    "convulsion": ("seizure", "fit"),
    "convulsions": ("seizure", "fit"),
    "convulsing": ("seizure", "fit"),
    "fitting": ("seizure", "fit"),
    "legs like jelly": ("weak legs", "weakness"),
    "jelly legs": ("weak legs", "weakness"),
    "face drooping": ("drooping", "facial droop"),
    "face dropped": ("drooping", "facial droop"),
    # Fainting and consciousness
    "nearly fainted": ("light headed", "faint"),
    "almost fainted": ("light headed", "faint"),
    "nearly passed out": ("light headed", "faint"),
    "black out": ("blackout", "fainting"),
    "knocked out": ("loss of consciousness",),
    "out cold": ("loss of consciousness",),
    # Medicines saved up to end a life: a warning sign of suicide, whatever else is said
    "saved up pills": ("overdose", "ending your life", "suicide"),
    "saved up tablets": ("overdose", "ending your life", "suicide"),
    "stockpiling pills": ("overdose", "ending your life", "suicide"),
    "stockpiled pills": ("overdose", "ending your life", "suicide"),
    "take an overdose": ("overdose", "ending your life", "suicide"),
    # Thoughts of suicide
    "end my life": ("ending your life", "suicide"),
    "kill myself": ("ending your life", "suicide"),
    "want to die": ("ending your life", "suicide"),
    "suicidal": ("suicide", "ending your life"),
    "self harm": ("harmed yourself",),
    # Thoughts of suicide and self-harm, as people put them
    "top myself": ("ending your life", "suicide"),
    "end it all": ("ending your life", "suicide"),
    "ending it all": ("ending your life", "suicide"),
    "better off dead": ("ending your life", "suicide"),
    "take my own life": ("ending your life", "suicide"),
    "cutting myself": ("self harm", "harmed yourself"),
    "self harming": ("self harm", "harmed yourself"),
    # Emergencies as readers tell them, in the words of the signs they meet (a blind writer's way of
    # telling each entry's emergency, 2026-12-07: each row says the same thing, never a diagnosis)
    "massive headache": ("very bad headache", "severe headache", "very severe headache"),
    "agonising headache": ("very bad headache", "severe headache", "very severe headache"),
    "worst i ve ever had": ("very bad", "very severe"),
    "worst ever": ("very bad", "very severe"),
    "not waking up": _HARD_TO_WAKE,
    "not properly waking up": _HARD_TO_WAKE,
    "can t wake": _HARD_TO_WAKE,
    "can barely wake": _HARD_TO_WAKE,
    "barely wake": _HARD_TO_WAKE,
    "floppy": ("drowsy", "limp"),
    "won t stop bleeding": ("heavy bleeding", "bleeding that will not stop"),
    "wont stop bleeding": ("heavy bleeding", "bleeding that will not stop"),
    "bleeding everywhere": ("heavy bleeding",),
    "blood pouring": ("heavy bleeding",),
    "pouring blood": ("heavy bleeding",),
    "cupful of blood": ("a lot of blood",),
    "lots of blood": ("a lot of blood",),
    "seeing things": ("seeing things that are not there", "hallucinations"),
    "seeing bugs": ("seeing things that are not there", "hallucinations"),
    "hallucinating": ("seeing things that are not there", "hallucinations"),
    "shaking badly": ("severe shaking",),
    "stopped drinking": ("stopping alcohol", "stopped alcohol"),
    "hydrocortisone": ("steroid tablets", "steroids"),
    "prednisolone": ("steroid tablets", "steroids"),
    "prednisone": ("steroid tablets", "steroids"),
    "hypo": ("low blood sugar", "very low blood sugar"),
    "no wet nappy": ("no pee", "passing very little pee"),
    "no wet nappies": ("no pee", "passing very little pee"),
    "no wet diaper": ("no pee", "passing very little pee"),
    "no wet diapers": ("no pee", "passing very little pee"),
    "barely peed": ("passing very little pee", "peeing very little"),
    "barely weed": ("passing very little pee", "peeing very little"),
    "hardly peed": ("passing very little pee", "peeing very little"),
    "going dark": ("loss of sight", "dark curtain"),
    "can barely see": ("loss of sight", "problems seeing"),
    "can t see properly": ("problems seeing", "blurred vision"),
    "cant see properly": ("problems seeing", "blurred vision"),
    "feel awful": ("feeling very unwell", "unwell"),
    "feeling awful": ("feeling very unwell", "unwell"),
    "feel terrible": ("feeling very unwell", "unwell"),
    "feel dreadful": ("feeling very unwell", "unwell"),
    "fell asleep": ("asleep", "sleep"),
    "weaker": ("weakness", "weak"),
    "getting weaker": ("weakness", "weak"),
    "cut myself": ("self harm", "harmed yourself"),
    "hurt myself on purpose": ("self harm", "harmed yourself"),
    "period won t stop": ("heavy bleeding", "bleeding that will not stop"),
    "bleeding won t stop": ("heavy bleeding", "bleeding that will not stop"),
    "soaking a pad": ("heavy bleeding",),
    "freezing cold": ("cold", "very cold"),
    "juice": ("sugary drink", "something sugary"),
    "sweets": ("something sugary", "sugary"),
    "candy": ("something sugary", "sugary"),
    "glucose tablets": ("something sugary", "sugary"),
    "jelly babies": ("something sugary", "sugary"),
}
