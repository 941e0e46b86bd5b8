"""The chart engine: server-rendered SVG charts, the geometry computed here and drawn by the
template (templates/assessments/_chart.html). Any page's charts come from here: the tests page's
(apps/assessments/charts.py), the insights' and the landing page's example (apps/dashboard).

Pure Python on plain values (dates and floats), no ORM and no request. A template loop over
hundreds of points costs far more than joining them in Python, so lines and markers each come out
as one SVG path string (psoas_tracker/rendering.py); gridlines and labels, a handful per chart,
are drawn by the template.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.utils.safestring import mark_safe

from psoas_tracker.rendering import dots_path, line_path

# Small enough that labels stay legible when the chart shrinks to a 390 px phone.
WIDTH, HEIGHT = 480, 220
# The right margin holds the reference lines' labels, outside the plot: they never cover a point.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 42, 56, 12, 26
# Headroom: the data stays this share of the value span clear of the plot's top and bottom (a dot
# is 7 px wide: on the edge it would be cut in half), and the y range spans at least 1.5 times the
# shaded band, so that a point on the band's edge is not also on the plot's.
DATA_HEADROOM = 0.06
BAND_HEADROOM = 1.5
# Marks on the time axis (the tests page's: apps/assessments/marks.py): a thin line at the day,
# and a numbered badge in a strip above the plot, explained in a key under the chart. Nothing
# there to collide with: no point (the plot's below), no label (the y labels are left of the
# plot, the reference lines' right of it); badges closer than MARK_GAP share one number.
MARK_RADIUS = 10  # a 15 px badge on a 390 px phone
MARK_GAP = 2 * MARK_RADIUS + 3
MARK_TOP = 4  # the badges' top; 6 below them the plot begins
MARK_STRIP = MARK_TOP + 2 * MARK_RADIUS + 6 - MARGIN_TOP  # added above the plot and the chart


class Point(NamedTuple):  # a tuple: a 10-year chart makes thousands
    day: date
    value: float
    instrument: str  # what took the reading: lines never join two instruments' points ("": one)


@dataclass(frozen=True)
class Series:
    key: str  # CSS class suffix: "left", "right", "imbalance"
    label: str
    points: Sequence[Point]


class Tick(NamedTuple):
    position: float  # x for a date tick, y for a value tick or a reference line
    label: str  # a reference line's label may take two lines ("\n")

    @property
    def lines(self) -> list[str]:
        return self.label.split("\n")


@dataclass(frozen=True)
class ReferenceLine:
    value: float
    label: str


@dataclass(frozen=True)
class SeriesGeometry:
    key: str
    label: str
    line_path: str  # joins the main instrument's points ("" for fewer than two)
    marker_path: str  # one dot per point of the main instrument
    other_marker_path: str  # drawn faint: points taken with another instrument
    other_line_path: str = ""  # drawn faint: each other instrument's points, joined


class ChartMark(NamedTuple):
    """Something that happened on `day`, marked on the time axis (the tests page's plan and
    instrument changes: apps/assessments/marks.py)."""

    day: date
    when: str  # the day as the key names it
    text: str


@dataclass(frozen=True)
class MarkGeometry:
    number: int
    x: float  # the badge's centre
    y: float
    path: str  # a line at each of its days, up the plot and over to the badge
    key: str  # "3 Mar: plan started (assigned by Sam)", several joined by "; "


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    reference_lines: list[Tick]  # y position and label
    band: tuple[float, float, str] | None  # (y top, height, label)
    series: list[SeriesGeometry] = field(default_factory=list)
    point_count: int = 0
    marks: list[MarkGeometry] = field(default_factory=list)

    @property
    def marks_text(self) -> str:
        """The marks for the text alternative: "Marks on the time axis: 1, 3 Mar: ..."."""
        if not self.marks:
            return ""
        return "Marks on the time axis: " + "; ".join(f"{m.number}, {m.key}" for m in self.marks)

    @property
    def mark_radius(self) -> int:
        return MARK_RADIUS

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def tick_label_x(self) -> float:
        """Where the y labels end: just left of the plot."""
        return self.plot_left - 6

    @property
    def reference_label_x(self) -> float:
        """Where the reference lines' labels start: just right of the plot, in its margin."""
        return self.plot_right + 4

    @property
    def x_label_y(self) -> float:
        return self.height - 8

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def is_empty(self) -> bool:
        return self.point_count == 0


