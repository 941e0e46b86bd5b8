"""How a strength exercise moves on: pure functions, no Django.

docs/domain.md, "Strength alongside length" (ACSM 2009): 2-3 sets of 8-12 repetitions near
fatigue; add repetitions, then a harder version, when the last set feels easy twice. The
runner rates the last set of each exercise: easy, about right, or hard. Where the rule is
silent we step back the same way: hard twice, fewer repetitions, then the easier version.
Only ratings since the dose last changed count, so one change needs two new ratings. A step up
waits for a settled morning (docs/domain.md, "Back to running after pain": the next-morning
check is the signal for every step): with the hip above 3/10 that morning the dose stays.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from apps.plans import morning

EASY, RIGHT, HARD = "easy", "right", "hard"
EFFORTS = {EASY: "Easy", RIGHT: "About right", HARD: "Hard"}
EASIER, STANDARD, HARDER = "easier", "standard", "harder"
VERSIONS = (EASIER, STANDARD, HARDER)
REPS_LOW, REPS_HIGH, REPS_STEP = 8, 12, 2  # the strength range, and the step within it
HOLD_LOW, HOLD_HIGH, HOLD_STEP = 10, 30, 5  # seconds, for the side bridge's holds
IN_A_ROW = 2  # "when the last set feels easy twice"
MORNING_PAIN_MAX = morning.ACCEPTABLE_PAIN_MAX  # the hip that morning, out of 10


@dataclass(frozen=True)
class Dose:
    """An exercise's dose in a plan: sets of repetitions, or of holds (seconds), and which
    version of the exercise (easier, standard, harder)."""

    sets: int
    reps: int | None
    hold_seconds: int | None
    version: str = STANDARD

    @property
    def words(self) -> str:
        amount = f"{self.reps} repetitions" if self.reps else f"{self.hold_seconds} s holds"
        return f"{self.sets} sets of {amount}"


@dataclass(frozen=True)
class Step:
    dose: Dose
    words: str  # what changed and why, said to the runner
    held: bool = False  # the step is due but waits (the dose stays)


def _two_in_a_row(ratings: Sequence[str], effort: str) -> bool:
    return len(ratings) >= IN_A_ROW and all(r == effort for r in ratings[-IN_A_ROW:])


VERSION_WORDS = {
    EASIER: "the easier version",
    STANDARD: "the usual version",
    HARDER: "the harder version",
}


def _version(name: str, version: str, text: str) -> str:
    """ "the harder version of the bridge (the single-leg bridge ...)"."""
    described = f" ({text[0].lower()}{text[1:].rstrip('.')})" if text else ""
    return f"{VERSION_WORDS[version]} of the {name.lower()}{described}"


def next_dose(
    dose: Dose,
    ratings: Sequence[str],
    *,
    name: str,
    harder: str = "",
    easier: str = "",
    morning_pain: int | None = None,
) -> Step | None:
    """The dose after these ratings of the last set (oldest first, since the dose last
    changed), or None when it stays. `harder` and `easier` say what those versions are; an
    exercise without one does not move there. `morning_pain`: the runner's answer on the
    morning of the session's day, about the training before (0-10, None unanswered); above
    3/10 a step up is held, and said so."""
    if _two_in_a_row(ratings, EASY):
        step = _harder(dose, name, harder)
        if step is not None and morning_pain is not None and morning_pain > MORNING_PAIN_MAX:
            return Step(
                dose,
                f"{name}: the last set felt easy twice, but the hip was {morning_pain}/10 on "
                f"the morning of this session, more than the {MORNING_PAIN_MAX}/10 that is "
                "acceptable: the dose stays until a morning has settled.",
                held=True,
            )
        return step
    if _two_in_a_row(ratings, HARD):
        return _easier(dose, name, easier)
    return None


def _harder(dose: Dose, name: str, harder: str) -> Step | None:
    lead = f"{name}: the last set felt easy twice."
    if dose.reps is not None and dose.reps < REPS_HIGH:
        new = replace(dose, reps=min(dose.reps + REPS_STEP, REPS_HIGH))
        return Step(new, f"{lead} From the next session, {new.words}.")
    if dose.hold_seconds is not None and dose.hold_seconds < HOLD_HIGH:
        new = replace(dose, hold_seconds=min(dose.hold_seconds + HOLD_STEP, HOLD_HIGH))
        return Step(new, f"{lead} From the next session, {new.words}.")
    up = VERSIONS.index(dose.version) + 1
    if up == len(VERSIONS) or (VERSIONS[up] == HARDER and not harder):
        return None  # the top of the exercise: the dose keeps what was gained
    version = VERSIONS[up]
    new = Dose(
        dose.sets,
        REPS_LOW if dose.reps is not None else None,
        None if dose.reps is not None else HOLD_LOW + HOLD_STEP,
        version,
    )
    text = harder if version == HARDER else ""
    return Step(new, f"{lead} From the next session, {_version(name, version, text)}: {new.words}.")


def _easier(dose: Dose, name: str, easier: str) -> Step | None:
    lead = f"{name}: the last set felt hard twice."
    if dose.reps is not None and dose.reps > REPS_LOW:
        new = replace(dose, reps=max(dose.reps - REPS_STEP, REPS_LOW))
        return Step(new, f"{lead} From the next session, {new.words}.")
    if dose.hold_seconds is not None and dose.hold_seconds > HOLD_LOW:
        new = replace(dose, hold_seconds=max(dose.hold_seconds - HOLD_STEP, HOLD_LOW))
        return Step(new, f"{lead} From the next session, {new.words}.")
    down = VERSIONS.index(dose.version) - 1
    if down < 0 or (VERSIONS[down] == EASIER and not easier):
        return None  # the easiest dose already: it stays (pain is another matter)
    version = VERSIONS[down]
    new = Dose(
        dose.sets,
        REPS_LOW + REPS_STEP if dose.reps is not None else None,
        None if dose.reps is not None else HOLD_LOW + HOLD_STEP,
        version,
    )
    text = easier if version == EASIER else ""
    return Step(new, f"{lead} From the next session, {_version(name, version, text)}: {new.words}.")
