"""Back to running (return_to_run.py) in the app: a block starts when a red flag's hold clears,
when the runner says they paused for pain, or when their coach starts one; the runner logs each
walk-run with the pain during it; imported runs of the step's length count too; and every page
reads where the runner stands from one function, as the viewer may see it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from apps.assessments.models import RedFlag
from apps.plans import morning, programme, return_to_run
from apps.plans.models import MorningCheck, ReturnCause, ReturnToRun, WalkRun
from apps.runs.models import FLAT_GAIN_M_PER_KM, Run

OUTINGS_SHOWN = 6  # the latest outings listed under the step


@dataclass(frozen=True)
class Block:
    """A return-to-run block as a page shows it."""

    block: ReturnToRun
    position: return_to_run.Position
    today: date

    @property
    def step(self):
        return self.position.step

    @property
    def flat(self) -> bool:
        return self.step is not None and self.step.terrain == return_to_run.FLAT

    @property
    def scale(self) -> range:
        return range(morning.PAIN_MIN, morning.PAIN_MAX + 1)

    @property
    def logged_today(self) -> bool:
        return any(
            each.outing.day == self.today and not each.outing.imported
            for each in self.position.outings
        )

    @property
    def ended(self) -> bool:
        """Ended by the runner or by a new block: its last word only, nothing to log."""
        return self.block.ended_on is not None

    @property
    def under_way(self) -> bool:
        """Neither ended nor finished: a step to do, walk-runs in the calendar."""
        return not self.ended and not self.position.finished

    @property
    def planned_today(self) -> bool:
        return return_to_run.is_planned_day(self.today)

    @property
    def latest_outings(self):
        return list(reversed(self.position.outings))[:OUTINGS_SHOWN]

    @property
    def planned_weekdays(self) -> str:
        return programme.weekday_names(return_to_run.WEEKDAYS)


def start(runner, cause, today, *, started_by="") -> ReturnToRun:
    """Starts a block from step 1 today, ending the one under way (a new pause starts over).
    One started today already (a second tap, a second request) is the block: it is kept."""
    blocks = ReturnToRun.objects.owned_by(runner).open()
    try:
        with transaction.atomic():
            current = blocks.select_for_update().first()
            if current is not None and current.started_on == today:
                return current
            blocks.update(ended_on=today)
            return ReturnToRun.objects.create(
                runner=runner, cause=cause, started_on=today, started_by=started_by
            )
    except IntegrityError:  # another request started one between the two statements
        return blocks.get()


def end(runner, today) -> bool:
    """The runner is back to their usual running: the block under way ends today."""
    return bool(ReturnToRun.objects.owned_by(runner).open().update(ended_on=today))


def after_hold_cleared(runner, today) -> ReturnToRun | None:
    """A block after a red flag's hold cleared today (every flag closed), unless one started
    since: called wherever flags clear, safe to call twice."""
    flags = RedFlag.objects.owned_by(runner)
    if flags.open().exists():
        return None
    cleared = flags.filter(cleared_at__isnull=False).order_by("-cleared_at").first()
    if cleared is None or cleared.cleared_at.astimezone(runner.profile.zone).date() != today:
        return None
    if ReturnToRun.objects.owned_by(runner).filter(created_at__gte=cleared.cleared_at).exists():
        return None
    return start(runner, ReturnCause.RED_FLAG, today)


def log(block, day, pain_during) -> WalkRun:
    """Saves the day's walk-run; sent again (the phone's outbox, a double tap), the one outing
    of that day holds the latest pain."""
    walk_run, _created = WalkRun.objects.update_or_create(
        block=block, day=day, defaults={"pain_during": pain_during}
    )
    return walk_run


def _open_or_recent(viewer, runner, today):
    """The block under way, or one that ended in the last FINISHED_SHOWN_DAYS days (its last
    word)."""
    since = today - timedelta(days=return_to_run.FINISHED_SHOWN_DAYS)
    blocks = ReturnToRun.objects.of_runner(viewer, runner).order_by("-started_on", "-pk")
    block = blocks.first()
    if block is None or (block.ended_on is not None and block.ended_on < since):
        return None
    return block


def block_of(viewer, runner, today) -> Block | None:
    """Where `runner` stands in their return to running today, as `viewer` may see it (a
    coach reads the runs from files only: Strava's terms), or None. Four queries whatever the
    history: the block, its walk-runs, the runs since it started (a run of that morning, before
    it started, is not one of its outings), the mornings after. A block finished more than
    FINISHED_SHOWN_DAYS ago is None too."""
    block = _open_or_recent(viewer, runner, today)
    if block is None:
        return None
    until = block.ended_on or today
    logged = WalkRun.objects.of_runner(viewer, runner).filter(
        block=block, day__gte=block.started_on, day__lte=until
    )
    runs = Run.objects.of_runner(viewer, runner).filter(
        Q(day__gt=block.started_on) | Q(day=block.started_on, started_at__gte=block.created_at),
        day__lte=until,
    )
    outings = [
        return_to_run.Outing(day, pain_during=pain)
        for day, pain in logged.values_list("day", "pain_during")
    ] + [
        return_to_run.Outing(
            day,
            minutes=elapsed / 60,
            hilly=gain is not None
            and distance is not None
            and gain >= distance * FLAT_GAIN_M_PER_KM / 1000,
        )
        for day, elapsed, gain, distance in runs.values_list(
            "day", "elapsed_seconds", "elevation_gain_m", "distance_m"
        )
    ]
    mornings = dict(
        MorningCheck.objects.of_runner(viewer, runner)
        .filter(day__gt=block.started_on, day__lte=until + timedelta(days=1))
        .values_list("day", "pain")
    )
    position = return_to_run.position(outings, mornings, today)
    finished = position.finished_on
    if finished and (today - finished).days > return_to_run.FINISHED_SHOWN_DAYS:
        return None
    return Block(block, position, today)