def build_chart(
    *,
    title: str,
    description: str,
    series: Sequence[Series],
    start: date,
    end: date,
    main_instrument: str | None = None,
    reference_lines: Sequence[ReferenceLine] = (),
    band: tuple[float, float, str] | None = None,
    y_floor: float | None = None,
    y_ceiling: float | None = None,
    unit: str = "°",
    marks: Sequence[ChartMark] = (),
) -> Chart:
    """Scale the series into the plot area. The y range covers data, references and the band,
    with headroom (see DATA_HEADROOM); `unit` follows each y label ("°", or " h" for hours).

    y_floor, y_ceiling: values the axis always shows; while the data stays above the floor
    (below the ceiling), the axis does not reach past it either (0 h seated, never -5 h).
    marks: events drawn on the time axis, those from start to end (see MARK_RADIUS)."""
    data = [p.value for s in series for p in s.points]
    low, high, step = _nice_range(
        *_value_span(data, [r.value for r in reference_lines], band, y_floor, y_ceiling),
        floor=_bound(y_floor, data, min),
    )
    if end <= start:
        end = start + timedelta(days=1)
    span_days = (end - start).days
    marks = [mark for mark in marks if start <= mark.day <= end]
    strip = MARK_STRIP if marks else 0
    height = HEIGHT + strip
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP + strip, height - MARGIN_BOTTOM

    x_scale = (right - left) / span_days
    y_scale = (bottom - top) / (high - low)
    start_ordinal = start.toordinal()

    def x_of(day: date) -> float:
        return left + x_scale * (day.toordinal() - start_ordinal)

    def y_of(value: float) -> float:
        return bottom - y_scale * (value - low)

    geometries = [
        _series_geometry(
            one,
            (left - x_scale * start_ordinal, x_scale),
            (bottom + y_scale * low, -y_scale),
            main_instrument,
        )
        for one in series
    ]
    y_ticks = [Tick(round(y_of(v), 1), f"{v:g}{unit}") for v in _frange(low, high, step)]
    band_geometry = None
    if band:
        band_top, band_bottom = y_of(max(band[0], band[1])), y_of(min(band[0], band[1]))
        band_geometry = (round(band_top, 1), round(band_bottom - band_top, 1), band[2])
    return Chart(
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        x_ticks=[Tick(round(x_of(day), 1), label) for day, label in _date_ticks(start, end)],
        y_ticks=y_ticks,
        reference_lines=[Tick(round(y_of(r.value), 1), r.label) for r in reference_lines],
        band=band_geometry,
        series=geometries,
        point_count=sum(len(s.points) for s in series),
        marks=_mark_geometry(marks, x_of, left, right, top, bottom),
    )


def _mark_geometry(marks, x_of, left, right, top, bottom) -> list[MarkGeometry]:
    """Badges left to right, each at its first day (kept inside the plot's width); a mark
    closer to the previous badge than MARK_GAP takes that badge's number."""
    badge_y = MARK_TOP + MARK_RADIUS
    groups: list[tuple[float, list[tuple[float, ChartMark]]]] = []
    for mark in sorted(marks, key=lambda mark: mark.day):
        x = round(x_of(mark.day), 1)
        badge_x = min(max(x, left + MARK_RADIUS), right - MARK_RADIUS)
        if groups and badge_x - groups[-1][0] < MARK_GAP:
            groups[-1][1].append((x, mark))
        else:
            groups.append((badge_x, [(x, mark)]))
    return [
        MarkGeometry(
            number=number,
            x=badge_x,
            y=badge_y,
            path=mark_safe(  # numbers only
                "".join(
                    f"M{x:g} {bottom:g}V{top:g}L{badge_x:g} {badge_y + MARK_RADIUS:g}"
                    for x in dict.fromkeys(x for x, _mark in members)
                )
            ),
            key="; ".join(f"{mark.when}: {mark.text}" for _x, mark in members),
        )
        for number, (badge_x, members) in enumerate(groups, start=1)
    ]


def _series_geometry(series: Series, x_line, y_line, main_instrument) -> SeriesGeometry:
    """Points must come in date order (the view queries them so).

    Each instrument's readings are joined among themselves and never with another's (they are
    not comparable); the main instrument's are drawn solid, the others faint. x_line, y_line:
    (offset, slope) mapping a day's ordinal and a value to the plot.
    """
    (x0, dx), (y0, dy) = x_line, y_line
    by_instrument: dict[str, list[tuple[float, float]]] = {}
    for day, value, instrument in series.points:
        by_instrument.setdefault(instrument, []).append(
            (x0 + dx * day.toordinal(), y0 + dy * value)
        )
    main, others = [], []
    for instrument, xys in by_instrument.items():
        (main if main_instrument in (None, instrument) else others).append(xys)

    def lines(groups):
        return mark_safe("".join(line_path(xys) for xys in groups))

    def dots(groups):
        return mark_safe("".join(dots_path(xys) for xys in groups))

    return SeriesGeometry(
        key=series.key,
        label=series.label,
        line_path=lines(main),
        marker_path=dots(main),
        other_marker_path=dots(others),
        other_line_path=lines(others),
    )


