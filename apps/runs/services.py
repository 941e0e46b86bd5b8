"""Storing a parsed run, whole or not at all, and what the runs add up to on a day."""

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum, UniqueConstraint
from django.utils import timezone

from apps.runs import parsing
from apps.runs.models import Run, Source
from psoas_tracker.dates import EARLIEST_DATE

# Two files whose runs start within this of each other hold the same run (a watch and a
# phone recording it, or the watch's file and Strava's copy of it).
SAME_START = timedelta(seconds=60)
# A run's rules in the database, by name: a refused insert says which one it broke.
RUN_CONSTRAINTS = {constraint.name: constraint for constraint in Run._meta.constraints}


def store(
    runner, run: parsing.ParsedRun, *, file_name: str, upload=None, strava_activity_id=None
) -> Run:
    """The run saved for `runner`, or parsing.Refused saying why not (a duplicate, a run in
    the future or before the calendar, a figure no run has: Run.broken_rule()). Call it inside
    a transaction: the caller marks the file done in the same one."""
    stored = checked(
        runner, run, file_name=file_name, upload=upload, strava_activity_id=strava_activity_id
    )
    try:
        with transaction.atomic():  # a savepoint: a race lost leaves the outer one usable
            stored.save()
            return stored
    except IntegrityError as error:
        refused = _refused_by_database(error)
        if refused is None:  # not a run's own rule (its upload deleted meanwhile)
            raise
        raise refused from error


def checked(
    runner, run: parsing.ParsedRun, *, file_name: str, upload=None, strava_activity_id=None
) -> Run:
    """The run for `runner`, unsaved, once it passes every rule store() applies; Refused
    otherwise. A run kept aside ("not sure this is a run") is checked so before it waits."""
    now = timezone.now()
    parsing.check_not_future(run, now)
    day = timezone.localtime(run.started_at, timezone=runner.profile.zone).date()
    if day < EARLIEST_DATE:
        raise parsing.Refused("too_old", f"This run is from {day:%Y}: runs from 2000 on count.")
    stored = _unsaved(runner, run, day=day, file_name=file_name, upload=upload)
    if strava_activity_id is not None:
        stored.source, stored.file_format = Source.STRAVA, ""
        stored.strava_activity_id = strava_activity_id
    problem = stored.broken_rule()
    if problem:
        raise parsing.Refused("corrupt", f"This file's figures are not a run's: {problem}.")
    duplicate = (
        Run.objects.owned_by(runner)
        .filter(
            Q(sha256=run.sha256)
            | Q(
                started_at__gt=run.started_at - SAME_START,
                started_at__lt=run.started_at + SAME_START,
            )
        )
        .only("day", "started_at", "sha256")
        .first()
    )
    if duplicate is not None:
        raise parsing.Refused("duplicate", duplicate_message(duplicate, run))
    return stored


def _unsaved(runner, run: parsing.ParsedRun, *, day, file_name, upload) -> Run:
    return Run(
        runner=runner,
        upload=upload,
        started_at=run.started_at,
        day=day,
        sport=run.sport,
        elapsed_seconds=run.elapsed_s,
        moving_seconds=min(run.moving_s, run.elapsed_s),
        distance_m=run.distance_m,
        elevation_gain_m=run.elevation_gain_m,
        climbing_seconds=min(run.climbing_s, run.elapsed_s),
        climbs=[asdict(climb) for climb in run.climbs],
        steps=run.steps,
        cadence_spm=run.cadence_spm,
        step_length_m=run.step_length_m,
        gct_balance_left_pct=run.gct_balance_left_pct,
        device=run.device[:80],
        file_format=run.fmt,
        file_name=file_name[-255:],
        sha256=run.sha256,
    )


def _refused_by_database(error: IntegrityError) -> parsing.Refused | None:
    """The rule of a run the database refused it by, in words; only a unique one (the same run
    sent twice at once) is a duplicate. None for a rule that is not a run's own."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    constraint = RUN_CONSTRAINTS.get(name)
    if constraint is None:
        return None
    message = constraint.get_violation_error_message()
    if isinstance(constraint, UniqueConstraint):
        return parsing.Refused("duplicate", message)
    return parsing.Refused("corrupt", f"This file's figures are not a run's: {message}")


def hill_rule() -> tuple[float, float]:
    """A climb counts as a hill at this grade (%) or steeper over at least this distance (m):
    docs/domain.md's product default, in settings."""
    return settings.RUNS_HILL_GRADE_PCT, settings.RUNS_HILL_MIN_DISTANCE_M


def duplicate_message(existing: Run, run: parsing.ParsedRun) -> str:
    when = f"{existing.day:%-d %B %Y}"
    if existing.sha256 == run.sha256:
        return f"Already imported: this is the same file as your run of {when}."
    return f"Already imported: a run starting at the same time ({when}) is in your runs."


@dataclass(frozen=True)
class RunDay:
    """What a day's imported runs add up to."""

    runs: int
    moving_seconds: int
    climbing_seconds: int  # on climbs by the hill rule: 0 when the runs were flat
    steps: int | None  # None when no run of the day counted its steps
    distance_m: float | None = None  # None when no run of the day has a distance

    @property
    def minutes(self) -> int:
        return round(self.moving_seconds / 60)

    @property
    def climbing_minutes(self) -> int:
        return round(self.climbing_seconds / 60)

    @property
    def strides(self) -> int | None:
        return None if self.steps is None else self.steps // 2


def run_days(runs, first: date, last: date) -> dict[date, RunDay]:
    """{day: RunDay} of the runs in `runs` (a scoped queryset) from `first` to `last`: one
    query whatever the number of runs."""
    rows = (
        runs.filter(day__gte=first, day__lte=last)
        .values("day")
        .annotate(
            count=Count("pk"),
            moving=Sum("moving_seconds"),
            climbing=Sum("climbing_seconds"),
            steps=Sum("steps"),
            distance=Sum("distance_m"),
        )
        .order_by("day")
    )
    return {
        row["day"]: RunDay(
            runs=row["count"],
            moving_seconds=row["moving"] or 0,
            climbing_seconds=row["climbing"] or 0,
            steps=row["steps"],
            distance_m=row["distance"],
        )
        for row in rows
    }
