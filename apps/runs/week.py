"""A week's running from the runs imported and the minutes typed in the daily log, never
counted twice: a day with an imported run takes its figures from the watch, and the minutes
typed that day are not added. Pure functions, no queries."""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from apps.runs.services import RunDay


@dataclass(frozen=True)
class Cadence:
    """The runner's own cadence, in steps a minute (both feet), and where it came from."""

    steps_per_minute: int
    from_runs: int  # the imported runs it is the median of; 0: the runner's profile


def own_cadence(run_cadences: Sequence[float], profile_cadence: int | None) -> Cadence | None:
    """run_cadences: steps a minute of the runner's recent imported runs; profile_cadence:
    what they set in their profile, or None. Their runs' median first, else the profile's,
    else None: unknown, to be asked for, never assumed (docs/domain.md)."""
    if run_cadences:
        return Cadence(round(statistics.median(run_cadences)), len(run_cadences))
    if profile_cadence is not None:
        return Cadence(profile_cadence, 0)
    return None


@dataclass(frozen=True)
class WeekRunning:
    minutes: int
    strides_counted: int  # by the watch, over the runs that had cadence
    minutes_uncounted: int  # run without a step count: typed in the log, or a GPX without it
    cadence: Cadence | None  # for those minutes; None: not known
    climbing_minutes: int  # on hills, from the watch
    hill_days: int  # days with a hill: from the watch, or ticked in the daily log
    imported_days: int  # days whose running came from the watch
    distance_m: float | None = None  # metres of the imported runs; None: none had a distance

    @property
    def strides_estimated(self) -> int | None:
        """Strides a side over the minutes without a step count; None when that needs a
        cadence nobody knows."""
        if not self.minutes_uncounted:
            return 0
        if self.cadence is None:
            return None
        return estimated_strides(self.minutes_uncounted, self.cadence.steps_per_minute)

    @property
    def cycles(self) -> int | None:
        """Psoas cycles a side: one a stride (docs/domain.md); None when not all are known."""
        estimated = self.strides_estimated
        return None if estimated is None else self.strides_counted + estimated


def estimated_strides(minutes: int, cadence: int) -> int:
    """Strides a side in `minutes` run at `cadence` steps a minute, for running without a
    step count: minutes x steps a minute / 2."""
    return minutes * cadence // 2


def week_running(
    typed: Iterable[tuple[date, int | None, bool]],
    imported: dict[date, RunDay],
    cadence: Cadence | None,
) -> WeekRunning:
    """typed: (day, minutes run, hills ticked) from the daily log; imported: run_days();
    cadence: own_cadence(), for the minutes without a step count."""
    minutes = counted = uncounted = climbing = hill_days = 0
    distances = [runs.distance_m for runs in imported.values() if runs.distance_m is not None]
    for runs in imported.values():
        minutes += runs.minutes
        climbing += runs.climbing_seconds
        hill_days += runs.climbing_seconds > 0
        if runs.strides is not None:
            counted += runs.strides
        else:  # a GPX without cadence: estimated as for typed minutes
            uncounted += runs.minutes
    for day, run_minutes, hills in typed:
        if day in imported or not run_minutes:
            continue
        minutes += run_minutes
        uncounted += run_minutes
        hill_days += bool(hills)
    return WeekRunning(
        minutes=minutes,
        strides_counted=counted,
        minutes_uncounted=uncounted,
        cadence=cadence,
        climbing_minutes=round(climbing / 60),
        hill_days=hill_days,
        imported_days=len(imported),
        distance_m=sum(distances) if distances else None,
    )
