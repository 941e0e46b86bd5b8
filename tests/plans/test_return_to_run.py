"""Back to running after pain (apps/plans/return_to_run.py): the steps and when the next one is
allowed, as a table of cases."""

import itertools
from datetime import date, timedelta

import pytest

from apps.plans import return_to_run as rtr
from apps.plans.return_to_run import TIMES as X
from apps.plans.return_to_run import Outing

TUE = date(2026, 1, 6)  # a Tuesday: the block's walk-run days are Tuesday, Thursday, Saturday


def days(n):
    """The first `n` walk-run days from TUE: Tuesday, Thursday, Saturday, Tuesday..."""
    out, day = [], TUE
    while len(out) < n:
        if rtr.is_planned_day(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def logged(pains_during):
    return [
        Outing(day, pain_during=pain)
        for day, pain in zip(days(len(pains_during)), pains_during, strict=True)
    ]


def mornings(*pains):
    """The morning after each outing of days(len(pains)); None: not answered."""
    return {
        day + timedelta(days=1): pain
        for day, pain in zip(days(len(pains)), pains, strict=True)
        if pain is not None
    }


LONG_AFTER = date(2026, 3, 1)

CASES = [
    # (name, outings, mornings, today, step number or None once finished, done at the step,
    #  effect of the last outing, words)
    ("nothing done yet", [], {}, TUE, 1, 0, None, f"Start with step 1: 10 {X} 1 min running"),
    (
        "one outing, settled the morning after",
        logged([2]),
        mornings(1),
        LONG_AFTER,
        1,
        1,
        rtr.COUNTED,
        "step 1 once more",
    ),
    (
        "two outings settled: the next step",
        logged([2, 1]),
        mornings(1, 0),
        LONG_AFTER,
        2,
        0,
        rtr.MOVED_ON,
        "settled: on to step 2.",
    ),
    (
        "the morning after at 3/10: acceptable",
        logged([3, 3]),
        mornings(3, 3),
        LONG_AFTER,
        2,
        0,
        rtr.MOVED_ON,
        "3/10 the morning after, settled",
    ),
    (
        "the morning after at 5/10 holds the next step and steps back",
        logged([1, 1, 1, 1]),
        mornings(0, 0, 1, 5),
        LONG_AFTER,
        1,
        0,
        rtr.STEPPED_BACK,
        "the hip was 5/10, more than the 3/10 that is acceptable: the pain had not settled: "
        "step back to step 1",
    ),
    (
        "the first step is the floor",
        logged([1]),
        mornings(6),
        LONG_AFTER,
        1,
        0,
        rtr.STEPPED_BACK,
        "stay at step 1, and no running until a morning is at 3/10 or less",
    ),
    (
        "pain during above 3/10 steps back whatever the morning",
        logged([1, 1, 4]),
        mornings(0, 0, 0),
        LONG_AFTER,
        1,
        0,
        rtr.STEPPED_BACK,
        "Pain during the outing of Saturday 10 January was 4/10",
    ),
    (
        "a morning up by 2 holds the step (the session does not count)",
        logged([1, 1]),
        mornings(1, 3),
        LONG_AFTER,
        1,
        1,
        rtr.REPEAT,
        "up from 1/10 in the week before: pain should not rise from week to week",
    ),
    (
        "a morning up by 1 is a day's noise: it counts",
        logged([1, 1]),
        mornings(0, 1),
        LONG_AFTER,
        2,
        0,
        rtr.MOVED_ON,
        "on to step 2",
    ),
    (
        "an unanswered morning, passed: the session does not count",
        logged([1, 1]),
        mornings(None, 0),
        LONG_AFTER,
        1,
        1,
        rtr.COUNTED,
        "step 1 once more",
    ),
    (
        "the morning after is today and unanswered: the next step waits",
        logged([1, 1]),
        mornings(0, None),
        days(2)[1] + timedelta(days=1),
        1,
        1,
        rtr.WAITING,
        "Answer the morning check on Friday 9 January: the next step waits for it",
    ),
    (
        "an imported run of the step's time counts",
        [Outing(days(1)[0], minutes=21.5), Outing(days(2)[1], minutes=18)],
        mornings(0, 0),
        LONG_AFTER,
        2,
        0,
        rtr.MOVED_ON,
        "on to step 2",
    ),
    (
        "an imported run far longer than the step does not count",
        [Outing(days(1)[0], minutes=55)],
        mornings(0),
        LONG_AFTER,
        1,
        0,
        rtr.NOT_COUNTED,
        "Start with step 1",
    ),
    (
        "an imported run that climbed does not count on a flat step",
        [Outing(days(1)[0], minutes=20, hilly=True)],
        mornings(0),
        LONG_AFTER,
        1,
        0,
        rtr.NOT_COUNTED,
        "Start with step 1",
    ),
    (
        "a walk-run logged and a run imported the same day count once: the logged one",
        [Outing(days(1)[0], pain_during=5), Outing(days(1)[0], minutes=20)],
        mornings(0),
        LONG_AFTER,
        1,
        0,
        rtr.STEPPED_BACK,
        "Pain during the outing of Tuesday 6 January was 5/10",
    ),
    (
        "a run far longer than the step, then a bad morning: a step back all the same",
        [*logged([1, 1]), Outing(days(3)[2], minutes=60)],
        mornings(0, 0, 7),
        LONG_AFTER,
        1,
        0,
        rtr.STEPPED_BACK,
        "took 60 min, not the 21 min of step 2, and the morning after the hip was 7/10",
    ),
    (
        "two runs on a day: the one that matches the step is the day's outing",
        [Outing(days(1)[0], minutes=5), Outing(days(1)[0], minutes=20)],
        mornings(1),
        LONG_AFTER,
        1,
        1,
        rtr.COUNTED,
        "step 1 once more",
    ),
    (
        "a slow rise, 0 then 1 then 2 within the week: the step is held",
        logged([1, 1, 1, 1]),
        mornings(0, 1, 2, 3),
        LONG_AFTER,
        2,
        0,
        rtr.REPEAT,
        "up from 0/10 in the week before: pain should not rise from week to week",
    ),
    (
        "twice not settled at the first step: a physiotherapist",
        logged([1, 1]),
        mornings(5, 5),
        LONG_AFTER,
        1,
        0,
        rtr.STEPPED_BACK,
        "see a physiotherapist before you try again",
    ),
    (
        "every step twice: back to the usual running",
        logged([1] * 2 * len(rtr.STEPS)),
        mornings(*[1] * 2 * len(rtr.STEPS)),
        LONG_AFTER + timedelta(weeks=20),
        None,
        0,
        rtr.FINISHED,
        "You may go back to your usual running: build it up gradually",
    ),
]


@pytest.mark.parametrize(
    ("outings", "answers", "today", "step", "done", "effect", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_position(outings, answers, today, step, done, effect, words):
    position = rtr.position(outings, answers, today)
    assert (position.step.number if position.step else None) == step
    assert position.done_at_step == done
    if effect is not None:
        assert position.outings[-1].effect == effect
    assert words in position.words


def test_the_steps_go_flat_and_easy_first_then_hills_then_strides_last():
    assert rtr.STEPS[0].words == f"10 {X} 1 min running, 1 min walking, on the flat, easy (20 min)"
    running = [step.running_minutes for step in rtr.STEPS]
    assert running == sorted(running), "running time only grows from step to step"
    hills = [step.number for step in rtr.STEPS if step.terrain == rtr.HILLS]
    strides = [step.number for step in rtr.STEPS if step.pace == rtr.STRIDES]
    assert min(hills) > len(rtr.STEPS) // 2, "hills come back late"
    assert strides == [len(rtr.STEPS)], "strides come back last"
    assert all(step.pace == rtr.EASY for step in rtr.STEPS if step.terrain == rtr.FLAT)


def test_walk_run_days_are_never_two_in_a_row():
    week = [TUE + timedelta(days=offset) for offset in range(14)]
    planned = [day for day in week if rtr.is_planned_day(day)]
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(planned))
    assert len(planned) == 6


def test_a_late_morning_answer_or_a_late_import_replays_to_the_same_place():
    """Nothing but the outings and the mornings is stored: order of arrival does not matter."""
    outings = logged([1, 1, 2])
    answers = mornings(0, 1, 1)
    forward = rtr.position(outings, answers, LONG_AFTER)
    backward = rtr.position(list(reversed(outings)), answers, LONG_AFTER)
    assert (forward.step, forward.done_at_step) == (backward.step, backward.done_at_step)
    assert forward.step.number == 2
    assert forward.done_at_step == 1


def test_after_a_step_back_no_running_until_a_morning_has_settled():
    outings = logged([1])
    bad = rtr.position(outings, mornings(5), LONG_AFTER)
    still = rtr.position(outings, {**mornings(5), days(1)[0] + timedelta(days=2): 4}, LONG_AFTER)
    settled = rtr.position(outings, {**mornings(5), days(1)[0] + timedelta(days=3): 2}, LONG_AFTER)

    assert bad.rest
    assert still.rest
    assert not settled.rest


def test_pain_during_above_three_means_no_running_until_a_morning_settles():
    during = rtr.position(logged([5]), {}, days(1)[0])
    settled_next_morning = rtr.position(logged([5]), mornings(2), LONG_AFTER)

    assert during.rest
    assert not settled_next_morning.rest


def test_outings_after_the_last_step_change_nothing():
    finished = logged([1] * 2 * len(rtr.STEPS))
    answers = mornings(*[1] * 2 * len(rtr.STEPS))
    more = [*finished, Outing(days(len(finished) + 1)[-1], pain_during=9)]

    assert rtr.position(more, answers, LONG_AFTER + timedelta(weeks=20)).finished
