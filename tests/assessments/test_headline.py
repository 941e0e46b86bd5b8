"""The sentence above the charts, from the data (apps/assessments/headline.py)."""

from datetime import date, timedelta

import pytest

from apps.assessments import charts
from apps.assessments.headline import headline

TODAY = date(2026, 12, 2)


def rows(*differences, start=date(2026, 6, 1), instrument="phone", every=timedelta(weeks=4)):
    return [
        charts.TestRow(start + n * every, instrument, 2 + difference, 2, None, None)
        for n, difference in enumerate(differences)
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], ""),
        (rows(6), "One test in this range: Left 6° tighter than the other side. The trend starts"),
        (rows(2), "One test in this range: left and right within measurement error (±5°)."),
        (
            rows(1, -2, 3, 0),
            "Left and right within measurement error (±5°) on all 4 tests since June.",
        ),
        (
            rows(9, 7, 3, 1, 2),
            "Left was 9° tighter in June; within measurement error since July.",
        ),
        (rows(9, 8, 6), "Left 6° tighter than right on 27 July, down from 9° in June."),
        (
            rows(-7, 2, 6),
            "Left 6° tighter than right on 27 July; in June it was the right side (7°).",
        ),
        (rows(5, 6, 12), "Left 12° tighter than right on 27 July, up from 5° in June."),
        (rows(-6, -6.5), "Right 6.5° tighter than left on 29 June."),
    ],
)
def test_the_headline_tells_the_story(data, expected):
    assert headline(data, threshold=5, main_instrument="phone", today=TODAY).startswith(
        expected.removesuffix(" The trend starts")
    )


def test_another_instruments_readings_are_not_compared():
    data = rows(1, 2) + rows(15, start=date(2026, 8, 1), instrument="visual")

    text = headline(data, threshold=5, main_instrument="phone", today=TODAY)

    assert text.startswith("Left and right within measurement error")


def test_a_month_of_another_year_names_the_year():
    data = rows(9, 1, start=date(2025, 11, 3))

    text = headline(data, threshold=5, main_instrument="phone", today=TODAY)

    assert (
        text
        == "Left was 9° tighter in November 2025; within measurement error since December 2025."
    )


@pytest.mark.django_db
def test_the_tests_page_opens_its_charts_with_the_headline(runner_client, runner):
    from tests.assessments.factories import weekly_tests

    weekly_tests(runner, 3, hip_angle_left=9, hip_angle_right=1, instrument="phone")

    page = runner_client.get("/tests/").text

    assert '<p class="headline">Left 8° tighter than right on' in page
