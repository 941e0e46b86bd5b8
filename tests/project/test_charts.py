"""The chart engine (psoas_tracker/charts.py): scaling, ticks, lines per instrument, headroom,
marks on the time axis and the sparkline, on made-up series."""

import re
from datetime import date, timedelta
from itertools import pairwise

import pytest

from psoas_tracker import charts
from psoas_tracker.charts import Point, ReferenceLine, Series, build_chart

START = date(2026, 1, 5)


def chart_of(points, **kwargs):
    return build_chart(
        title="t",
        description="d",
        series=[Series("left", "Left", points)],
        start=START,
        end=START + timedelta(days=70),
        **kwargs,
    )


def coordinates(path):
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", path)]


def test_points_are_scaled_into_the_plot_area():
    chart = chart_of(
        [Point(START, 0, "phone"), Point(START + timedelta(days=70), 10, "phone")],
        reference_lines=[ReferenceLine(0, "level")],
    )

    (x1, y1), (x2, y2) = coordinates(chart.series[0].line_path)
    assert x1 == chart.plot_left
    assert x2 == chart.plot_right
    assert y2 < y1  # higher values are drawn higher up
    # The 0 reference line sits exactly where the value 0 is plotted.
    assert chart.reference_lines == [(y1, "level")]


def test_y_ticks_are_round_numbers_covering_the_data():
    chart = chart_of([Point(START, -7, "phone"), Point(START + timedelta(days=7), 12, "phone")])

    labels = [tick.label for tick in chart.y_ticks]
    assert labels[0] == "-10°"
    assert labels[-1] in {"15°", "20°"}


def test_a_single_test_has_a_marker_but_no_line():
    chart = chart_of([Point(START, 5, "phone")])

    assert chart.series[0].line_path == ""
    assert chart.series[0].marker_path.count("h0") == 1
    assert chart.point_count == 1


def test_no_data_gives_an_empty_chart():
    assert chart_of([]).is_empty


def test_lines_never_join_readings_of_different_instruments():
    chart = chart_of(
        [
            Point(START, 5, "goniometer"),
            Point(START + timedelta(days=7), 6, "goniometer"),
            Point(START + timedelta(days=14), 2, "phone"),
            Point(START + timedelta(days=21), 1, "phone"),
        ],
        main_instrument="phone",
    )

    series = chart.series[0]
    assert (series.line_path.count("M"), series.line_path.count("L")) == (1, 1)  # phone
    assert (series.other_line_path.count("M"), series.other_line_path.count("L")) == (1, 1)
    assert series.marker_path.count("h0") == 2
    assert series.other_marker_path.count("h0") == 2


def test_another_instruments_reading_does_not_break_the_main_line():
    chart = chart_of(
        [
            Point(START, 5, "phone"),
            Point(START + timedelta(days=7), 6, "goniometer"),
            Point(START + timedelta(days=14), 2, "phone"),
        ],
        main_instrument="phone",
    )

    series = chart.series[0]
    assert (series.line_path.count("M"), series.line_path.count("L")) == (1, 1)
    assert series.other_line_path == ""  # one goniometer reading: a dot, no line
    assert series.other_marker_path.count("h0") == 1


def test_a_ten_year_series_is_one_path_string_per_series():
    points = [Point(START + timedelta(weeks=n), n % 10, "phone") for n in range(520)]

    chart = chart_of(points)

    assert chart.series[0].line_path.count("L") == 519
    assert len(chart.x_ticks) <= 7


@pytest.mark.parametrize(
    ("values", "limit"),
    [([1, -1, 2, 0], 10), ([9, 10, -10], 10), ([12, 3], 20), ([-35, 0], 40), ([90, 0], 40)],
)
def test_the_sparkline_scale_is_fixed_and_symmetric_about_zero(values, limit):
    line = charts.sparkline(values, width=120, height=32)

    assert line.limit == limit
    assert line.zero_y == "16"
    ys = [float(y) for y in re.findall(r"[ML][\d.]+ ([\d.]+)", line.path)]
    assert all(0 <= y <= 32 for y in ys)


def test_noise_of_two_degrees_stays_a_near_flat_line_around_zero():
    ys = [float(y) for y in re.findall(r"[ML][\d.]+ ([\d.]+)", charts.sparkline([1, -1, 2]).path)]

    assert max(ys) - min(ys) < 32 * 0.2  # under a fifth of the box, not all of it
    assert charts.sparkline([4.0]) is None


