"""A stretch plan from a runner's latest test: pure functions, no Django.

Doses follow docs/domain.md: holds of 30 s (Bandy 1997: as good as 60 s), 2-4 repetitions,
5-7 sessions a week for 6 weeks (build), then 3 a week to keep the gains (maintenance); the
tighter side gets one extra set when the left/right difference is real. A test that shows no
tightness gets the maintenance dose only. Beside the stretches, strength on two days a week,
never two in a row (docs/domain.md, "Strength alongside length"; programme.py).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from apps.assessments import scoring
from apps.plans import programme

BUILD_WEEKS = 6
BUILD_SESSIONS_PER_WEEK = 6
MAINTENANCE_WEEKS = 6
MAINTENANCE_SESSIONS_PER_WEEK = 3
GENTLE_WEEKS = 1  # with high pain or pain uphill: docs/domain.md, "Red flags"
# ACSM 2009: 2-3 days a week; two leave room for the runner's own training.
STRENGTH_SESSIONS_PER_WEEK = 2
# One exercise for each part the article names, the core ones loading the psoas little
# (Juker 1998): a short session a runner keeps to. The catalogue has the others.
GENERATED_STRENGTH = (
    "lying-psoas-march",  # hip flexors through their short range
    "bridge",  # glute max
    "side-lying-hip-abduction",  # glute med
    "side-bridge",  # core
    "bird-dog",  # core
)
# A generated plan's schedule: build then maintain when the test shows tightness, else maintain.
BUILD_THEN_MAINTENANCE = {
    "weeks": BUILD_WEEKS + MAINTENANCE_WEEKS,
    "sessions_per_week": BUILD_SESSIONS_PER_WEEK,
    "maintenance_from_week": BUILD_WEEKS + 1,
    "maintenance_sessions_per_week": MAINTENANCE_SESSIONS_PER_WEEK,
}
MAINTENANCE_ONLY = {
    "weeks": MAINTENANCE_WEEKS,
    "sessions_per_week": MAINTENANCE_SESSIONS_PER_WEEK,
    "maintenance_from_week": None,
    "maintenance_sessions_per_week": None,
}
# The figures pages give when they describe a generated plan before there is one.
SCHEDULE_FIGURES = {
    "build_weeks": BUILD_WEEKS,
    "build_sessions": BUILD_SESSIONS_PER_WEEK,
    "maintenance_weeks": MAINTENANCE_WEEKS,
    "maintenance_sessions": MAINTENANCE_SESSIONS_PER_WEEK,
}


@dataclass(frozen=True)
class StretchDose:
    """A catalogue stretch's default dose. Hold stretches have hold_seconds, others reps."""

    slug: str
    name: str
    sets: int
    hold_seconds: int | None
    reps: int | None
    rep_hold_seconds: int | None = None


@dataclass(frozen=True)
class ItemDraft:
    slug: str
    sets: int
    hold_seconds: int | None
    reps: int | None
    extra_set_side: str  # "left", "right" or ""


@dataclass(frozen=True)
class PlanDraft:
    title: str
    reason: str
    weeks: int
    sessions_per_week: int
    maintenance_from_week: int | None
    maintenance_sessions_per_week: int | None
    items: tuple[ItemDraft, ...]
    gentle_weeks: int = 0  # weeks at the start with a set fewer and no dynamic stretches
    strength_sessions_per_week: int | None = None  # None: no strength exercise in the plan


def seconds_per_side(item: ItemDraft, dose: StretchDose, side: str) -> int:
    """Time under stretch for one side in one session, in seconds."""
    sets = item.sets + (1 if item.extra_set_side == side else 0)
    if item.hold_seconds is not None:
        return sets * item.hold_seconds
    return sets * (item.reps or 0) * (dose.rep_hold_seconds or 2)


