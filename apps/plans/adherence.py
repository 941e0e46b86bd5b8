"""Is the plan being followed? Pure functions on dates and counts, no Django.

Weeks run Monday to Sunday in the runner's own time zone (the caller passes the runner's dates).
Compliance colours as coaching platforms use them (docs/domain.md): green at 80-120 % of the
planned sessions, yellow at 50-79 %, red below 50 % or when none was done. The days a red flag
paused the plan plan nothing: a week paused throughout is "paused", never red.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

GREEN, YELLOW, RED = "green", "yellow", "red"
VERDICTS = {GREEN: "on track", YELLOW: "partly", RED: "missed"}
PAUSED = "paused"
# Which weekdays (0 = Monday) hold the sessions for n sessions a week: spread out, Monday first.
SPREAD = (0, 3, 5, 1, 4, 6, 2)
WEEK = timedelta(weeks=1)


class Schedule(NamedTuple):
    """A plan's schedule: when it starts, how long it runs, the sessions a week."""

    starts_on: date
    weeks: int
    sessions_per_week: int
    maintenance_from_week: int | None = None  # 1-based week number
    maintenance_sessions_per_week: int | None = None

    @classmethod
    def of(cls, plan) -> "Schedule":
        """The schedule of anything that has its fields (a Plan, a PlanRevision): the one way
        to build one."""
        return cls(*(getattr(plan, field) for field in cls._fields))

    @property
    def ends_on(self) -> date:
        """The plan's last day; date.max if that lies beyond the calendar (never a crash)."""
        try:
            return self.starts_on + timedelta(weeks=self.weeks) - timedelta(days=1)
        except OverflowError:
            return date.max


class WeekAdherence(NamedTuple):
    week_start: date
    planned: int
    done: int
    colour: str | None  # None when nothing was planned, or the week is under way and not green
    in_progress: bool
    paused: bool = False  # a red flag paused every session the plan had this week

    @property
    def verdict(self) -> str:
        """The week in words, the same on every page: "on track", "partly", "missed", "paused"
        (a red flag held every session of it), "under way" (not over and not yet green) or
        "nothing planned"."""
        if self.colour:
            return VERDICTS[self.colour]
        if self.paused:
            return PAUSED
        return "under way" if self.in_progress else "nothing planned"

    @property
    def badge(self) -> str:
        """The badge's colour class: the compliance colour, "paused", or "none"."""
        return self.colour or (PAUSED if self.paused else "none")

    def summary(self, unit: str = "") -> str:
        """ "3 of 4 sessions, on track": the week's badge text (unit " sessions" or none)."""
        return f"{self.done} of {self.planned}{unit}, {self.verdict}"

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.planned) if self.planned else None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def calendar_weeks(first_day: date, last_day: date) -> int:
    """How many Monday-to-Sunday weeks the days from first_day to last_day touch."""
    return (monday_of(last_day) - monday_of(first_day)).days // 7 + 1


def sessions_per_week_on(schedule: Schedule, day: date) -> int:
    """The plan's weekly target in force on `day` (0 outside the plan)."""
    if not schedule.starts_on <= day <= schedule.ends_on:
        return 0
    return _target(schedule, day)


def _target(schedule: Schedule, day: date) -> int:
    """The weekly target of the plan's week that holds `day` (a day of the plan)."""
    week_number = (day - schedule.starts_on).days // 7 + 1
    if schedule.maintenance_from_week and week_number >= schedule.maintenance_from_week:
        return schedule.maintenance_sessions_per_week or schedule.sessions_per_week
    return schedule.sessions_per_week


def session_days(schedule: Schedule, start: date, end: date) -> list[date]:
    """The days on which sessions are planned between start and end (inclusive)."""
    days = []
    day, last = max(start, schedule.starts_on), min(end, schedule.ends_on)
    while day <= last:
        week_number = (day - schedule.starts_on).days // 7 + 1
        per_week = schedule.sessions_per_week
        if schedule.maintenance_from_week and week_number >= schedule.maintenance_from_week:
            per_week = schedule.maintenance_sessions_per_week or per_week
        if day.weekday() in SPREAD[:per_week]:
            days.append(day)
        day += timedelta(days=1)
    return days


