"""What the tests page reads: a page of the history, the runner's main instrument, and the
charts' rows for a date range. Each takes a queryset already scoped to the viewer."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, DateField, Min
from django.db.models.functions import Cast, TruncMonth

from apps.assessments import charts, headline, marks, scoring, verdicts
from apps.assessments.models import instrument_label
from psoas_tracker.rendering import table_rows

PAGE_SIZE = 10
MAX_PAGE = 100_000  # a larger number is past the end (and would overflow the OFFSET)
RANGES = {"12w": ("12 weeks", 84), "1y": ("1 year", 365), "all": ("All", None)}
DEFAULT_RANGE = "12w"
READINGS = ("hip_angle_left", "hip_angle_right", "knee_angle_left", "knee_angle_right")


def page_number(value) -> int:
    """A page number from the query string: junk or below 1 is 1, and huge is clamped."""
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class HistoryPage:
    """A page of the history, newest first, without the COUNT query a Paginator makes."""

    number: int
    tests: list
    has_next: bool

    @classmethod
    def of(cls, tests, number):
        """(page, [the test just older than it, if any]): PAGE_SIZE + 1 rows in one query.

        The older test gives the persistence of the page's last row and tells whether there is
        a next page. A number that is no number (or below 1) is page 1, and one past the end is
        the last page (which only then costs a count).
        """
        number = page_number(number)
        offset = (number - 1) * PAGE_SIZE
        rows = list(tests[offset : offset + PAGE_SIZE + 1])
        if not rows and number > 1:
            last = max(math.ceil(tests.count() / PAGE_SIZE), 1)
            offset, number = (last - 1) * PAGE_SIZE, last
            rows = list(tests[offset : offset + PAGE_SIZE + 1])
        return cls(number, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE), rows[PAGE_SIZE:]

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


def latest_date(tests) -> date | None:
    return tests.newest_first().values_list("taken_on", flat=True).first()


def main_instrument_and_first_date(tests):
    """(the instrument the runner uses most, the date of the first test), in one query.

    Other instruments' readings are marked, not silently mixed with the main one's."""
    rows = list(
        tests.values("instrument")
        .annotate(n=Count("id"), first=Min("taken_on"))
        .order_by("-n", "instrument")
    )
    if not rows:
        return None, None
    return rows[0]["instrument"], min(row["first"] for row in rows)


def range_key(value) -> str:
    return value if value in RANGES else DEFAULT_RANGE


def chart_span(key, today, first_test_on) -> tuple[date, date, date]:
    """(axis start, axis end, first day included) of a chart range ending today. "12 weeks"
    holds the 84 days up to today; "all" starts at the first test."""
    days = RANGES[key][1]
    if days is None:
        start = min(first_test_on or today, today)
        return start, today, start
    start = today - timedelta(days=days)
    return start, today, start + timedelta(days=1)


def chart_rows(tests, first_day, end, *, main_instrument, monthly) -> list[charts.TestRow]:
    """The tests from first_day to end, oldest first; over years, monthly means per instrument
    (PostgreSQL averages them; a knee mean skips missing knees), dated mid-month but never
    outside the range."""
    in_range = tests.filter(taken_on__lte=end, taken_on__gte=first_day)
    if not monthly:
        return [
            charts.TestRow(*values)
            for values in in_range.order_by("taken_on").values_list(
                "taken_on", "instrument", *READINGS
            )
        ]
    months = (
        in_range.annotate(month=Cast(TruncMonth("taken_on"), DateField()))
        .values("month", "instrument")
        .annotate(count=Count("id"), **{name: Avg(name) for name in READINGS})
        .values_list("month", "instrument", "count", *READINGS)
        .order_by()
    )
    return sorted(
        (
            charts.TestRow(
                min(max(month + timedelta(days=14), first_day), end),
                instrument,
                *(None if mean is None else round(mean, 1) for mean in means),
                tests=count,
            )
            for month, instrument, count, *means in months
        ),
        key=lambda row: (row.taken_on, row.instrument != main_instrument),
    )


def _number(value) -> str:
    return "-" if value is None else f"{value:g}"


def data_table(rows, *, monthly=False):
    """The charts' data as table rows, newest first: a range may hold a hundred rows or more.
    Monthly rows name the month and count its tests."""
    cells = (
        (
            f"{row.taken_on:%Y-%m}" if monthly else row.taken_on.isoformat(),
            instrument_label(row.instrument),
            *([row.tests] if monthly else []),
            _number(row.hip_left),
            _number(row.hip_right),
            _number(round(row.hip_left - row.hip_right, 1)),
            _number(row.knee_left),
            _number(row.knee_right),
        )
        for row in reversed(rows)
    )
    labels = ("Instrument", *(["Tests"] if monthly else []), *DATA_COLUMNS)
    return table_rows(cells, labels=labels)


DATA_COLUMNS = ("Hip left", "Hip right", "Left \N{MINUS SIGN} right", "Knee left", "Knee right")


def chart_context(
    runner, tests, main_instrument, first_test_on, range_value=None, *, plan_events
) -> dict:
    """The three charts, their headline and data table for `runner` over the range asked for
    (`range_value`, e.g. from ?range=), as the tests page and the coach's runner page show
    them. `tests`: the runner's tests, scoped to the viewer; `plan_events(start, end)`: the
    plan starts and changes to mark (plans/timeline.py, one query)."""
    key = range_key(range_value)
    start, end, first_day = chart_span(key, runner.profile.today(), first_test_on)
    # Over years, monthly means: 480 px cannot show a point per week of ten years.
    monthly = (end - start).days > charts.MONTHLY_AFTER_DAYS
    rows = chart_rows(tests, first_day, end, main_instrument=main_instrument, monthly=monthly)
    # Plan starts and changes in one query; instrument changes from the rows just read.
    events = plan_events(start, end)
    limits = verdicts.thresholds(main_instrument)  # the charts draw the main instrument's
    return {
        "charts": charts.assessment_charts(
            rows,
            start=start,
            end=end,
            main_instrument=main_instrument,
            hip_threshold=limits.hip_degrees,
            knee_pass_degrees=scoring.KNEE_PASS_MIN_DEGREES,
            level_band=limits.level_band,
            knee_mean_degrees=scoring.KNEE_POPULATION_MEAN_DEGREES,
            hip_mean_degrees=scoring.HIP_POPULATION_MEAN_DEGREES,
            monthly=monthly,
            marks=marks.timeline_marks(events, rows, start=start, end=end, monthly=monthly),
        ),
        "chart_point_count": len(rows),
        "headline": headline.headline(
            rows,
            threshold=limits.hip_degrees,
            main_instrument=main_instrument,
            today=runner.profile.today(),
        ),
        "monthly": monthly,
        "has_other_instrument": any(row.instrument != main_instrument for row in rows),
        "main_instrument_label": instrument_label(main_instrument) if main_instrument else "",
        "range_key": key,
        "ranges": [(key, label) for key, (label, _days) in RANGES.items()],
        "data_rows": data_table(rows, monthly=monthly),
    }
