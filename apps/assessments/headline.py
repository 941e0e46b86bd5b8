"""The sentence above the charts: the left/right story of the range in five seconds.

Pure: chart rows (apps/assessments/charts.TestRow, oldest first) and the real-change threshold
in, one or two sentences out. Only the main instrument's readings are compared (another
instrument's are not comparable), and a difference within the threshold is "within
measurement error", never called a side.
"""

from collections.abc import Sequence
from datetime import date


def _month(day: date, today_year: int) -> str:
    return f"{day:%B}" if day.year == today_year else f"{day:%B %Y}"


def _side(difference: float) -> str:
    return "Left" if difference > 0 else "Right"


def _degrees(value: float) -> str:
    return f"{round(abs(value), 1):g}°"


def headline(rows: Sequence, *, threshold: float, main_instrument: str | None, today: date) -> str:
    """E.g. "Left was 9° tighter in December; within measurement error since August.", or ""
    when there is no test in the range."""
    readings = [
        (row.taken_on, row.hip_left - row.hip_right)
        for row in rows
        if main_instrument is None or row.instrument == main_instrument
    ]
    if not readings:
        return ""
    year = today.year
    last_day, last = readings[-1]
    beyond = [(day, diff) for day, diff in readings if abs(diff) >= threshold]
    if len(readings) == 1:
        now = (
            f"{_side(last)} {_degrees(last)} tighter than the other side"
            if abs(last) >= threshold
            else f"left and right within measurement error (±{threshold:g}°)"
        )
        return f"One test in this range: {now}. The trend starts with the next one."
    if not beyond:
        return (
            f"Left and right within measurement error (±{threshold:g}°) on all "
            f"{len(readings)} tests since {_month(readings[0][0], year)}."
        )
    worst_day, worst = max(beyond, key=lambda reading: abs(reading[1]))
    if abs(last) < threshold:
        # Within error now: since when (the first reading after the last one beyond it).
        last_beyond = max(
            index for index, (day, diff) in enumerate(readings) if abs(diff) >= threshold
        )
        since = readings[last_beyond + 1][0]
        return (
            f"{_side(worst)} was {_degrees(worst)} tighter in {_month(worst_day, year)}; "
            f"within measurement error since {_month(since, year)}."
        )
    sentence = (
        f"{_side(last)} {_degrees(last)} tighter than right"
        if last > 0
        else (f"Right {_degrees(last)} tighter than left")
    )
    sentence += f" on {last_day:%-d %B}"
    switched = [(day, diff) for day, diff in beyond if (diff > 0) != (last > 0)]
    if switched:
        day, diff = switched[-1]
        return (
            f"{sentence}; in {_month(day, year)} it was the {_side(diff).lower()} side "
            f"({_degrees(diff)})."
        )
    if abs(worst) > abs(last) and worst_day != last_day:
        return f"{sentence}, down from {_degrees(worst)} in {_month(worst_day, year)}."
    first_day, first = readings[0]
    if abs(last) > abs(first) + threshold:
        return f"{sentence}, up from {_degrees(first)} in {_month(first_day, year)}."
    return f"{sentence}."