def _bound(bound, data, side):
    """A floor (side=min) or ceiling (max) the data does not cross, else None."""
    if bound is None or (data and side(side(data), bound) != bound):
        return None
    return bound


def _value_span(data, references, band, y_floor, y_ceiling) -> tuple[float, float]:
    """(lowest, highest) value the y axis must show: the data with headroom (never past a
    floor or ceiling the data keeps to), references, bounds, and 1.5 times the band."""
    values = [*data, *references, *(b for b in (y_floor, y_ceiling) if b is not None)]
    if band:
        middle, half = (band[0] + band[1]) / 2, abs(band[1] - band[0]) / 2
        values += [middle - BAND_HEADROOM * half, middle + BAND_HEADROOM * half]
    values = values or [0.0]
    if data:
        room = DATA_HEADROOM * max(max(values) - min(values), 10)
        low, high = min(data) - room, max(data) + room
        floor, ceiling = _bound(y_floor, data, min), _bound(y_ceiling, data, max)
        values += [
            low if floor is None else max(low, floor),
            high if ceiling is None else min(high, ceiling),
        ]
    return min(values), max(values)


def _nice_range(low: float, high: float, *, floor: float | None = None):
    """(low, high, step): rounded outwards to a step of 5, 10 or 20 (degrees, hours...), giving 3
    to 8 gridlines; a span under 10 is widened to 10 about its middle, but not below `floor`."""
    if high - low < 10:
        middle = (high + low) / 2
        low, high = middle - 5, middle + 5
        if floor is not None and low < floor:
            low, high = floor, floor + 10
    for step in (5, 10, 20, 40):
        nice_low = math.floor(low / step) * step
        nice_high = math.ceil(high / step) * step
        if (nice_high - nice_low) / step <= 8:
            return nice_low, nice_high, step
    return math.floor(low / 80) * 80, math.ceil(high / 80) * 80, 80


def _frange(low: float, high: float, step: float):
    value = low
    while value <= high + 1e-9:
        yield value
        value += step


def _date_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Month starts for long ranges, every other week start for short ones; at most 7 labels."""
    span = (end - start).days
    if span <= 120:
        first = start + timedelta(days=(7 - start.weekday()) % 7)
        ticks = [first + timedelta(weeks=n) for n in range(0, span // 7 + 1, 2)]
        return [(day, f"{day.day} {day:%b}") for day in ticks if day <= end][:7]
    months = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        if cursor >= start:
            months.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    every = max(1, math.ceil(len(months) / 7))
    chosen = months[::every]
    return [
        (day, f"{day:%b %Y}" if day.month == 1 or day == chosen[0] else f"{day:%b}")
        for day in chosen
    ]


SPARKLINE_SCALES = (10, 20, 40)  # either side of zero, in the values' unit (degrees)


@dataclass(frozen=True)
class Sparkline:
    path: str  # the line, oldest value on the left
    zero_y: str  # where 0 (left and right even) runs across, ready for the SVG
    limit: int  # the scale: from -limit (right tighter) to +limit (left tighter)


def sparkline(values: Sequence[float], *, width: int = 120, height: int = 32) -> Sparkline | None:
    """A trend (oldest first; the home page's hip imbalance) on a fixed scale symmetric about
    zero: +-10 degrees, or the next of 20 and 40 that holds every value, so that a wobble of 1-2
    degrees within measurement error stays a near-flat line instead of filling the box. None for
    < 2 values."""
    if len(values) < 2:
        return None
    largest = max(abs(value) for value in values)
    limit = next((scale for scale in SPARKLINE_SCALES if largest <= scale), SPARKLINE_SCALES[-1])
    step = width / (len(values) - 1)
    middle = height / 2

    def y_of(value):
        clamped = max(-limit, min(limit, value))
        return middle - middle * clamped / limit

    return Sparkline(
        path=line_path((index * step, y_of(value)) for index, value in enumerate(values)),
        zero_y=f"{middle:g}",
        limit=limit,
    )
