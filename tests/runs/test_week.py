"""A week's running: imported runs and typed minutes, never counted twice."""

from datetime import date

import pytest

from apps.runs.services import RunDay
from apps.runs.week import Cadence, estimated_strides, own_cadence, week_running

MON, TUE, WED = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)


@pytest.mark.parametrize(
    ("minutes", "cadence", "strides"), [(60, 180, 5400), (0, 180, 0), (45, 170, 3825)]
)
def test_estimated_strides_a_side(minutes, cadence, strides):
    assert estimated_strides(minutes, cadence) == strides


def test_a_day_with_an_imported_run_ignores_the_minutes_typed_that_day():
    imported = {TUE: RunDay(runs=1, moving_seconds=2832, climbing_seconds=180, steps=15300)}
    typed = [(MON, 30, False), (TUE, 45, True), (WED, None, False)]
    week = week_running(typed, imported, cadence=Cadence(180, 0))
    assert week.minutes == 30 + 47  # Tuesday's 45 typed minutes are not added
    assert week.strides_counted == 7650  # the watch's steps halved: strides, one a side
    assert week.minutes_uncounted == 30
    assert week.strides_estimated == 30 * 180 // 2
    assert week.cycles == 7650 + 2700
    assert week.climbing_minutes == 3
    assert week.hill_days == 1  # Tuesday once, though hills were also ticked
    assert week.imported_days == 1


def test_a_run_without_cadence_is_estimated_from_its_minutes():
    imported = {MON: RunDay(runs=1, moving_seconds=1800, climbing_seconds=0, steps=None)}
    week = week_running([], imported, cadence=Cadence(170, 0))
    assert (week.minutes, week.strides_counted, week.strides_estimated) == (30, 0, 2550)
    assert week.hill_days == 0


@pytest.mark.parametrize(
    ("run_cadences", "profile_cadence", "cadence"),
    [
        ([162.0, 170.4, 158.0], 180, Cadence(162, 3)),  # the runs' median, before the profile
        ([163.5, 166.5], None, Cadence(165, 2)),
        ([], 172, Cadence(172, 0)),  # no run gives one: the profile's
        ([], None, None),  # nobody knows it: asked for, never 180
    ],
)
def test_the_runners_own_cadence(run_cadences, profile_cadence, cadence):
    assert own_cadence(run_cadences, profile_cadence) == cadence


@pytest.mark.parametrize(
    ("typed", "imported", "estimated", "cycles"),
    [
        ([(MON, 30, False)], {}, None, None),  # minutes with no step count: not counted
        ([], {MON: RunDay(1, 1800, 0, None)}, None, None),  # a GPX without cadence
        ([], {MON: RunDay(1, 1800, 0, 5000)}, 0, 2500),  # the watch counted every stride
        ([(MON, None, False)], {}, 0, 0),  # no running at all
    ],
)
def test_without_a_cadence_only_the_strides_a_watch_counted_are_known(
    typed, imported, estimated, cycles
):
    week = week_running(typed, imported, cadence=None)

    assert (week.strides_estimated, week.cycles) == (estimated, cycles)
