"""A plan that follows the tests, in blocks of about 6 weeks: pure functions, no Django.

docs/domain.md, "Progression: a plan that follows the tests". At the block's end, or sooner
when the test changes for real: both hips at or below level on two tests in a row and no real
imbalance moves to maintenance early; a real improvement carries on; no real change after 6
weeks at 80 % adherence or more suggests a physiotherapist; pain up by 2, a session rated 7+ or
a next-morning check above 3/10 after training brings a lighter week and the red-flag
questions. A plan never just ends: its last week names the next block (maintenance, or another
block to build length) and the re-test.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from apps.assessments import red_flags, scoring
from apps.plans import generator, morning

BLOCK_WEEKS = generator.BUILD_WEEKS
BUILD_SESSIONS_PER_WEEK = generator.BUILD_SESSIONS_PER_WEEK
MAINTENANCE_SESSIONS_PER_WEEK = generator.MAINTENANCE_SESSIONS_PER_WEEK
PHYSIO_ADHERENCE_PERCENT = 80
HARD_SESSION_RATING = 7  # a session rated this (0-10) or more was past a gentle pull
LIGHTER_DAYS = 7
LIGHTER_HOLD_SECONDS = 20  # ACSM: holds of 10-30 s; the lower end for a lighter week
LUNGES = ("half-kneeling-lunge", "warrior-one")  # the catalogue's lunges, out of a lighter week

MAINTENANCE, CARRY_ON, PHYSIO, LIGHTER, NEXT_BLOCK = (
    "maintenance", "carry_on", "physio", "lighter", "next_block",
)  # fmt: skip
KINDS = {
    MAINTENANCE: "Maintenance early",
    CARRY_ON: "Carry on",
    PHYSIO: "See a physiotherapist",
    LIGHTER: "A lighter week",
    NEXT_BLOCK: "The next block",
}
# The decisions that change a plan (a generated one; a coach's is only told of them).
CHANGES_PLAN = frozenset({MAINTENANCE, LIGHTER, NEXT_BLOCK})
LIGHTER_WORDS = (
    f"a set fewer of each stretch, holds of {LIGHTER_HOLD_SECONDS} s, no lunges and no "
    "strength work"
)


@dataclass(frozen=True)
class Reading:
    """One test as a block reads it: the hip angles (degrees, + above level), what its
    instrument can tell apart, and the pain by region (0-10, scoring.PAIN_REGIONS keys)."""

    taken_on: date
    hip_left: float
    hip_right: float
    thresholds: scoring.Thresholds
    pain: Mapping[str, int | None]

    @property
    def at_or_below_level(self) -> bool:
        """Both hips at or below level, within the instrument's band around level."""
        band = self.thresholds.level_band
        return not any(
            scoring.psoas_verdict(angle, band).tight for angle in (self.hip_left, self.hip_right)
        )

    @property
    def imbalance(self) -> scoring.Imbalance:
        return scoring.hip_imbalance(self.hip_left, self.hip_right, self.thresholds)


@dataclass(frozen=True)
class Decision:
    kind: str
    reason: str  # in plain words, to the runner and to a coach alike

    @property
    def changes_plan(self) -> bool:
        return self.kind in CHANGES_PLAN

    @property
    def title(self) -> str:
        return KINDS[self.kind]


def _day(day: date) -> str:
    return f"{day:%-d %B}"


def _wider(earlier: Reading, later: Reading) -> scoring.Thresholds:
    """A change between two instruments must be real for both: the wider figures."""
    a, b = earlier.thresholds, later.thresholds
    return scoring.Thresholds(
        max(a.hip_degrees, b.hip_degrees),
        max(a.knee_degrees, b.knee_degrees),
        max(a.level_band, b.level_band),
    )


def hip_changes(earlier: Reading, later: Reading) -> list[tuple[str, scoring.Change]]:
    """(side, change of its hip angle) from `earlier` to `later`."""
    limits = _wider(earlier, later)
    return [
        (
            side,
            scoring.hip_change(
                getattr(earlier, f"hip_{side}"), getattr(later, f"hip_{side}"), limits
            ),
        )
        for side in scoring.SIDES
    ]


