"""Sitting against hip angle, week by week: pure functions on numbers (no ORM, no request)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import mark_safe

MIN_WEEKS = 6

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 40


@dataclass(frozen=True)
class Week:
    week_start: date
    sitting_minutes_per_day: float
    hip_angle: float  # mean of left and right, degrees (+ = above level)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when there are fewer than two pairs or a series does not vary."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def describe(r: float | None, weeks: int) -> str:
    """Honest words for r: a correlation over so many weeks, never a cause."""
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
    strength = (
        "no clear"
        if abs(r) < 0.2
        else "a weak"
        if abs(r) < 0.4
        else "a moderate"
        if abs(r) < 0.7
        else "a strong"
    )
    direction = "" if abs(r) < 0.2 else (" positive" if r > 0 else " negative")
    meaning = (
        "weeks with more sitting went with tighter hips"
        if r >= 0.2
        else "weeks with more sitting went with looser hips"
        if r <= -0.2
        else "sitting and hip angle did not move together"
    )
    return (
        f"Over {weeks} weeks, {strength}{direction} correlation (r = {r:.2f}): {meaning}. "
        "A correlation is not a cause: other things change from week to week too."
    )


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