def plotted_ys(chart):
    return [
        y for series in chart.series for _x, y in coordinates(series.marker_path.replace("h0", ""))
    ]


@pytest.mark.parametrize(
    ("values", "kwargs"),
    [
        ([10, 0], {}),  # on a gridline that would have been the top
        ([-10, 0], {}),  # and the bottom
        ([5, 5], {"band": (-5, 5, "±5°")}),
        ([2.5, 2.5], {"band": (-2.5, 2.5, "about level")}),
        ([80, 70], {"reference_lines": [ReferenceLine(80, "80° mark")], "y_floor": 40}),
    ],
)
def test_no_point_touches_the_top_or_bottom_of_the_plot(values, kwargs):
    points = [Point(START + timedelta(weeks=n), v, "phone") for n, v in enumerate(values)]

    chart = chart_of(points, **kwargs)

    ys = plotted_ys(chart)
    assert min(ys) - chart.plot_top >= 8  # clear of a 7 px dot's radius, and then some
    assert chart.plot_bottom - max(ys) >= 8


def test_headroom_never_goes_below_a_floor():
    """Hours seated: no headroom below 0 h, which would put a -5 h gridline on the chart."""
    points = [Point(START, 0, ""), Point(START + timedelta(weeks=1), 8, "")]

    chart = chart_of(points, y_floor=0, unit=" h")

    assert chart.y_ticks[0].label == "0 h"


def mark(day, text="plan changed"):
    return charts.ChartMark(day, f"{day.day} {day:%b}", text)


def test_marks_sit_above_the_plot_at_their_day_and_are_described():
    day = START + timedelta(days=35)  # the middle of the 70 days
    points = [Point(START + timedelta(weeks=n), 10, "phone") for n in range(10)]

    chart = chart_of(points, marks=[mark(day, "plan started (assigned by Sam)")])

    (only,) = chart.marks
    middle = (chart.plot_left + chart.plot_right) / 2
    assert only.x == pytest.approx(middle, abs=0.1)
    assert only.y + charts.MARK_RADIUS < chart.plot_top  # the badge in a strip above the plot
    assert only.y - charts.MARK_RADIUS >= 0  # and inside the SVG
    assert min(plotted_ys(chart)) > chart.plot_top + 3.5  # no point reaches into the strip
    assert only.path == (
        f"M{middle:g} {chart.plot_bottom:g}V{chart.plot_top:g}L{middle:g} "
        f"{only.y + charts.MARK_RADIUS:g}"
    )
    assert only.key == f"{day.day} Feb: plan started (assigned by Sam)"
    assert (
        chart.marks_text
        == f"Marks on the time axis: 1, {day.day} Feb: plan started (assigned by Sam)"
    )
    # The plot keeps its height: the chart grows by the strip.
    plain = chart_of(points)
    assert chart.height - plain.height == chart.plot_top - plain.plot_top > 0
    assert chart.plot_bottom - chart.plot_top == plain.plot_bottom - plain.plot_top


def test_no_marks_no_strip():
    chart = chart_of([Point(START, 5, "phone")], marks=[mark(START - timedelta(days=1))])

    assert chart.marks == []
    assert chart.marks_text == ""
    assert (chart.height, chart.plot_top) == (charts.HEIGHT, charts.MARGIN_TOP)


def test_close_marks_share_a_badge_and_badges_never_overlap():
    days = [0, 1, 9, 30, 31, 69, 70]  # of the 70; the last two near the right end
    chart = chart_of(
        [Point(START, 5, "phone")], marks=[mark(START + timedelta(days=d)) for d in days]
    )

    xs = [m.x for m in chart.marks]
    assert [m.number for m in chart.marks] == list(range(1, len(xs) + 1))
    assert all(b - a >= charts.MARK_GAP for a, b in pairwise(xs))
    assert all(
        chart.plot_left + charts.MARK_RADIUS <= x <= chart.plot_right - charts.MARK_RADIUS
        for x in xs
    )
    # Every day keeps its line, and every mark is in the key.
    assert sum(m.path.count("M") for m in chart.marks) == len(days)
    assert sum(m.key.count(":") for m in chart.marks) == len(days)
    assert chart.marks[-1].key == "15 Mar: plan changed; 16 Mar: plan changed"  # days 69, 70
