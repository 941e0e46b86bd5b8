"""A week's running: imported runs and typed minutes, never counted twice."""

from datetime import date

import pytest

from apps.runs.services import RunDay
from apps.runs.week import estimated_strides, week_running

MON, TUE, WED = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)


@pytest.mark.parametrize(
    ("minutes", "cadence", "strides"), [(60, 180, 5400), (0, 180, 0), (45, 170, 3825)]
)
def test_estimated_strides_a_side(minutes, cadence, strides):
    assert estimated_strides(minutes, cadence) == strides


def test_a_day_with_an_imported_run_ignores_the_minutes_typed_that_day():
    imported = {TUE: RunDay(runs=1, moving_seconds=2832, climbing_seconds=180, steps=15300)}
    typed = [(MON, 30, False), (TUE, 45, True), (WED, None, False)]
    week = week_running(typed, imported, cadence=180)
    assert week.minutes == 30 + 47  # Tuesday's 45 typed minutes are not added
    assert week.strides_counted == 7650  # the watch's steps halved: strides, one a side
    assert week.strides_estimated == 30 * 180 // 2
    assert week.cycles == 7650 + 2700
    assert week.climbing_minutes == 3
    assert week.hill_days == 1  # Tuesday once, though hills were also ticked
    assert week.imported_days == 1


def test_a_run_without_cadence_is_estimated_from_its_minutes():
    imported = {MON: RunDay(runs=1, moving_seconds=1800, climbing_seconds=0, steps=None)}
    week = week_running([], imported, cadence=170)
    assert (week.minutes, week.strides_counted, week.strides_estimated) == (30, 0, 2550)
    assert week.hill_days == 0
