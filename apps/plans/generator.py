"""A stretch plan from a runner's latest test: pure functions, no Django.

Doses follow ../shared/DOMAIN.md: holds of 30 s (Bandy 1997: as good as 60 s), 2-4 repetitions,
5-7 sessions a week for 6 weeks (build), then 3 a week to keep the gains (maintenance); the
tighter side gets one extra set when the left/right difference is real.
"""

from collections.abc import Sequence
from dataclasses import dataclass

BUILD_WEEKS = 6
BUILD_SESSIONS_PER_WEEK = 6
MAINTENANCE_WEEKS = 6
MAINTENANCE_SESSIONS_PER_WEEK = 3


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


def _deg(value: float) -> str:
    return f"{round(value, 1):g}"


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
    real_hip_degrees: float,
    real_knee_degrees: float = 10,
    knee_pass_degrees: float = 80,
) -> PlanDraft:
    """The plan for a runner whose latest test read these angles (degrees, + hip = above level).

    Always a build phase then maintenance, as DOMAIN.md's default plan. The tighter side gets an
    extra set when the hip imbalance is real, or else when the knee imbalance is.
    """
    reasons = []
    hip_difference = hip_left - hip_right
    tighter = ""
    if abs(round(hip_difference, 1)) >= real_hip_degrees:
        tighter = "left" if hip_difference > 0 else "right"
        reasons.append(
            f"{tighter.capitalize()} {_deg(abs(hip_difference))}° tighter: one extra set on the "
            f"{tighter} of every stretch."
        )
    elif (
        knee_left is not None
        and knee_right is not None
        and (abs(round(knee_left - knee_right, 1)) >= real_knee_degrees)
    ):
        # The knee that bends less is on the tighter side.
        tighter = "left" if knee_left < knee_right else "right"
        reasons.append(
            f"{tighter.capitalize()} knee bends {_deg(abs(knee_left - knee_right))}° less: one "
            f"extra set on the {tighter} of every stretch."
        )
    else:
        reasons.append(
            f"Left and right within {_deg(real_hip_degrees)}° of each other: the same dose on "
            "both sides."
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
    tight_hips = [side for side, angle in (("left", hip_left), ("right", hip_right)) if angle > 0]
    if tight_hips:
        reasons.append(
            f"Hip angle above level on the {' and '.join(tight_hips)}: tight hip flexors."
        )
    reasons.append(
        f"{BUILD_WEEKS} weeks of {BUILD_SESSIONS_PER_WEEK} sessions a week to build length, then "
        f"{MAINTENANCE_SESSIONS_PER_WEEK} a week to keep it (30-second holds work as well as 60)."
    )
    tight_knees = [
        side
        for side, angle in (("left", knee_left), ("right", knee_right))
        if angle is not None and angle < knee_pass_degrees
    ]
    if tight_knees:
        reasons.append(
            f"Knee bend under {_deg(knee_pass_degrees)}° on the {' and '.join(tight_knees)}: the "
            "rectus femoris is tight too; let the hanging knee bend in the edge-of-table stretch."
        )
    by_slug = {dose.slug: dose for dose in stretches}
    per_session = min(
        sum(seconds_per_side(item, by_slug[item.slug], side) for item in items)
        for side in ("left", "right")
    )
    weekly = per_session * MAINTENANCE_SESSIONS_PER_WEEK
    reasons.append(f"About {round(weekly / 60)} minutes a week per side at the least.")
    return PlanDraft(
        title="Hip-flexor plan",
        reason=" ".join(reasons),
        weeks=BUILD_WEEKS + MAINTENANCE_WEEKS,
        sessions_per_week=BUILD_SESSIONS_PER_WEEK,
        maintenance_from_week=BUILD_WEEKS + 1,
        maintenance_sessions_per_week=MAINTENANCE_SESSIONS_PER_WEEK,
        items=items,
    )