def generate_plan(
    *,
    hip_left: float,
    hip_right: float,
    knee_left: float | None,
    knee_right: float | None,
    stretches: Sequence[StretchDose],
    thresholds: scoring.Thresholds,
    gentle: bool = False,
    strength: Sequence[StretchDose] = (),
) -> PlanDraft:
    """The plan for a runner whose latest test read these angles (degrees, + hip = above level);
    `thresholds`: what the test's instrument can tell apart (verdicts.thresholds).

    A build phase then maintenance, as docs/domain.md's default plan, when the test shows
    tightness: a hip above the instrument's level band or a knee well under the athletes' mean.
    Otherwise (both sides at or below level) the maintenance dose only. The tighter side (scoring's
    imbalance) gets an extra set when the hip imbalance is real, or else when the knee
    imbalance is. `gentle` (high pain, or pain running uphill: red_flags.starts_gently) makes
    the first week gentler: a set fewer of each stretch and no dynamic stretch
    (PlanItem.in_session: the half-kneeling lunge waits, the held Warrior I stays).
    `strength`: the catalogue's strength exercises; those of GENERATED_STRENGTH go in at their
    default dose, the same on both sides (the test measures length, not strength), on
    STRENGTH_SESSIONS_PER_WEEK days.
    """
    deg = scoring.degrees_text
    reasons = []
    hip = scoring.hip_imbalance(hip_left, hip_right, thresholds)
    knee = (
        scoring.knee_imbalance(knee_left, knee_right, thresholds)
        if knee_left is not None and knee_right is not None
        else None
    )
    tighter = ""
    if hip.is_real:
        tighter = hip.tighter_side
        reasons.append(
            f"{tighter.capitalize()} {deg(abs(hip.left_minus_right))}° tighter: one extra set "
            f"on the {tighter} of every stretch."
        )
    elif knee is not None and knee.is_real:
        tighter = knee.tighter_side
        reasons.append(
            f"{tighter.capitalize()} knee bends {deg(abs(knee.left_minus_right))}° less: one "
            f"extra set on the {tighter} of every stretch."
        )
    else:
        reasons.append(
            f"Left and right within {deg(thresholds.hip_degrees)}° of each other: the same dose "
            "on both sides."
        )
    items = tuple(
        ItemDraft(
            slug=dose.slug,
            sets=dose.sets,
            hold_seconds=dose.hold_seconds,
            reps=dose.reps,
            extra_set_side=tighter,
        )
        for dose in stretches
    )
    band = thresholds.level_band
    tight_hips = [
        side
        for side, angle in zip(scoring.SIDES, (hip_left, hip_right), strict=True)
        if scoring.psoas_verdict(angle, band).tight
    ]
    tight_knees = [
        side
        for side, angle in zip(scoring.SIDES, (knee_left, knee_right), strict=True)
        if angle is not None
        and scoring.rectus_femoris_verdict(angle, thresholds.knee_degrees).tight
    ]
    # Both sides at or below level (docs/domain.md, "Dose"): the maintenance dose, whatever
    # the difference between them, which still gets its extra set.
    maintenance_only = not (tight_hips or tight_knees)
    if tight_hips:
        reasons.append(
            f"Hip angle above level on the {' and '.join(tight_hips)}, beyond the "
            f"±{deg(band)}° of measurement error: points to tight hip flexors."
        )
    elif maintenance_only:
        reasons.append(
            f"Hip angle about level or below on both sides (within ±{deg(band)}° counts as "
            "level), and nothing tight: the maintenance dose only, to keep the result."
        )
    else:
        reasons.append(
            f"Hip angle about level or below on both sides (within ±{deg(band)}° counts as level)."
        )
    chosen = [dose for dose in strength if dose.slug in GENERATED_STRENGTH]
    if gentle:
        reasons.append(
            "The latest test reports high pain or pain running uphill: the first week is "
            "gentler, a set fewer of each stretch and no dynamic stretches (no lunges in "
            "repetitions; the held standing lunge stays), and hills wait until the pain settles."
            + (" Strength starts after the gentle week." if chosen else "")
        )
    if maintenance_only:
        reasons.append(
            f"{MAINTENANCE_WEEKS} weeks of {MAINTENANCE_SESSIONS_PER_WEEK} sessions a week, the "
            "dose that keeps length (30-second holds); the weekly test shows if more is needed."
        )
    else:
        reasons.append(
            f"{BUILD_WEEKS} weeks of {BUILD_SESSIONS_PER_WEEK} sessions a week to build length, "
            f"then {MAINTENANCE_SESSIONS_PER_WEEK} a week to keep it (30-second holds gained as "
            "much as 60-second ones in a study of the hamstrings)."
        )
    if tight_knees:
        reasons.append(
            f"Knee bend well under the athletes' average on the {' and '.join(tight_knees)}: "
            "the rectus femoris is likely tight too; let the hanging knee bend in the "
            "edge-of-table stretch."
        )
    by_slug = {dose.slug: dose for dose in stretches}
    per_session = min(
        sum(seconds_per_side(item, by_slug[item.slug], side) for item in items)
        for side in scoring.SIDES
    )
    weekly = per_session * MAINTENANCE_SESSIONS_PER_WEEK
    reasons.append(
        f"About {round(weekly / 60)} minutes a week per side of stretching at the least."
    )
    if chosen:
        reasons.append(_strength_reason(chosen))
    return PlanDraft(
        title="Hip-flexor maintenance plan" if maintenance_only else "Hip-flexor plan",
        reason=" ".join(reasons),
        items=items
        + tuple(
            ItemDraft(
                slug=dose.slug,
                sets=dose.sets,
                hold_seconds=dose.hold_seconds,
                reps=dose.reps,
                extra_set_side="",
            )
            for dose in chosen
        ),
        gentle_weeks=GENTLE_WEEKS if gentle else 0,
        strength_sessions_per_week=STRENGTH_SESSIONS_PER_WEEK if chosen else None,
        **(MAINTENANCE_ONLY if maintenance_only else BUILD_THEN_MAINTENANCE),
    )


def _strength_reason(chosen: Sequence[StretchDose]) -> str:
    days = programme.weekday_names(programme.STRENGTH_WEEKDAYS[:STRENGTH_SESSIONS_PER_WEEK])
    names = [dose.name.lower() for dose in chosen]
    listed = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
    return (
        f"Strength on {STRENGTH_SESSIONS_PER_WEEK} days a week, never two in a row ({days}), "
        f"after the stretches: {listed}. Length and strength are worked together: the hip "
        "flexors through the short range the stretches do not reach, the glutes and the "
        "trunk around them. Keep strength days to easy days or after an easy run, never "
        "before a hard session. Rate the last set of each exercise: two sessions rated easy "
        "move it on to more repetitions, then to its harder version."
    )
