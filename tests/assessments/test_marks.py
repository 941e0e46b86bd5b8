"""The marks on the charts' time axis (apps/assessments/marks.py): plan starts, plan changes and
instrument changes inside the chart's range."""

from datetime import date, timedelta

import pytest

from apps.assessments import charts
from apps.assessments.marks import CHANGE, START, instrument_changes, timeline_marks
from apps.plans.timeline import PlanEvent

START_DAY, END_DAY = date(2026, 3, 2), date(2026, 5, 25)  # a 12-week range


def readings(*instruments, first=START_DAY + timedelta(days=1)):
    """A weekly test with each instrument in turn, from the range's first day."""
    return [
        charts.TestRow(first + timedelta(weeks=n), instrument, 6, 2, None, None)
        for n, instrument in enumerate(instruments)
    ]


def plan(day, kind=START, by=""):
    return PlanEvent(day, kind, by)


WEEK = timedelta(weeks=1)


@pytest.mark.parametrize(
    ("events", "rows", "expected"),
    [
        pytest.param([], readings("phone", "phone"), [], id="none"),
        pytest.param(
            [plan(date(2026, 3, 3), by="Sam")],
            [],
            [("3 Mar", "plan started (assigned by Sam)")],
            id="plan start inside",
        ),
        pytest.param(
            [plan(date(2026, 3, 3))],
            [],
            [("3 Mar", "plan started (generated from a test)")],
            id="generated plan",
        ),
        pytest.param(
            [plan(START_DAY - timedelta(days=1)), plan(END_DAY + timedelta(days=1))],
            [],
            [],
            id="plan starts outside",
        ),
        pytest.param(
            [plan(START_DAY), plan(END_DAY, by="Sam")],
            [],
            [
                ("2 Mar", "plan started (generated from a test)"),
                ("25 May", "plan started (assigned by Sam)"),
            ],
            id="plan starts on the range's first and last days",
        ),
        pytest.param(
            [plan(date(2026, 5, 11), CHANGE, by="Sam")],
            [],
            [("11 May", "plan changed")],
            id="revision",
        ),
        pytest.param(
            [],
            readings("phone", "phone", "goniometer", "goniometer"),
            [("17 Mar", "instrument changed to goniometer")],
            id="instrument switch",
        ),
        pytest.param(
            [],
            readings("phone", "phone", "goniometer"),
            [("17 Mar", "instrument changed to goniometer")],
            id="switch in the latest test",
        ),
        pytest.param(
            [],
            readings("phone", "visual", "phone", "phone"),
            [],
            id="one reading with another instrument is no switch",
        ),
        pytest.param(
            [],
            readings("phone", "goniometer", "goniometer", "phone", "phone"),
            [
                ("10 Mar", "instrument changed to goniometer"),
                ("24 Mar", "instrument changed to phone"),
            ],
            id="switch and back",
        ),
        pytest.param(
            [plan(date(2026, 3, 17), CHANGE), plan(date(2026, 3, 17), by="Sam")],
            readings("phone", "phone", "goniometer", "goniometer"),
            [
                ("17 Mar", "plan started (assigned by Sam)"),
                ("17 Mar", "plan changed"),
                ("17 Mar", "instrument changed to goniometer"),
            ],
            id="one day: plan first",
        ),
    ],
)
def test_marks(events, rows, expected):
    marks = timeline_marks(events, rows, start=START_DAY, end=END_DAY)

    assert [(mark.when, mark.text) for mark in marks] == expected


def test_a_range_over_two_years_names_the_year():
    marks = timeline_marks(
        [plan(date(2025, 12, 29)), plan(date(2026, 1, 12), CHANGE)],
        [],
        start=date(2025, 12, 1),
        end=date(2026, 2, 23),
    )

    assert [mark.when for mark in marks] == ["29 Dec 2025", "12 Jan 2026"]


@pytest.mark.parametrize("in_march", [("phone", "goniometer"), ("goniometer", "phone")])
def test_over_years_an_instrument_change_names_its_month(in_march):
    """Monthly means: a month with both instruments dates the change, whichever of its rows
    comes first (the main instrument's comes first)."""
    months = [date(2023, m, 15) for m in range(1, 6)]
    instruments = ["phone", "phone", *in_march, "goniometer", "goniometer"]
    days = [months[0], months[1], months[2], months[2], months[3], months[4]]
    rows = [
        charts.TestRow(day, instrument, 6, 2, None, None)
        for day, instrument in zip(days, instruments, strict=True)
    ]

    marks = timeline_marks([], rows, start=date(2021, 1, 1), end=date(2026, 1, 1), monthly=True)

    assert [(mark.when, mark.text) for mark in marks] == [
        ("Mar 2023", "instrument changed to goniometer")
    ]


def test_no_readings_no_instrument_change():
    assert instrument_changes([]) == []
    assert instrument_changes(readings("visual")) == []
