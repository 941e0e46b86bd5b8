"""Which days of a plan stretch and which also strengthen: pure functions on dates, no Django.

Stretch sessions fall on the plan's session days (adherence.session_days). Strength goes on
2-3 of them, never on two days in a row (docs/domain.md, "Strength alongside length": ACSM
2009, not on consecutive days for the same muscles): Monday and Thursday, then Saturday, the
first days of adherence.SPREAD, so every strength day is also a session day and adds none.
"""

import re
from datetime import date, timedelta
from typing import NamedTuple

from apps.plans import adherence

# Monday, Thursday, Saturday: a day or more between any two, Saturday to Monday included.
STRENGTH_WEEKDAYS = adherence.SPREAD[:3]
STRENGTH_SESSIONS_MIN, STRENGTH_SESSIONS_MAX = 1, len(STRENGTH_WEEKDAYS)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def strength_weekdays(strength_per_week: int | None, sessions_per_week: int) -> tuple[int, ...]:
    """The weekdays (0 = Monday) of strength in a week of `sessions_per_week` sessions; `None`
    (a plan without strength days set) puts strength in every session, as a coach's plan
    before strength days had it. Never more strength days than session days."""
    if strength_per_week is None:
        return adherence.SPREAD[:sessions_per_week]
    return STRENGTH_WEEKDAYS[: min(strength_per_week, sessions_per_week)]


def is_strength_day(schedule: adherence.Schedule, strength_per_week: int | None, day: date):
    """Whether `day` is a session day of the plan with strength in it."""
    sessions = adherence.sessions_per_week_on(schedule, day)
    if not sessions or not adherence.session_days(schedule, day, day):
        return False
    return day.weekday() in strength_weekdays(strength_per_week, sessions)


class Day(NamedTuple):
    day: date
    stretch: bool
    strength: bool

    @property
    def words(self) -> str:
        if self.strength:
            return "Stretch and strength"
        return "Stretch" if self.stretch else "Rest"


def week(
    schedule: adherence.Schedule,
    strength_per_week: int | None,
    monday: date,
    *,
    strength: bool = True,
    gentle_until: date | None = None,
) -> list[Day]:
    """The seven days from `monday`: which stretch, which also strengthen. `strength`: whether
    the plan has strength exercises at all; `gentle_until`: the last day of a gentle start,
    which has no strength (PlanItem.in_session)."""
    sessions = set(adherence.session_days(schedule, monday, monday + timedelta(days=6)))
    return [
        Day(
            day,
            day in sessions,
            strength
            and day in sessions
            and not (gentle_until and day <= gentle_until)
            and is_strength_day(schedule, strength_per_week, day),
        )
        for day in (monday + timedelta(days=offset) for offset in range(7))
    ]


def weekday_names(weekdays) -> str:
    """ "Monday and Thursday", "Monday, Thursday and Saturday"."""
    names = [WEEKDAY_NAMES[weekday] for weekday in sorted(weekdays)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# The phases a plan builds (docs/domain.md, "Dose"): build weeks, then maintenance from
# Plan.maintenance_from_week; a plan without it is one phase, unnamed.
BUILD, MAINTENANCE = "Build", "Maintenance"


class Phase(NamedTuple):
    name: str  # BUILD, MAINTENANCE, or "" for a plan of one phase
    first_week: int  # 1-based weeks of the plan, inclusive
    last_week: int

    @property
    def weeks(self) -> int:
        return self.last_week - self.first_week + 1


def phases(weeks: int, maintenance_from_week: int | None) -> list[Phase]:
    """The plan's phases in order: "Build" weeks 1 to N-1, "Maintenance" from week N."""
    if not maintenance_from_week or not 1 < maintenance_from_week <= weeks:
        return [Phase("", 1, weeks)]
    return [
        Phase(BUILD, 1, maintenance_from_week - 1),
        Phase(MAINTENANCE, maintenance_from_week, weeks),
    ]


class PhaseWeek(NamedTuple):
    phase: Phase
    week: int  # the plan's week, 1-based

    @property
    def words(self) -> str:
        """ "Build, week 3 of 6", "Maintenance", or "Week 3 of 6" for a plan of one phase."""
        if self.phase.name == MAINTENANCE:
            return MAINTENANCE
        within = self.week - self.phase.first_week + 1
        if self.phase.name:
            return f"{self.phase.name}, week {within} of {self.phase.weeks}"
        return f"Week {within} of {self.phase.weeks}"


def phase_on(schedule: adherence.Schedule, day: date) -> PhaseWeek | None:
    """The phase and week of the plan that `day` falls in; None before or after the plan."""
    if not schedule.starts_on <= day <= schedule.ends_on:
        return None
    week = (day - schedule.starts_on).days // 7 + 1
    for phase in phases(schedule.weeks, schedule.maintenance_from_week):
        if phase.first_week <= week <= phase.last_week:
            return PhaseWeek(phase, week)
    return None


TEMPO_SECONDS = re.compile(r"(\d+(?:\.\d+)?)\s*s\b")


def tempo_seconds(tempo: str) -> float:
    """The seconds one repetition takes at `tempo` ("2 s up, hold 1 s, 2 s down": 5), the
    sum of its figures in seconds; 0 when it names none."""
    return sum(float(figure) for figure in TEMPO_SECONDS.findall(tempo))
