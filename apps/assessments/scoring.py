"""What a weekly hip-flexor test means: pure functions on plain numbers, no Django.

Sign conventions (docs/domain.md):
- hip angle, degrees: the thigh's angle to the table in the modified Thomas test, + above level
  (tight one-joint hip flexors: psoas/iliacus), 0 level, - below the table. Within the
  instrument's measurement band around 0 a reading is "about level", neither tight nor passed.
- knee angle, degrees of passive knee flexion in the same position; less bend = tighter rectus
  femoris. Two references: the classic 80 degree pass mark (Kendall) and 52.5, the mean measured
  in elite athletes (Harvey 1998); a reading is placed between them, never failed on the first.
- imbalance: left minus right, in degrees, never in percent.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# The body regions a runner scores pain in (0-10), in body order: (key, label).
PAIN_REGIONS = (
    ("low_back", "Low back"),
    ("hip", "Hip"),
    ("groin", "Groin"),
    ("glute", "Glute"),
    ("hamstring", "Hamstring"),
)
PAIN_REGION_LABELS = dict(PAIN_REGIONS)

HIP_PASS_MAX_DEGREES = 0
HIP_POPULATION_MEAN_DEGREES = -11.9
KNEE_PASS_MIN_DEGREES = 80
KNEE_POPULATION_MEAN_DEGREES = 52.5

LEFT = "left"
RIGHT = "right"
SIDES = (LEFT, RIGHT)


@dataclass(frozen=True)
class Thresholds:
    """What one instrument can tell apart, in degrees: the smallest hip and knee changes or
    left/right differences that count as real (beyond measurement error), and the band around
    level within which one hip reading is "about level". Built from settings in one place:
    verdicts.thresholds(instrument)."""

    hip_degrees: float
    knee_degrees: float
    level_band: float = 0.0


TIGHT, LEVEL, GOOD, PASSES, SHORT, AROUND_MEAN, SHORTER = (
    "tight", "level", "good", "passes", "short", "around-mean", "shorter",
)  # fmt: skip

# Kendall's step on a thigh that stays up: straighten the hanging knee, and see whether the
# thigh drops (a short rectus femoris) or stays up (short one-joint hip flexors).
NOT_DONE, DROPPED, STAYED_UP = "not_done", "dropped", "stayed_up"


@dataclass(frozen=True)
class Verdict:
    tight: bool
    text: str
    kind: str = ""  # TIGHT, LEVEL or GOOD (passed) for a hip; PASSES, SHORT, AROUND_MEAN, SHORTER


@dataclass(frozen=True)
class Imbalance:
    left_minus_right: float
    tighter_side: str | None  # "left", "right" or None when equal
    is_real: bool
    text: str

    @property
    def short_text(self) -> str:
        """For tables: "left +4.5°" (the tighter side and by how much), or "even"."""
        if self.tighter_side is None:
            return "even"
        return f"{self.tighter_side} +{degrees_text(abs(self.left_minus_right))}°"


@dataclass(frozen=True)
class Change:
    degrees: float  # current minus earlier, signed
    is_real: bool
    improved: bool | None  # None when the change is not real
    text: str


def degrees_text(value: float) -> str:
    """12.0 -> "12", 7.5 -> "7.5"."""
    rounded = round(value, 1)
    return f"{rounded:g}"


def describe_hip_angle(angle: float) -> str:
    """The hip angle in words: "8 deg above level", "level", "5 deg below level"."""
    if angle > 0:
        return f"{degrees_text(angle)}° above level"
    if angle < 0:
        return f"{degrees_text(-angle)}° below level"
    return "level with the table"


def psoas_verdict(hip_angle: float, level_band: float, knee_straightened: str = NOT_DONE):
    """The hip flexors from the hip angle, as far as the test can tell.

    Within +/- level_band degrees of level (the instrument's measurement error) a single reading
    is "about level": it points neither way. Above it, the thigh staying up points to tight hip
    flexors, but not to which one (the joint capsule, the adductors and a bent-knee rectus
    femoris raise it too): Kendall's step (`knee_straightened`: DROPPED, STAYED_UP or NOT_DONE)
    tells the rectus femoris from the psoas/iliacus. Below it, the test is passed; athletes
    average 11.9 degrees below level (Harvey 1998), shown beside it.
    """
    words = describe_hip_angle(hip_angle)
    if hip_angle == 0:
        return Verdict(False, words, LEVEL)
    if abs(hip_angle) <= level_band:
        detail = words.removesuffix(" level")
        return Verdict(False, f"about level ({detail}, within measurement error)", LEVEL)
    if hip_angle > 0:
        if knee_straightened == DROPPED:
            return Verdict(
                True,
                f"{words}, and the thigh dropped with the knee straightened: points to a tight "
                "rectus femoris rather than the psoas/iliacus",
                TIGHT,
            )
        if knee_straightened == STAYED_UP:
            return Verdict(
                True,
                f"{words}, and the thigh stayed up with the knee straightened: points to tight "
                "one-joint hip flexors (psoas/iliacus)",
                TIGHT,
            )
        return Verdict(True, f"{words}: points to tight hip flexors", TIGHT)
    mean = degrees_text(-HIP_POPULATION_MEAN_DEGREES)
    return Verdict(False, f"{words}: passes (athletes average {mean}° below level)", GOOD)


def rectus_femoris_verdict(
    knee_angle: float, knee_threshold: float, baseline: float | None = None
) -> Verdict:
    """The rectus femoris from the passive knee bend, placed between the two references.

    At or past Kendall's 80 deg it passes the classic mark; from the athletes' mean (52.5 deg,
    Harvey 1998) up to 80 it is short of the mark but within what athletes measure; within the
    knee's measurement error below that mean it is around their average; further below, shorter
    than most athletes, and a tight rectus femoris is likely. `baseline`: the runner's first
    reading with the same instrument, shown beside it.
    """
    knee = f"knee {degrees_text(knee_angle)}°"
    mark, mean = KNEE_PASS_MIN_DEGREES, KNEE_POPULATION_MEAN_DEGREES
    if knee_angle >= mark:
        verdict = Verdict(False, f"{knee}: passes the classic {mark}° mark", PASSES)
    elif knee_angle >= mean:
        verdict = Verdict(
            False,
            f"{knee}: short of the classic {mark}° mark, within what athletes measure "
            f"(their average is {degrees_text(mean)}°)",
            SHORT,
        )
    elif knee_angle >= mean - knee_threshold:
        verdict = Verdict(
            False,
            f"{knee}: short of the classic {mark}° mark, around the athletes' average of "
            f"{degrees_text(mean)}°",
            AROUND_MEAN,
        )
    else:
        verdict = Verdict(
            True,
            f"{knee}: shorter than most athletes measure (their average is "
            f"{degrees_text(mean)}°): a tight rectus femoris is likely",
            SHORTER,
        )
    if baseline is None:
        return verdict
    return Verdict(
        verdict.tight,
        f"{verdict.text}; baseline {degrees_text(baseline)}°",
        verdict.kind,
    )


def knee_to_chest_verdict(result: str) -> Verdict | None:
    """Supine knee-to-chest: the straight leg lifting off the floor points to tight hip flexors,
    but only if the knee was pulled in just until the lower back was flat."""
    if result == "lifted":
        return Verdict(
            True,
            "leg lifted off the floor: points to tight hip flexors, if the knee was pulled in "
            "only until the lower back was flat (pulling further lifts the leg anyway)",
            TIGHT,
        )
    if result == "stayed_down":
        return Verdict(False, "leg stayed down: passed", GOOD)
    return None


def hip_imbalance(left: float, right: float, thresholds: Thresholds) -> Imbalance:
    """Left minus right hip angle; the side whose thigh stays higher is the tighter one."""
    return _imbalance(left - right, higher_is_tighter=True, threshold=thresholds.hip_degrees)


def knee_imbalance(left: float, right: float, thresholds: Thresholds) -> Imbalance:
    """Left minus right knee bend; the side that bends less is the tighter one."""
    return _imbalance(left - right, higher_is_tighter=False, threshold=thresholds.knee_degrees)


def _imbalance(difference: float, *, higher_is_tighter: bool, threshold: float) -> Imbalance:
    # Decide on the value shown (to 0.1 degree), so "5°" is never called "within error".
    difference = round(difference, 1)
    if difference == 0:
        return Imbalance(0.0, None, False, "left and right are even")
    left_higher = difference > 0
    tighter = LEFT if left_higher == higher_is_tighter else RIGHT
    is_real = abs(difference) >= threshold
    other = RIGHT if tighter == LEFT else LEFT
    size = degrees_text(abs(difference))
    if is_real:
        return Imbalance(difference, tighter, True, f"{tighter} {size}° tighter than {other}")
    # Within the error no side is called tighter: what was measured, in words.
    measured = (
        f"{tighter} thigh {size}° higher"
        if higher_is_tighter
        else (f"{tighter} knee bends {size}° less")
    )
    return Imbalance(
        difference, tighter, False, f"left and right within measurement error ({measured})"
    )


def is_persistent(imbalances: Sequence[Imbalance]) -> bool:
    """Real, on the same side, on the two most recent tests (newest first)."""
    if len(imbalances) < 2:
        return False
    latest, previous = imbalances[0], imbalances[1]
    return latest.is_real and previous.is_real and latest.tighter_side == previous.tighter_side


def hip_change(earlier: float, current: float, thresholds: Thresholds) -> Change:
    """Change of a hip angle; down is better (the thigh drops toward or below the table). Worded
    as what was measured: the hip angle also reflects the tilt of the pelvis (Vigotsky 2016), so
    a lower thigh is not "longer hip flexors"."""
    return _change(
        current - earlier,
        lower_is_better=True,
        threshold=thresholds.hip_degrees,
        words=("better: the thigh rests lower", "worse: the thigh stays higher"),
    )


def knee_change(earlier: float, current: float, thresholds: Thresholds) -> Change:
    """Change of a knee bend; up is better (the knee bends further)."""
    return _change(
        current - earlier,
        lower_is_better=False,
        threshold=thresholds.knee_degrees,
        words=("better: the knee bends further", "worse: the knee bends less"),
    )


def _change(degrees, *, lower_is_better: bool, threshold: float, words) -> Change:
    degrees = round(degrees, 1)
    is_real = abs(degrees) >= threshold
    if not is_real:
        return Change(degrees, False, None, f"{_signed(degrees)}°, within measurement error")
    improved = (degrees < 0) == lower_is_better
    return Change(degrees, True, improved, f"{_signed(degrees)}°, {words[0 if improved else 1]}")


def _signed(value: float) -> str:
    return f"+{degrees_text(value)}" if value > 0 else degrees_text(value)


def mean_of_trials(trials: Sequence[float | None]) -> float | None:
    """The mean of the trials entered (1 to 3), to 0.1 degree; None when none was entered."""
    values = [value for value in trials if value is not None]
    if not values:
        return None
    return round(sum(values) / len(values), 1)


@dataclass(frozen=True)
class LegSummary:
    side: str
    psoas: Verdict | None
    rectus_femoris: Verdict | None
    knee_to_chest: Verdict | None


@dataclass(frozen=True)
class TestSummary:
    legs: tuple[LegSummary, LegSummary]
    hip_imbalance: Imbalance | None
    knee_imbalance: Imbalance | None

    @property
    def is_empty(self) -> bool:
        return not any(
            leg.psoas or leg.rectus_femoris or leg.knee_to_chest for leg in self.legs
        ) and not (self.hip_imbalance or self.knee_imbalance)


def summarize(
    *,
    hip_left: float | None,
    hip_right: float | None,
    knee_left: float | None = None,
    knee_right: float | None = None,
    knee_to_chest_left: str = "not_done",
    knee_to_chest_right: str = "not_done",
    knee_straightened_left: str = NOT_DONE,
    knee_straightened_right: str = NOT_DONE,
    knee_baseline: tuple[float, float] | None = None,
    thresholds: Thresholds,
) -> TestSummary:
    """Every verdict for one test, from whatever readings are present (None = not entered),
    with the thresholds of the test's instrument.

    knee_baseline: (left, right) knee angles of the runner's baseline test, shown beside them.
    """

    def leg(side, hip, knee, knee_to_chest, straightened, knee_baseline):
        return LegSummary(
            side=side,
            psoas=psoas_verdict(hip, thresholds.level_band, straightened)
            if hip is not None
            else None,
            rectus_femoris=rectus_femoris_verdict(knee, thresholds.knee_degrees, knee_baseline)
            if knee is not None
            else None,
            knee_to_chest=knee_to_chest_verdict(knee_to_chest),
        )

    both_hips = hip_left is not None and hip_right is not None
    both_knees = knee_left is not None and knee_right is not None
    baseline_left, baseline_right = knee_baseline or (None, None)
    return TestSummary(
        legs=(
            leg(
                LEFT, hip_left, knee_left, knee_to_chest_left, knee_straightened_left, baseline_left
            ),
            leg(
                RIGHT,
                hip_right,
                knee_right,
                knee_to_chest_right,
                knee_straightened_right,
                baseline_right,
            ),
        ),
        hip_imbalance=hip_imbalance(hip_left, hip_right, thresholds) if both_hips else None,
        knee_imbalance=knee_imbalance(knee_left, knee_right, thresholds) if both_knees else None,
    )


REMEASURE_FACTOR = 2  # a left/right difference this many times the real-change threshold
REMEASURE_TRIALS = 3


def needs_remeasure(imbalance: Imbalance, threshold: float, trials: int) -> bool:
    """A left/right difference far beyond the real-change threshold (2x or more) is first
    measured again, with the same instrument and three trials a side, before a plan changes."""
    return abs(imbalance.left_minus_right) >= REMEASURE_FACTOR * threshold and (
        trials < REMEASURE_TRIALS
    )


# The one finding a result page opens with: its tone (ATTENTION: a real imbalance or tight
# hips; CLEAR: about level or passing) always comes with words, never as a colour alone.
ATTENTION, CLEAR = "attention", "clear"


@dataclass(frozen=True)
class Finding:
    tone: str  # ATTENTION or CLEAR
    text: str  # the headline, e.g. "Left hip 8° tighter than the right"
    detail: str  # what it points to, in a sentence
    hips: tuple[Verdict, Verdict]  # the hip verdicts, left and right, for the body map

    @property
    def sides(self) -> str:
        """Both readings in a line: "left 8° above level, right level with the table"."""
        left, right = (hip.text.split(":")[0] for hip in self.hips)
        return f"left {left}, right {right}"


def finding(summary: TestSummary) -> Finding | None:
    """The answer first: a real left/right hip imbalance, else both hips read together (tight,
    about level or passing). None without both hip angles."""
    left, right = (leg.psoas for leg in summary.legs)
    imbalance = summary.hip_imbalance
    if left is None or right is None or imbalance is None:
        return None
    hips = (left, right)
    if imbalance.is_real:
        tighter = imbalance.tighter_side
        other = RIGHT if tighter == LEFT else LEFT
        size = degrees_text(abs(imbalance.left_minus_right))
        return Finding(
            ATTENTION,
            f"{tighter.capitalize()} hip {size}° tighter than the {other}",
            "A real difference between the sides (beyond measurement error): the tighter side "
            "gets an extra set in a plan.",
            hips,
        )
    if left.tight and right.tight:
        return Finding(
            ATTENTION,
            "Both hips tight, about even",
            "Both thighs stay above level: points to tight hip flexors on both sides.",
            hips,
        )
    if not left.tight and not right.tight:
        if left.kind == GOOD and right.kind == GOOD:
            return Finding(
                CLEAR,
                "Both sides pass, about even",
                "Both thighs rest below level, and left and right are within measurement error.",
                hips,
            )
        return Finding(
            CLEAR,
            "Both sides about level",
            "Left and right are within measurement error of each other, and neither thigh "
            "stays clearly above level.",
            hips,
        )
    tight_side = LEFT if left.tight else RIGHT
    return Finding(
        ATTENTION,
        f"{tight_side.capitalize()} hip tight, within error of the other",
        "One thigh stays above level; the difference between the sides is within measurement "
        "error.",
        hips,
    )
