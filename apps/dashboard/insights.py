"""Sitting and the hip angle, week by week: pure functions on numbers (no ORM, no request)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from django.utils.safestring import mark_safe

from apps.dashboard import correlation
from apps.sitting.units import hours
from psoas_tracker import charts

MIN_WEEKS = 6
TABLE_BY_MONTH_AFTER_WEEKS = 104  # two years of weekly rows; beyond, a row a month

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 12, 40  # the right margin holds half the last x label


@dataclass(frozen=True)
class Week:
    week_start: date
    sitting_minutes_per_day: float
    hip_angle: float  # mean of left and right, degrees (+ = above level)


def describe(r: float | None, weeks: int) -> str:
    """Honest words for r of the weekly levels: a pattern only past the critical value of r for
    the number of weeks, then a correlation, never a cause, and one that two slow drifts can
    make on their own."""
    if weeks >= MIN_WEEKS and r is None:
        return (
            f"Over {weeks} weeks your sitting or your hip angle did not change at all, so there "
            "is nothing to correlate yet."
        )
    if r is None or weeks < MIN_WEEKS:
        return (
            f"Not enough data yet: this needs at least {MIN_WEEKS} weeks with both a test and "
            f"a sitting log ({weeks} so far)."
        )
    test = correlation.tested(r, weeks)
    if not test.is_pattern:
        return correlation.no_pattern_yet("Your sitting and your hip angle", test, "weeks")
    meaning = (
        "weeks with more sitting went with your thigh resting higher in the test"
        if r > 0
        else "weeks with more sitting went with your thigh resting lower in the test"
    )
    return (
        correlation.pattern(f"Over {weeks} weeks, {meaning}", test, "weeks", sign=True)
        + " Two things that both drift over the months correlate through time alone, so look "
        "at the week-to-week changes too. A correlation is not a cause: other things change "
        "from week to week too."
    )


def week_to_week_changes(weeks: Sequence[Week]) -> tuple[list[float], list[float]]:
    """(changes of sitting, changes of hip angle) between weeks that follow each other: a slow
    drift of both over a year, which makes the levels correlate, cancels out here."""
    sitting, hip = [], []
    for earlier, later in pairwise(weeks):
        if later.week_start - earlier.week_start == timedelta(weeks=1):
            sitting.append(later.sitting_minutes_per_day - earlier.sitting_minutes_per_day)
            hip.append(later.hip_angle - earlier.hip_angle)
    return sitting, hip


def describe_changes(
    r: float | None, pairs: int, hip_changes: Sequence[float], real_change_degrees: float
) -> str:
    """Honest words for r of the week-to-week changes: a pattern only past the critical value
    of r for the number of pairs of weeks, and said to be made of noise-sized steps when every
    hip change (degrees) is inside the real-change threshold."""
    if pairs < MIN_WEEKS:
        return (
            f"Week to week: not enough yet. This needs at least {MIN_WEEKS} pairs of weeks in a "
            f"row with both a test and a sitting log ({pairs} so far)."
        )
    if r is None:
        return (
            f"Week to week, over {pairs} pairs of weeks in a row, your sitting or your hip angle "
            "did not change at all, so there is nothing to correlate yet."
        )
    test = correlation.tested(r, pairs)
    unit = "pairs of weeks"
    if not test.is_pattern:
        return correlation.no_pattern_yet(
            "Week to week, changes in sitting and in hip angle", test, unit
        )
    direction = "rise" if r > 0 else "fall"
    finding = (
        f"Week to week, over {pairs} pairs of weeks in a row, in weeks when you sat more than "
        f"the week before, the hip angle tended to {direction}"
    )
    text = (
        correlation.pattern(finding, test, unit)
        + " Slow drifts do not fool this one, but it is still a correlation, not a cause."
    )
    if max(abs(change) for change in hip_changes) < real_change_degrees:
        text += (
            f" Each of these weekly changes of your hip angle was under {real_change_degrees:g}°,"
            " inside measurement error: no single week's change was real on its own."
        )
    return text


@dataclass(frozen=True)
class Row:
    """One row of the data table: a week, or a month when the weeks are too many to list."""

    label: str
    sitting: str
    hip: str


def monthly(weeks: Sequence[Week]) -> list[Week]:
    """Monthly means of the weeks (each counted in the month it starts in), dated the 1st."""
    months: dict[date, list[Week]] = {}
    for week in weeks:
        months.setdefault(week.week_start.replace(day=1), []).append(week)
    return [
        Week(
            month,
            sum(week.sitting_minutes_per_day for week in group) / len(group),
            sum(week.hip_angle for week in group) / len(group),
        )
        for month, group in sorted(months.items())
    ]


def table(points: Sequence[Week], *, by_month: bool) -> list[Row]:
    """Rows newest first, values formatted once here; points are weeks, or months (monthly)."""
    return [
        Row(
            f"{week.week_start:%B %Y}" if by_month else f"{week.week_start:%-d %b %Y}",
            hours(week.sitting_minutes_per_day),
            f"{week.hip_angle:+.1f}°",
        )
        for week in reversed(points)
    ]


def timeline(points: Sequence[Week], *, start: date, end: date, by_month: bool):
    """Sitting and the hip angle over time: two charts on one time axis (two scales on one
    chart would invite reading a crossing as meaning something). Points are weeks, or months
    (monthly) when by_month."""
    note = " Each point is the mean of one month's weeks." if by_month else ""

    def day_of(week):
        return week.week_start + timedelta(days=14 if by_month else 3)

    sitting = charts.build_chart(
        title="Hours seated a day, over time",
        description=f"Mean hours seated a day, week by week, on the same time axis as the hip "
        f"angle below.{note}",
        series=[
            charts.Series(
                "sitting",
                "Hours seated",
                [
                    charts.Point(day_of(week), week.sitting_minutes_per_day / 60, "")
                    for week in points
                ],
            )
        ],
        start=start,
        end=end,
        y_floor=0,
        unit=" h",
    )
    hip = charts.build_chart(
        title="Hip angle, over time",
        description=f"Mean of left and right hip angle in degrees, week by week; above 0 (the "
        f"line) the thigh stays above the table.{note}",
        series=[
            charts.Series(
                "hip",
                "Hip angle",
                [charts.Point(day_of(week), week.hip_angle, "") for week in points],
            )
        ],
        start=start,
        end=end,
        reference_lines=[charts.ReferenceLine(0, "level")],
    )
    return [sitting, hip]


@dataclass(frozen=True)
class Scatter:
    view_box: str
    marker_path: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def scatter(weeks: Sequence[Week]) -> Scatter:
    """Each week as a dot: x = hours seated a day, y = hip angle."""
    xs = [week.sitting_minutes_per_day / 60 for week in weeks] or [0.0]
    ys = [week.hip_angle for week in weeks] or [0.0]
    x_low, x_high = 0, max(10, math.ceil(max(xs) / 2) * 2)
    y_low = math.floor(min(min(ys), 0) / 5) * 5 - 5
    y_high = math.ceil(max(max(ys), 0) / 5) * 5 + 5
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x_of(value):
        return LEFT + (right - LEFT) * (value - x_low) / (x_high - x_low)

    def y_of(value):
        return bottom - (bottom - TOP) * (value - y_low) / (y_high - y_low)

    y_step = 5 if y_high - y_low <= 40 else 10
    return Scatter(
        view_box=f"0 0 {WIDTH} {HEIGHT}",
        # Only numbers and path commands: safe, and not worth escaping (hundreds of weeks).
        marker_path=mark_safe(
            "".join(f"M{x_of(x):.1f} {y_of(y):.1f}h0" for x, y in zip(xs, ys, strict=True))
        )
        if weeks
        else "",
        # Positions as strings: the template would localize every float one by one.
        x_ticks=[(f"{x_of(h):.1f}", f"{h} h") for h in range(x_low, x_high + 1, 2)],
        y_ticks=[(f"{y_of(v):.1f}", f"{v}°") for v in range(int(y_low), int(y_high) + 1, y_step)],
        plot_left=LEFT,
        plot_right=right,
        plot_top=TOP,
        plot_bottom=bottom,
    )
