"""When stretching is not the answer (docs/domain.md, section 6): the questions, when to ask
them, how urgent each answer is, and what a high pain score changes. Pure functions on plain
values, no Django.
"""

from collections.abc import Iterable, Mapping

# Asked about the last two weeks (night pain last week counts); any yes means: see a clinician
# before stretching or running, and the runner's plan is paused until it clears.
RED_FLAGS = (
    ("worsening", "Groin or hip pain that got worse with each run, or when you hopped?"),
    ("night_or_rest", "Pain at night, or while you were resting?"),
    ("numbness", "Numbness, tingling or weakness in a leg?"),
    ("injury", "Pain that started after a fall or a blow?"),
    ("unwell", "A fever, or feeling unwell, together with the pain?"),
    ("bladder_bowel", "Any change in your bladder or bowel control?"),
    ("severe", "Pain of 7 out of 10 or worse?"),
    ("lasting", "Pain that has gone on for two weeks or more without easing?"),
)
RED_FLAG_KEYS = tuple(key for key, _question in RED_FLAGS)
# The same signs in a few words, for a coach's roster and the runner's history of flags.
RED_FLAG_NAMES = {
    "worsening": "pain worse with each run or hop",
    "night_or_rest": "pain at night or at rest",
    "numbness": "numbness, tingling or weakness in a leg",
    "injury": "pain after a fall or a blow",
    "unwell": "fever or feeling unwell with the pain",
    "bladder_bowel": "a change in bladder or bowel control",
    "severe": "pain of 7/10 or more",
    "lasting": "pain not easing after two weeks",
}
SEE_A_CLINICIAN = "See a physiotherapist or doctor before stretching or running on it."

# How soon a clinician should see it, as the NHS care cards grade it: an emergency (a doctor
# today), urgent (a doctor within days), or not urgent (a physiotherapist or doctor first).
EMERGENCY, URGENT, NON_URGENT = "emergency", "urgent", "non-urgent"
LEVEL_ORDER = (EMERGENCY, URGENT, NON_URGENT)  # the most urgent first
# A change in bladder or bowel control can mean a compressed nerve root at the base of the
# spine (cauda equina), and a fever with hip or groin pain a joint infection: a doctor the same
# day. Pain worse with each run or hop, or at night or rest, is suspected bone stress in a
# runner: a femoral neck stress fracture must be ruled out within days (Robertson & Wood 2017).
# Pain after a fall can be a fracture: a doctor within days, the same day without weight-bearing.
LEVELS = {
    "bladder_bowel": EMERGENCY,
    "unwell": EMERGENCY,
    "worsening": URGENT,
    "night_or_rest": URGENT,
    "injury": URGENT,
    "numbness": NON_URGENT,
    "severe": NON_URGENT,
    "lasting": NON_URGENT,
}
STRESS_FRACTURE_FLAGS = frozenset({"worsening", "night_or_rest"})

HIGH_PAIN = 6  # a pain score (0-10) from which the questions are asked and a plan starts gently
SEVERE_PAIN = 7  # a red flag in itself, held until a later test scores below it
PAIN_RISE = 2  # points up since the test before, in a region of PAIN_RISE_REGIONS: ask again
PAIN_RISE_REGIONS = ("hip", "groin")
# The flag a pain score raises clears only by a later test below SEVERE_PAIN: the runner's
# answer alone does not release it.
CLEARS_BY_TEST = frozenset({"severe"})


def worst_pain(pain_scores: Iterable[int | None]) -> int | None:
    scores = [score for score in pain_scores if score is not None]
    return max(scores, default=None)


def pain_rose(pain: Mapping[str, int | None], previous: Mapping[str, int | None] | None) -> bool:
    """Hip or groin pain (0-10, by region key) up PAIN_RISE points or more since the test
    before, whatever its level; False without a test before or a score on both."""
    if not previous:
        return False
    return any(
        pain.get(region) is not None
        and previous.get(region) is not None
        and pain[region] - previous[region] >= PAIN_RISE
        for region in PAIN_RISE_REGIONS
    )


