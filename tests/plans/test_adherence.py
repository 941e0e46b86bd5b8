from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.plans import adherence
from apps.plans.adherence import GREEN, RED, YELLOW, Schedule

MONDAY = date(2026, 11, 2)


def schedule(**overrides):
    return Schedule(**{"starts_on": MONDAY, "weeks": 12, "sessions_per_week": 6, **overrides})


@pytest.mark.parametrize(
    ("done", "planned", "colour"),
    [
        (6, 6, GREEN),
        (5, 6, GREEN),  # 83 %
        (7, 6, GREEN),  # more than planned is no failure
        (4, 6, YELLOW),  # 67 %
        (3, 6, YELLOW),  # 50 %
        (2, 6, RED),
        (0, 3, RED),
        (0, 0, None),
    ],
)
def test_compliance_colour(done, planned, colour):
    assert adherence.compliance_colour(done, planned) == colour


@pytest.mark.parametrize(
    ("per_week", "weekdays"), [(3, [0, 3, 5]), (6, [0, 1, 3, 4, 5, 6]), (7, list(range(7)))]
)
def test_sessions_are_spread_over_the_week(per_week, weekdays):
    days = adherence.session_days(
        schedule(sessions_per_week=per_week), MONDAY, MONDAY + timedelta(days=6)
    )

    assert [day.weekday() for day in days] == weekdays


def test_maintenance_lowers_the_weekly_target():
    plan = schedule(weeks=12, maintenance_from_week=7, maintenance_sessions_per_week=3)

    assert adherence.planned_in_week(plan, MONDAY + timedelta(weeks=5)) == 6
    assert adherence.planned_in_week(plan, MONDAY + timedelta(weeks=6)) == 3


def test_a_plan_starting_midweek_plans_only_the_days_left():
    plan = schedule(starts_on=MONDAY + timedelta(days=4), sessions_per_week=6)  # a Friday

    assert adherence.planned_in_week(plan, MONDAY) == 3  # Friday, Saturday, Sunday


def test_no_sessions_are_planned_outside_the_plan():
    plan = schedule(weeks=2)

    assert adherence.planned_in_week(plan, MONDAY - timedelta(weeks=1)) == 0
    assert adherence.planned_in_week(plan, MONDAY + timedelta(weeks=2)) == 0


def test_weekly_adherence_counts_sessions_per_monday_to_sunday_week():
    plan = schedule(sessions_per_week=3)
    today = MONDAY + timedelta(weeks=2, days=2)  # a Wednesday in the third week
    done = [
        MONDAY,  # week 1: 3 of 3
        MONDAY + timedelta(days=3),
        MONDAY + timedelta(days=6),  # Sunday still belongs to week 1
        MONDAY + timedelta(days=7),  # week 2: 1 of 3
        MONDAY + timedelta(weeks=2),  # week 3, under way: 1 so far
    ]

    weeks = adherence.weekly_adherence(plan, done, today, weeks=3)

    assert [(w.week_start, w.planned, w.done, w.colour) for w in weeks] == [
        (MONDAY, 3, 3, GREEN),
        (MONDAY + timedelta(weeks=1), 3, 1, RED),
        (MONDAY + timedelta(weeks=2), 3, 1, None),  # no verdict while the week is under way
    ]
    assert weeks[-1].in_progress


def test_a_week_under_way_turns_green_once_the_target_is_met():
    plan = schedule(sessions_per_week=3)
    today = MONDAY + timedelta(days=3)
    done = [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]

    (week,) = adherence.weekly_adherence(plan, done, today, weeks=1)

    assert week.colour == GREEN


def test_two_sessions_on_one_day_count_once():
    plan = schedule(sessions_per_week=3)
    (week,) = adherence.weekly_adherence(
        plan, [MONDAY, MONDAY], MONDAY + timedelta(days=7), weeks=2
    )[:1]

    assert week.done == 1


def test_streak_counts_green_weeks_up_to_now():
    plan = schedule(sessions_per_week=1)
    today = MONDAY + timedelta(weeks=3, days=1)
    done = [MONDAY + timedelta(weeks=n) for n in (1, 2)]  # weeks 2 and 3 green, week 1 missed

    weeks = adherence.weekly_adherence(plan, done, today, weeks=4)

    assert adherence.streak(weeks) == 2  # this week is under way and not yet done: skipped
    assert adherence.streak(adherence.weekly_adherence(plan, [*done, today], today, weeks=4)) == 3


@pytest.mark.parametrize(
    ("finished", "sets_done", "sets_planned", "done"),
    [
        (True, 0, 10, False),  # "Finish" pressed straight away
        (True, 4, 10, False),
        (True, 5, 10, True),  # finished with half the sets
        (False, 10, 10, True),  # every set logged, the rating skipped
        (False, 5, 10, False),  # half done and not finished: resumable, not counted
        (False, 0, 0, False),
    ],
)
def test_a_session_counts_when_finished_or_complete(finished, sets_done, sets_planned, done):
    assert (
        adherence.is_session_done(finished=finished, sets_done=sets_done, sets_planned=sets_planned)
        is done
    )


@given(
    starts_on=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    weeks=st.integers(min_value=1, max_value=52),
    per_week=st.integers(min_value=1, max_value=7),
    maintenance=st.one_of(
        st.none(), st.tuples(st.integers(1, 52), st.integers(min_value=1, max_value=7))
    ),
    offset_weeks=st.integers(min_value=-2, max_value=54),
)
def test_planned_in_week_counts_the_planned_days(
    starts_on, weeks, per_week, maintenance, offset_weeks
):
    """The shortcut for whole weeks agrees with counting the planned days one by one."""
    plan = adherence.Schedule(
        starts_on, weeks, per_week, *(maintenance if maintenance else (None, None))
    )
    monday = adherence.monday_of(starts_on) + timedelta(weeks=offset_weeks)
    days = adherence.session_days(plan, monday, monday + timedelta(days=6))
    assert adherence.planned_in_week(plan, monday) == len(days)
