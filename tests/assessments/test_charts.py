"""The tests page's three charts (apps/assessments/charts.py): what each plots and draws."""

from datetime import date, timedelta

import pytest

from apps.assessments import charts
from tests.project.test_charts import coordinates, mark, plotted_ys

START = date(2026, 1, 5)


def three_charts(rows, *, days):
    """The tests page's charts for `rows` over `days` from START (phone readings, 5 and 80 deg)."""
    return charts.assessment_charts(
        rows,
        start=START,
        end=START + timedelta(days=days),
        main_instrument="phone",
        hip_threshold=5,
        knee_pass_degrees=80,
    )


def test_the_imbalance_chart_plots_left_minus_right_with_the_band():
    rows = [
        charts.TestRow(START, "phone", 8, -2, 60, 70),
        charts.TestRow(START + timedelta(days=7), "phone", 4, 1, None, None),
    ]

    hip, imbalance, knee = three_charts(rows, days=14)

    assert [len(s.marker_path.split("h0")) - 1 for s in hip.series] == [2, 2]
    assert knee.point_count == 2  # the second test has no knee angles
    _band_top, band_height, label = imbalance.band
    assert label == "±5°"
    assert band_height > 0
    assert imbalance.point_count == 2


def y_for(chart, value):
    """Where `value` sits, read back from the chart's own labelled ticks."""
    ticks = {float(t.label.rstrip("°")): t.position for t in chart.y_ticks}
    ordered = sorted(ticks.items())
    (v1, y1), (v2, y2) = ordered[0], ordered[-1]
    # Tick positions are rounded to 0.1, so what they imply is good to about 0.2.
    return pytest.approx(y1 + (value - v1) * (y2 - y1) / (v2 - v1), abs=0.25)


def test_the_imbalance_band_and_points_sit_at_their_values():
    rows = [
        charts.TestRow(START, "phone", 8, -2, None, None),  # +10
        charts.TestRow(START + timedelta(days=7), "phone", 1, 4, None, None),  # -3
    ]

    _hip, imbalance, _knee = three_charts(rows, days=7)

    band_top, band_height, _label = imbalance.band
    assert band_top == y_for(imbalance, 5)
    assert round(band_top + band_height, 1) == y_for(imbalance, -5)
    (_x1, y1), (_x2, y2) = coordinates(imbalance.series[0].line_path)
    assert y1 == y_for(imbalance, 10)
    assert y2 == y_for(imbalance, -3)


def test_the_knee_chart_draws_the_80_degree_line_without_squashing_the_data():
    rows = [charts.TestRow(START, "phone", 0, 0, 62, 70)]

    knee = three_charts(rows, days=7)[2]

    assert knee.reference_lines[0][0] == y_for(knee, 80)
    assert knee.y_ticks[0].label != "0°"  # the axis starts near the data, not at zero


def test_the_hip_chart_draws_the_athletes_mean_below_level_and_says_so():
    rows = [charts.TestRow(START, "phone", 6, 2, None, None)]

    hip = charts.assessment_charts(
        rows,
        start=START,
        end=START + timedelta(days=7),
        main_instrument="phone",
        hip_threshold=5,
        knee_pass_degrees=80,
        hip_mean_degrees=-11.9,
    )[0]

    assert [label for _y, label in hip.reference_lines] == ["level", "athletes'\nmean"]
    assert hip.reference_lines[1][0] == y_for(hip, -11.9)
    assert "The line at -11.9° marks the average measured in elite athletes." in hip.description
    assert "are tight" not in hip.description


def test_imbalance_on_the_bands_edge_leaves_room_above_it():
    """An imbalance of exactly the threshold: the dots on the band's edge, the plot's top well
    above them (it used to be the band's edge too, and the dots were cut in half)."""
    rows = [charts.TestRow(START + timedelta(weeks=n), "phone", 6, 1, None, None) for n in range(4)]

    imbalance = three_charts(rows, days=28)[1]

    band_top, _height, _label = imbalance.band
    assert float(imbalance.y_ticks[-1].label.rstrip("°")) >= 1.5 * 5
    assert band_top - imbalance.plot_top >= 20
    assert all(y == pytest.approx(band_top, abs=0.1) for y in plotted_ys(imbalance))
    assert float(imbalance.y_ticks[0].label.rstrip("°")) <= -1.5 * 5  # and below, the same


def test_the_three_charts_carry_the_same_marks():
    rows = [charts.TestRow(START + timedelta(weeks=n), "phone", 6, 2, 60, 70) for n in range(4)]

    hip, imbalance, knee = charts.assessment_charts(
        rows,
        start=START,
        end=START + timedelta(days=28),
        main_instrument="phone",
        hip_threshold=5,
        knee_pass_degrees=80,
        marks=[mark(START + timedelta(days=14))],
    )

    assert hip.marks == imbalance.marks == knee.marks
    assert len(hip.marks) == 1
