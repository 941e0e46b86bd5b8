"""A week's running from the runs imported and the minutes typed in the daily log, never
counted twice: a day with an imported run takes its figures from the watch, and the minutes
typed that day are not added. Pure functions, no queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from apps.runs.services import RunDay


@dataclass(frozen=True)
class WeekRunning:
    minutes: int
    strides_counted: int  # by the watch, over the runs that had cadence
    strides_estimated: int  # minutes without a step count x cadence / 2
    climbing_minutes: int  # on hills, from the watch
    hill_days: int  # days with a hill: from the watch, or ticked in the daily log
    imported_days: int  # days whose running came from the watch

    @property
    def cycles(self) -> int:
        """Psoas cycles a side: one a stride (docs/domain.md)."""
        return self.strides_counted + self.strides_estimated


def estimated_strides(minutes: int, cadence: int) -> int:
    """Strides a side in `minutes` run at `cadence` steps a minute, for running without a
    step count: minutes x steps a minute / 2."""
    return minutes * cadence // 2


def week_running(
    typed: Iterable[tuple[date, int | None, bool]],
    imported: dict[date, RunDay],
    cadence: int,
) -> WeekRunning:
    """typed: (day, minutes run, hills ticked) from the daily log; imported: run_days()."""
    minutes = counted = estimated = climbing = hill_days = 0
    for runs in imported.values():
        minutes += runs.minutes
        climbing += runs.climbing_seconds
        hill_days += runs.climbing_seconds > 0
        if runs.strides is not None:
            counted += runs.strides
        else:  # a GPX without cadence: estimated as for typed minutes
            estimated += estimated_strides(runs.minutes, cadence)
    for day, run_minutes, hills in typed:
        if day in imported or not run_minutes:
            continue
        minutes += run_minutes
        estimated += estimated_strides(run_minutes, cadence)
        hill_days += bool(hills)
    return WeekRunning(
        minutes=minutes,
        strides_counted=counted,
        strides_estimated=estimated,
        climbing_minutes=round(climbing / 60),
        hill_days=hill_days,
        imported_days=len(imported),
    )
