"""The marks on the time axis of the tests page's charts: plan starts, plan changes and changes
of instrument, so that a bend in a line can be read against what changed that day.

Pure: plan events (apps/plans/timeline.py, one query) and the chart rows already loaded in,
marks out; only those inside the chart's range. Charts draw them (psoas_tracker/charts.py).
"""

from collections.abc import Sequence
from datetime import date

from apps.assessments.models import instrument_label
from psoas_tracker.charts import ChartMark

# The kinds of plan event marked; apps/plans/timeline.py makes the events with these.
START, CHANGE = "start", "change"
ORDER = {START: 0, CHANGE: 1, "instrument": 2}  # on one day: the plan first


def instrument_changes(rows: Sequence) -> list[tuple[date, str]]:
    """(day, instrument) where the runner went over to another instrument and stayed with it:
    the next reading on a later day is the new instrument's too, or there is none yet. A
    single reading with another instrument between two of the usual one is no change (the
    chart draws it faint). `rows`: charts.TestRow, oldest first (of a month when monthly, a
    month's instruments in any order: the change is dated that month)."""
    changes = []
    current = None
    for index, row in enumerate(rows):
        if current is None:
            current = row.instrument
            continue
        if row.instrument == current:
            continue
        later = next((r for r in rows[index + 1 :] if r.taken_on > row.taken_on), None)
        if later is None or later.instrument == row.instrument:
            changes.append((row.taken_on, row.instrument))
            current = row.instrument
    return changes


def _plan_text(event) -> str:
    if event.kind == CHANGE:
        return "plan changed"
    by = f"assigned by {event.author_name}" if event.author_name else "generated from a test"
    return f"plan started ({by})"


def timeline_marks(
    plan_events: Sequence, rows: Sequence, *, start: date, end: date, monthly: bool = False
) -> list[ChartMark]:
    """The marks from `start` to `end` (both included), oldest first: their `when` is "3 Mar",
    "3 Mar 2025" when the range spans two years, and an instrument change's "Mar 2025" over
    years (monthly rows); their `text` "plan started (assigned by Sam)", "plan started
    (generated from a test)", "plan changed" or "instrument changed to goniometer"."""

    def when(day, month_only=False):
        if month_only:
            return f"{day:%b %Y}"
        return f"{day.day} {day:%b}" if start.year == end.year else f"{day.day} {day:%b %Y}"

    events = [
        (event.day, ORDER[event.kind], when(event.day), _plan_text(event)) for event in plan_events
    ]
    events += [
        (day, ORDER["instrument"], when(day, monthly), f"instrument changed to {name}")
        for day, name in (
            (day, instrument_label(instrument).lower())
            for day, instrument in instrument_changes(rows)
        )
    ]
    return [
        ChartMark(day, label, text)
        for day, _order, label, text in sorted(events)
        if start <= day <= end
    ]
