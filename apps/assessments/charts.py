"""The tests page's three charts (hip angles, hip imbalance, knee angles), drawn by the chart
engine (psoas_tracker/charts.py). Pure: chart rows in, charts out."""

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from psoas_tracker.charts import Chart, ChartMark, Point, ReferenceLine, Series, build_chart


class TestRow(NamedTuple):  # a tuple: a 10-year range makes hundreds
    """The readings a chart needs from one test, or the means of one month's tests (`tests`
    of them, plotted on the 15th) when a range covers years."""

    taken_on: date
    instrument: str
    hip_left: float
    hip_right: float
    knee_left: float | None
    knee_right: float | None
    tests: int = 1


def assessment_charts(
    rows: Sequence[TestRow],
    *,
    start: date,
    end: date,
    main_instrument: str | None,
    hip_threshold: float,
    knee_pass_degrees: float,
    level_band: float = 0,
    knee_mean_degrees: float | None = None,
    hip_mean_degrees: float | None = None,
    monthly: bool = False,
    marks: Sequence[ChartMark] = (),
) -> list[Chart]:
    """The three charts of the tests page: hip angles, hip imbalance, knee angles.

    monthly: the rows are monthly_means(), and the descriptions say so. marks: plan starts and
    changes, instrument changes (apps/assessments/marks.py), on each chart's time axis.
    """
    note = " Each point is the mean of one month's tests." if monthly else ""

    def points(value_of):
        values = ((row, value_of(row)) for row in rows)
        return [
            Point(row.taken_on, value, row.instrument) for row, value in values if value is not None
        ]

    hip = build_chart(
        title="Hip angle, left and right",
        description=(
            "Thigh angle to the table in degrees over time; lower is better. Inside the shaded "
            f"band around 0 (±{level_band:g}°) a reading is about level, within measurement "
            f"error; above it, a reading points to tight hip flexors."
            + (
                f" The line at {hip_mean_degrees:g}° marks the average measured in elite athletes."
                if hip_mean_degrees is not None
                else ""
            )
            + note
        ),
        series=[
            Series("left", "Left", points(lambda r: r.hip_left)),
            Series("right", "Right", points(lambda r: r.hip_right)),
        ],
        start=start,
        end=end,
        main_instrument=main_instrument,
        marks=marks,
        reference_lines=[
            ReferenceLine(0, "level"),
            *(
                [ReferenceLine(hip_mean_degrees, "athletes'\nmean")]
                if hip_mean_degrees is not None
                else []
            ),
        ],
        band=(-level_band, level_band, f"about level, ±{level_band:g}°") if level_band else None,
    )
    imbalance = build_chart(
        title="Left/right hip imbalance: above 0 the left is tighter; shaded, within "
        "measurement error",
        description=(
            f"Left minus right hip angle in degrees; above 0 the left is tighter. Inside the "
            f"±{hip_threshold:g}° band the difference is within measurement error.{note}"
        ),
        series=[
            Series("imbalance", "Left minus right", points(lambda r: r.hip_left - r.hip_right))
        ],
        start=start,
        end=end,
        main_instrument=main_instrument,
        marks=marks,
        reference_lines=[ReferenceLine(0, "even")],
        band=(-hip_threshold, hip_threshold, f"±{hip_threshold:g}°"),
    )
    knee = build_chart(
        title="Knee angle, left and right",
        description=(
            f"Passive knee bend in degrees over time; higher is better. The lines mark the "
            f"classic {knee_pass_degrees:g}° pass mark"
            + (
                f" and the {knee_mean_degrees:g}° measured on average in elite athletes"
                if knee_mean_degrees is not None
                else ""
            )
            + f".{note}"
        ),
        series=[
            Series("left", "Left", points(lambda r: r.knee_left)),
            Series("right", "Right", points(lambda r: r.knee_right)),
        ],
        start=start,
        end=end,
        main_instrument=main_instrument,
        marks=marks,
        reference_lines=[
            ReferenceLine(knee_pass_degrees, f"{knee_pass_degrees:g}°\nmark"),
            *(
                [ReferenceLine(knee_mean_degrees, "athletes'\nmean")]
                if knee_mean_degrees is not None
                else []
            ),
        ],
        y_floor=knee_pass_degrees - 40,
    )
    return [hip, imbalance, knee]


# Beyond this span a chart shows monthly means: 480 px cannot show a point per week of years
# (ten years of weekly tests put 520 points, 0.8 px apart), and the page stays light.
MONTHLY_AFTER_DAYS = 2 * 365