def must_ask(
    *,
    first_test: bool,
    pain: Mapping[str, int | None],
    previous_pain: Mapping[str, int | None] | None = None,
) -> bool:
    """Ask the red-flag questions at the first test, whenever a pain score is high (6+), and
    whenever hip or groin pain rose by 2 or more since the test before, at any level.
    `pain`, `previous_pain`: region key -> 0-10 (None when not scored)."""
    worst = worst_pain(pain.values())
    return (
        first_test or (worst is not None and worst >= HIGH_PAIN) or pain_rose(pain, previous_pain)
    )


def flags_raised(answers: Iterable[str], pain_scores: Iterable[int | None]) -> list[str]:
    """The red flags that apply: the keys answered yes, and "severe" for a pain of 7 or more
    whatever was answered."""
    raised = [key for key in RED_FLAG_KEYS if key in set(answers)]
    worst = worst_pain(pain_scores)
    if worst is not None and worst >= SEVERE_PAIN and "severe" not in raised:
        raised.append("severe")
    return raised


def pain_releases_hold(pain_scores: Iterable[int | None]) -> bool:
    """A test releases the hold of a pain of 7+ when it scores pain, and every score is below
    7. A test with no pain scored says nothing about the pain, and releases nothing."""
    worst = worst_pain(pain_scores)
    return worst is not None and worst < SEVERE_PAIN


def most_urgent(keys: Iterable[str]) -> str | None:
    """The most urgent level among the flags `keys` (LEVEL_ORDER), None without one."""
    levels = {LEVELS[key] for key in keys}
    return next((level for level in LEVEL_ORDER if level in levels), None)


def by_urgency(keys: Iterable[str]) -> list[str]:
    """The flags, the most urgent first, then in the questions' order."""
    keys = set(keys)
    return [
        key
        for level in LEVEL_ORDER
        for key in RED_FLAG_KEYS
        if key in keys and LEVELS[key] == level
    ]


# What a clinician would say, one sentence a sign that needs more than SEE_A_CLINICIAN; the
# care card shows them the most urgent first (advice_for).
ADVICE = {
    "bladder_bowel": "A change in bladder or bowel control needs a doctor today: call your "
    "doctor or an urgent care line now, or go to an emergency department if it came on "
    "suddenly or comes with numbness around the groin or weakness in the legs.",
    "bone_stress": "Stop running, and anything that hurts to stand or hop on, and see a doctor "
    "within days: in a runner, pain like this can be a stress fracture of the thigh bone (the "
    "femoral neck), which needs imaging to rule out; a missed one can break through and shift.",
    "unwell": "A fever or feeling unwell with hip or groin pain can be a joint infection: see a "
    "doctor today.",
    "injury": "Pain after a fall or a blow can be a fracture: see a doctor within days, and go "
    "to an emergency department today if you cannot put weight on the leg.",
}
# While a flag is open: what to do instead of the session.
INSTEAD = (
    "Until then, no stretching and no running. Keep to everyday activity that does not bring "
    "on the pain."
)


def advice_for(keys: Iterable[str]) -> list[str]:
    """What the runner is told for these flags, the most urgent first: the sentence of each
    sign that needs more than a clinician's appointment, then, for any flag, SEE_A_CLINICIAN."""
    keys = set(keys)
    advice = [ADVICE[key] for key in ("bladder_bowel", "unwell") if key in keys]
    if STRESS_FRACTURE_FLAGS & keys:
        advice.append(ADVICE["bone_stress"])
    if "injury" in keys:
        advice.append(ADVICE["injury"])
    if keys:
        advice.append(SEE_A_CLINICIAN)
    return advice


def starts_gently(*, pain_scores: Iterable[int | None], pain_uphill: bool) -> bool:
    """High pain (6+) or pain running uphill: a plan's first week is gentler, and hills wait."""
    worst = worst_pain(pain_scores)
    return pain_uphill or (worst is not None and worst >= HIGH_PAIN)
