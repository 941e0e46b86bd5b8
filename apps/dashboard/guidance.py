"""Guidance from the rules in docs/domain.md: plain values in, advice out, each saying what data
triggered it. No Django here."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from apps.assessments.red_flags import HIGH_PAIN
from apps.assessments.scoring import PAIN_REGION_LABELS
from apps.sitting.units import hours

CORE_REPS_PER_WEEK = 300  # sit-ups and crunches in a week that get the warning on core volume
LONG_SITTING_MINUTES = 8 * 60  # a day of at least this much sitting is a long one


CLIMBS_NAMED = 3  # the hilly runs the advice to avoid hills names


@dataclass(frozen=True)
class Advice:
    key: str
    title: str
    text: str
    because: str
    link_name: str  # a URL name for "what to do"
    link_text: str


def advise(
    *,
    latest_test_on: date | None,
    pain_scores: Sequence[tuple[str, int]],
    pain_uphill: bool,
    tender_to_touch: bool | None,
    core_reps_this_week: int,
    sitting_days: Sequence[tuple[date, int]],
    hip_change_since_baseline: float | None,
    improvement_is_real: bool,
    climbs_since_test: Sequence[tuple[date, int, int]] = (),
    red_flag: bool = False,
    has_plan: bool = False,
) -> list[Advice]:
    """pain_scores: (region key, 0-10) of the latest test; sitting_days: (day, minutes seated)
    this week; hip_change_since_baseline: degrees, the tighter side, latest minus first test;
    climbs_since_test: (day, hills, seconds climbing) of the imported runs since that test
    that had a hill, newest first; red_flag: a red flag is open (safety.hold_of), so nothing
    here advises stretching or running, which the red flag's card stops; has_plan: the runner
    has an active stretch plan."""
    advice = []
    worst = max(pain_scores, key=lambda pair: pair[1], default=None)
    if not red_flag and (pain_uphill or (worst and worst[1] >= HIGH_PAIN)):
        reason = (
            "running uphill hurts"
            if pain_uphill
            else f"{PAIN_REGION_LABELS[worst[0]].lower()} pain {worst[1]}/10"
        )
        because = f"Your test of {latest_test_on:%-d %B}: {reason}."
        if climbs_since_test:
            because += " Since then: " + "; ".join(
                f"{hills} hill{'s' if hills != 1 else ''} on your run of {day:%a %-d %b} "
                f"({round(seconds / 60)} min climbing)"
                for day, hills, seconds in climbs_since_test[:CLIMBS_NAMED]
            )
            if len(climbs_since_test) > CLIMBS_NAMED:
                because += f", and {len(climbs_since_test) - CLIMBS_NAMED} more hilly run(s)"
            because += "."
        advice.append(
            Advice(
                "avoid-hills",
                "Ease off hills and fast running for now",
                "On a climb the knee lifts higher, and the faster you run the harder the hip "
                "flexors work. Keep runs flat and easy until the pain settles; if it has not "
                "eased after two weeks, see a physiotherapist or doctor before running on it.",
                because,
                "runs:list" if climbs_since_test else "sitting:week",
                "See your runs and their hills" if climbs_since_test else "Log your runs and hills",
            )
        )
    # Tenderness is not specific (docs/domain.md): with a red flag open, no advice on it at all.
    if tender_to_touch and not red_flag:
        advice.append(
            Advice(
                "soft-tissue",
                "Tender to the touch",
                "At the front of the hip, a massage by a therapist may help before stretching. "
                "In the groin, do not massage it or roll on it: if it stays tender, see a "
                "physiotherapist, and if the pain grows with each run, stop running and see a "
                "doctor within days.",
                f"Your test of {latest_test_on:%-d %B}: tender when you pressed the front of the "
                "hip or the groin.",
                "plans:catalogue",
                "See the stretches",
            )
        )
    if core_reps_this_week >= CORE_REPS_PER_WEEK:
        advice.append(
            Advice(
                "core-volume",
                "Ease off the sit-ups",
                "Many sit-ups and crunches may keep the psoas short, and a full sit-up works the "
                "psoas far harder than a curl-up. Swap some for core work that loads it little: "
                "the side bridge, the bird dog, or the curl-up (lift only your head and "
                "shoulders).",
                f"{core_reps_this_week} sit-ups and crunches logged this week.",
                "sitting:week",
                "Review this week's log",
            )
        )
    long_days = [(day, minutes) for day, minutes in sitting_days if minutes >= LONG_SITTING_MINUTES]
    if long_days:
        day, minutes = max(long_days, key=lambda pair: pair[1])
        advice.append(
            Advice(
                "stand-up",
                "Stand up often" if red_flag else "Stand up and stretch",
                "Long hours in a chair go with tighter hip flexors. Stand up early and often, "
                "and sit tall without arching your lower back"
                + ("." if red_flag else ", and stretch after work."),
                f"You sat {hours(minutes)} on {day:%A}"
                + (f", and {len(long_days) - 1} more long day(s)" if len(long_days) > 1 else "")
                + " this week.",
                "sitting:week" if red_flag else "plans:my_plan",
                "This week's sitting" if red_flag else "Today's stretches",
            )
        )
    if hip_change_since_baseline is not None and improvement_is_real:
        # The hip angle also reflects pelvic tilt (docs/domain.md): the thigh, not the muscle.
        if red_flag:
            keep_going = "Your plan waits until the red flag has cleared."
        elif has_plan:
            keep_going = (
                "Keep going with your plan: after about six weeks, three sessions a week keep "
                "the gains."
            )
        else:
            keep_going = (
                "Three stretching sessions a week keep the gains; a plan from your latest test "
                "sets them out."
            )
        advice.append(
            Advice(
                "improving",
                "Your test has improved",
                "Your thigh rests lower in the test than at your first one, by more than "
                f"measurement error. {keep_going}",
                f"Tighter hip {abs(hip_change_since_baseline):g}° lower than at your baseline.",
                "assessments:history",
                "See your trend",
            )
        )
    return advice