def decide(
    *,
    readings: Sequence[Reading],
    weeks_in_block: int,
    adherence_percent: int | None,
    in_maintenance: bool,
    hard_session: tuple[date, int] | None = None,
    unsettled_morning: tuple[date, int] | None = None,
) -> Decision | None:
    """What the tests of this block say to do, or None.

    `readings`: the test the block was built from, then every test since it started, oldest
    first. `weeks_in_block`: whole weeks since the block started. `adherence_percent`: the
    sessions done of those planned in the block's finished weeks (None: none planned yet).
    `in_maintenance`: the plan keeps length already. `hard_session`: (day, rating 0-10) of a
    session just finished, when rated HARD_SESSION_RATING or more. `unsettled_morning`: (day,
    pain 0-10) of a next-morning check above morning.ACCEPTABLE_PAIN_MAX after training the day
    before: the pain had not settled, a step back.
    """
    if lighter := _lighter(readings, hard_session, unsettled_morning):
        return lighter
    if len(readings) < 2:
        return None
    latest, block_start = readings[-1], readings[0]
    previous = readings[-2]
    limits = latest.thresholds
    if (
        not in_maintenance
        and latest.at_or_below_level
        and previous.at_or_below_level
        and not latest.imbalance.is_real
        and not previous.imbalance.is_real
    ):
        return Decision(
            MAINTENANCE,
            f"Both hips about level or below on the tests of {_day(previous.taken_on)} and "
            f"{_day(latest.taken_on)} (within ±{scoring.degrees_text(limits.level_band)}° "
            "counts as level), and left and right within "
            f"{scoring.degrees_text(limits.hip_degrees)}° of each other: maintenance starts "
            f"early, {MAINTENANCE_SESSIONS_PER_WEEK} sessions a week for {BLOCK_WEEKS} weeks, "
            "the dose that keeps the result. The weekly test shows if more is needed.",
        )
    changes = hip_changes(block_start, latest)
    improved = [(side, change) for side, change in changes if change.improved]
    if improved:
        said = " and ".join(
            f"{scoring.degrees_text(abs(change.degrees))}° lower on the {side}"
            for side, change in improved
        )
        return Decision(
            CARRY_ON,
            f"Since the test of {_day(block_start.taken_on)} the thigh rests {said}, beyond "
            f"the {scoring.degrees_text(_wider(block_start, latest).hip_degrees)}° of "
            "measurement error: the plan carries on as it is.",
        )
    if (
        not in_maintenance
        and weeks_in_block >= BLOCK_WEEKS
        and adherence_percent is not None
        and adherence_percent >= PHYSIO_ADHERENCE_PERCENT
    ):
        return Decision(
            PHYSIO,
            f"After {weeks_in_block} weeks with {adherence_percent} % of the sessions done, "
            f"the test shows no real change since {_day(block_start.taken_on)} (within the "
            f"{scoring.degrees_text(_wider(block_start, latest).hip_degrees)}° of measurement "
            "error). Something other than muscle length may be at play, such as the hip joint, "
            "the rectus femoris or how the pelvis is held: a physiotherapist can examine what "
            "a self-test cannot. The plan carries on meanwhile.",
        )
    return None


def _lighter(readings: Sequence[Reading], hard_session, unsettled_morning) -> Decision | None:
    questions = (
        "Answer the pain questions first: if any applies, see a physiotherapist or doctor "
        "before stretching or running on it."
    )
    if len(readings) >= 2:
        latest, previous = readings[-1], readings[-2]
        if red_flags.pain_rose(latest.pain, previous.pain):
            rises = [
                f"{scoring.PAIN_REGION_LABELS[region].lower()} pain from {previous.pain[region]} "
                f"to {latest.pain[region]}/10"
                for region in red_flags.PAIN_RISE_REGIONS
                if latest.pain.get(region) is not None
                and previous.pain.get(region) is not None
                and latest.pain[region] - previous.pain[region] >= red_flags.PAIN_RISE
            ]
            return Decision(
                LIGHTER,
                f"On the test of {_day(latest.taken_on)}, {' and '.join(rises)} since the test "
                f"of {_day(previous.taken_on)}: a lighter week, {LIGHTER_WORDS}, then the plan "
                f"as before. {questions}",
            )
    if hard_session is not None:
        day, rating = hard_session
        return Decision(
            LIGHTER,
            f"The session of {_day(day)} was rated {rating}/10, past a gentle pull: a lighter "
            f"week, {LIGHTER_WORDS}, then the plan as before. {questions}",
        )
    if unsettled_morning is not None:
        day, pain = unsettled_morning
        return Decision(
            LIGHTER,
            f"On the morning of {_day(day)}, the day after training, the hip was {pain}/10, "
            f"more than the {morning.ACCEPTABLE_PAIN_MAX}/10 that is acceptable the morning "
            f"after: the pain had not settled. A lighter week, {LIGHTER_WORDS}, then the plan "
            f"as before. {questions}",
        )
    return None


@dataclass(frozen=True)
class NextBlock:
    kind: str  # MAINTENANCE, or CARRY_ON for another block that builds length
    weeks: int
    sessions_per_week: int
    words: str  # what comes next, said to the runner


def next_block(latest: Reading | None) -> NextBlock:
    """What follows a plan's last week: maintenance when the latest test shows both hips at or
    below level without a real imbalance, else another block to build length."""
    if latest is not None and latest.at_or_below_level and not latest.imbalance.is_real:
        return NextBlock(
            MAINTENANCE,
            BLOCK_WEEKS,
            MAINTENANCE_SESSIONS_PER_WEEK,
            f"{BLOCK_WEEKS} weeks of maintenance, {MAINTENANCE_SESSIONS_PER_WEEK} sessions a "
            "week, to keep the result: the latest test shows both hips about level or below.",
        )
    return NextBlock(
        CARRY_ON,
        BLOCK_WEEKS,
        BUILD_SESSIONS_PER_WEEK,
        f"{BLOCK_WEEKS} more weeks of {BUILD_SESSIONS_PER_WEEK} sessions a week to build "
        "length: the latest test still points to tight hip flexors.",
    )