def planned_in_week(schedule: Schedule, week_start: date) -> int:
    """The sessions planned in the Monday-to-Sunday week from `week_start`."""
    week_end = week_start + timedelta(days=6)
    if schedule.starts_on <= week_start and week_end <= schedule.ends_on:
        # A whole week of the plan (the plan's weeks start on any weekday: ask about its end).
        first, last = _target(schedule, week_start), _target(schedule, week_end)
        if first == last:
            return first
    return len(session_days(schedule, week_start, week_end))


Pause = tuple[date, date | None]  # a red flag's first day, and the day it cleared (None: open)


def is_paused(day: date, pauses: Sequence[Pause]) -> bool:
    """Whether a red flag held the plan on `day`: from the day it was raised up to, not
    including, the day it cleared (a session that day counts again)."""
    return any(first <= day and (cleared is None or day < cleared) for first, cleared in pauses)


def planned_around_pauses(schedule: Schedule, week_start: date, pauses: Sequence[Pause]):
    """(sessions planned in the week on days no red flag paused, whether any planned day was
    paused)."""
    days = session_days(schedule, week_start, week_start + timedelta(days=6))
    open_days = [day for day in days if not is_paused(day, pauses)]
    return len(open_days), len(open_days) < len(days)


def compliance_colour(done: int, planned: int) -> str | None:
    if planned == 0:
        return None
    ratio = done / planned
    if ratio >= 0.8:
        return GREEN  # above 120 % is still green: more stretching is no failure
    if ratio >= 0.5:
        return YELLOW
    return RED


class Revision(NamedTuple):
    """A plan's schedule before an edit: it applied up to and including `valid_until` (the
    Sunday before the week of the edit), so past weeks keep the plan they had."""

    valid_until: date
    schedule: Schedule


def schedule_in_week(schedule: Schedule, earlier: Sequence[Revision], week_start: date):
    """The schedule in force in the week starting `week_start`: the first earlier revision
    still valid then, or the plan as it is now."""
    for revision in sorted(earlier, key=lambda revision: revision.valid_until):
        if week_start <= revision.valid_until:
            return revision.schedule
    return schedule


def weekly_adherence(
    schedule: Schedule,
    done_days: Iterable[date],
    today: date,
    weeks: int = 6,
    earlier: Sequence[Revision] = (),
    pauses: Sequence[Pause] = (),
) -> list[WeekAdherence]:
    """The last `weeks` weeks up to and including this one, oldest first.

    done_days: the dates of completed sessions (one per day at most counts). earlier: the
    plan's schedules before its edits, so that each week counts what was planned then.
    pauses: the red flags' (first day, day cleared or None), whose days plan no session.
    """
    done = set(done_days)
    this_week = monday_of(today)
    if earlier:
        earlier = sorted(earlier, key=lambda revision: revision.valid_until)
    result = []
    start = this_week - (weeks - 1) * WEEK
    for _ in range(weeks):
        in_force = schedule_in_week(schedule, earlier, start) if earlier else schedule
        end = start + WEEK
        touched = [
            (first, cleared)
            for first, cleared in pauses
            if first < end and (cleared is None or cleared > start)
        ]
        if touched:
            planned, paused_some = planned_around_pauses(in_force, start, touched)
        else:
            planned, paused_some = planned_in_week(in_force, start), False
        count = sum(1 for day in done if start <= day < end) if done else 0  # one a day at most
        in_progress = start == this_week
        colour = compliance_colour(count, planned)
        if in_progress and colour != GREEN:
            colour = None  # the week is not over: no verdict yet
        paused = paused_some and planned == 0
        result.append(WeekAdherence(start, planned, count, colour, in_progress, paused))
        start = end
    return result


def streak(weeks: list[WeekAdherence]) -> int:
    """Weeks in a row, up to now, in the green (a week under way counts once it is green); a
    week a red flag paused throughout neither counts nor breaks the streak."""
    count = 0
    for week in reversed(weeks):
        if (week.in_progress or week.paused) and week.colour != GREEN:
            continue
        if week.colour != GREEN:
            break
        count += 1
    return count


def is_session_done(*, finished: bool, sets_done: int, sets_planned: int) -> bool:
    """A session counts when every set was logged (rating it can be skipped), or when it was
    finished with at least half of them done; a session finished with less does not."""
    if sets_planned <= 0:
        return False
    return sets_done >= sets_planned or (finished and 2 * sets_done >= sets_planned)
