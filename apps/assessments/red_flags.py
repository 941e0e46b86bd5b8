"""When stretching is not the answer (docs/domain.md, "Red flags"): the questions, when to ask
them, and what a high pain score changes. Pure functions on plain values, no Django.
"""

from collections.abc import Iterable

# Asked as "In the last two weeks, ...?"; any yes means: see a clinician before stretching.
RED_FLAGS = (
    ("worsening", "Does the groin or hip pain get worse with each run, or when you hop?"),
    ("night_or_rest", "Does it hurt at night or when you are resting?"),
    ("numbness", "Any numbness, tingling or weakness in a leg?"),
    ("injury", "Did the pain start after a fall or a blow?"),
    ("unwell", "Fever, or feeling unwell, together with the pain?"),
    ("bladder_bowel", "Any change in your bladder or bowel control?"),
    ("severe", "Is the pain 7 out of 10 or worse?"),
    ("lasting", "Has the pain lasted two weeks or more without easing?"),
)
RED_FLAG_KEYS = tuple(key for key, _question in RED_FLAGS)
SEE_A_CLINICIAN = "See a physiotherapist or doctor before stretching or running on it."
# Why the first two matter in a runner: a femoral neck stress fracture must be ruled out.
STRESS_FRACTURE_FLAGS = frozenset({"worsening", "night_or_rest"})
# A change in bladder or bowel control can mean a compressed nerve root at the base of the spine
# (cauda equina): not a matter for the next appointment but for a doctor the same day.
URGENT_FLAGS = frozenset({"bladder_bowel"})

HIGH_PAIN = 6  # a pain score (0-10) from which the questions are asked and a plan starts gently
SEVERE_PAIN = 7  # a red flag in itself


def worst_pain(pain_scores: Iterable[int | None]) -> int | None:
    scores = [score for score in pain_scores if score is not None]
    return max(scores, default=None)


def must_ask(*, first_test: bool, pain_scores: Iterable[int | None]) -> bool:
    """Ask the red-flag questions at the first test, and whenever a pain score is high."""
    worst = worst_pain(pain_scores)
    return first_test or (worst is not None and worst >= HIGH_PAIN)


def flags_raised(answers: Iterable[str], pain_scores: Iterable[int | None]) -> list[str]:
    """The red flags that apply: the keys answered yes, and "severe" for a pain of 7 or more
    whatever was answered."""
    raised = [key for key in RED_FLAG_KEYS if key in set(answers)]
    worst = worst_pain(pain_scores)
    if worst is not None and worst >= SEVERE_PAIN and "severe" not in raised:
        raised.append("severe")
    return raised


def starts_gently(*, pain_scores: Iterable[int | None], pain_uphill: bool) -> bool:
    """High pain (6+) or pain running uphill: a plan's first week is gentler, and hills wait."""
    worst = worst_pain(pain_scores)
    return pain_uphill or (worst is not None and worst >= HIGH_PAIN)
