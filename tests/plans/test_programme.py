"""Which days stretch and which strengthen (apps/plans/programme.py): strength on 2-3 session
days a week, never two days in a row (docs/domain.md, "Strength alongside length")."""

from datetime import date, timedelta
from itertools import pairwise

import pytest

from apps.plans import programme
from apps.plans.adherence import Schedule, session_days

MONDAY = date(2026, 12, 7)


def strength_days(sessions, strength, weeks=3):
    schedule = Schedule(MONDAY, weeks, sessions)
    days = [MONDAY + timedelta(days=offset) for offset in range(7 * weeks)]
    return schedule, [day for day in days if programme.is_strength_day(schedule, strength, day)]


@pytest.mark.parametrize("sessions", range(1, 8))
@pytest.mark.parametrize("strength", [1, 2, 3])
def test_strength_days_are_session_days_never_two_in_a_row(sessions, strength):
    schedule, days = strength_days(sessions, strength)

    assert all(day - before > timedelta(days=1) for before, day in pairwise(days))
    assert set(days) <= set(session_days(schedule, MONDAY, MONDAY + timedelta(weeks=3)))
    first_week = [day for day in days if day < MONDAY + timedelta(weeks=1)]
    assert len(first_week) == min(strength, sessions)


@pytest.mark.parametrize(
    ("sessions", "strength", "weekdays"),
    [
        (6, 2, "Monday and Thursday"),
        (3, 2, "Monday and Thursday"),
        (6, 3, "Monday, Thursday and Saturday"),
        (3, 3, "Monday, Thursday and Saturday"),
        (2, 3, "Monday and Thursday"),  # never more strength days than sessions
        (1, 2, "Monday"),
        (3, None, "Monday, Thursday and Saturday"),  # not set: in every session
    ],
)
def test_the_strength_weekdays_in_words(sessions, strength, weekdays):
    assert programme.weekday_names(programme.strength_weekdays(strength, sessions)) == weekdays


def test_a_week_of_a_six_session_plan_with_two_strength_days():
    week = programme.week(Schedule(MONDAY, 6, 6), 2, MONDAY)

    assert [day.words for day in week] == [
        "Stretch and strength",  # Monday
        "Stretch",
        "Rest",  # Wednesday: the one day off in a build week
        "Stretch and strength",  # Thursday
        "Stretch",
        "Stretch",
        "Stretch",
    ]


def test_a_gentle_start_and_a_plan_without_strength_have_no_strength_days():
    gentle = programme.week(Schedule(MONDAY, 6, 3), 2, MONDAY, gentle_until=MONDAY + timedelta(6))
    none = programme.week(Schedule(MONDAY, 6, 3), 2, MONDAY, strength=False)

    assert [day.words for day in gentle] == [day.words for day in none]
    assert [day.words for day in none].count("Stretch") == 3


def test_no_strength_day_outside_the_plan():
    schedule = Schedule(MONDAY, 1, 7)

    assert not programme.is_strength_day(schedule, 2, MONDAY - timedelta(weeks=1))
    assert not programme.is_strength_day(schedule, 2, MONDAY + timedelta(weeks=1))
    assert programme.is_strength_day(schedule, 2, MONDAY)


@pytest.mark.parametrize(
    ("weeks", "maintenance_from_week", "day", "words"),
    [
        (12, 7, MONDAY, "Build, week 1 of 6"),
        (12, 7, MONDAY + timedelta(weeks=2, days=6), "Build, week 3 of 6"),
        (12, 7, MONDAY + timedelta(weeks=5, days=6), "Build, week 6 of 6"),
        (12, 7, MONDAY + timedelta(weeks=6), "Maintenance"),
        (12, 7, MONDAY + timedelta(weeks=11, days=6), "Maintenance"),
        (8, 2, MONDAY + timedelta(days=3), "Build, week 1 of 1"),
        (6, None, MONDAY + timedelta(weeks=1), "Week 2 of 6"),
        (12, 7, MONDAY - timedelta(days=1), None),  # before the plan
        (12, 7, MONDAY + timedelta(weeks=12), None),  # after its last day
    ],
)
def test_the_phase_of_a_day_is_build_then_maintenance(weeks, maintenance_from_week, day, words):
    maintenance_sessions = 3 if maintenance_from_week else None
    schedule = Schedule(MONDAY, weeks, 5, maintenance_from_week, maintenance_sessions)

    phase = programme.phase_on(schedule, day)

    assert (phase.words if phase else None) == words


@pytest.mark.parametrize(
    ("weeks", "maintenance_from_week", "phases"),
    [
        (12, 7, [("Build", 1, 6), ("Maintenance", 7, 12)]),
        (6, 6, [("Build", 1, 5), ("Maintenance", 6, 6)]),
        (6, None, [("", 1, 6)]),
    ],
)
def test_a_plan_builds_its_phases_in_order(weeks, maintenance_from_week, phases):
    assert programme.phases(weeks, maintenance_from_week) == phases


@pytest.mark.parametrize(
    ("tempo", "seconds"),
    [
        ("2 s up, 2 s down", 4),
        ("1 s up, hold 3 s, 2 s down", 6),
        ("1.5 s up, 1.5 s down", 3),
        ("2s up, 2s down", 4),
        ("slowly", 0),
        ("3 sets", 0),  # "s" must stand alone: a figure of sets is no seconds
    ],
)
def test_a_tempo_adds_up_to_the_seconds_of_one_repetition(tempo, seconds):
    assert programme.tempo_seconds(tempo) == seconds
