"""The next-morning check's reads and its write: whether the dashboard asks today (the day
after a session or a run, in the runner's own day), the answer saved once a day, and the latest
answers for a coach's page. The rule itself is in morning.py."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, Subquery

from apps.plans import morning
from apps.plans.models import MorningCheck, StretchSession, WalkRun
from apps.runs.models import Run
from apps.sitting.models import SittingDay

# An answer may arrive after midnight (sent late from the phone): the morning before still counts.
LATE_DAYS = 1
LATEST_SHOWN = 7  # answers on a coach's page of the runner


@dataclass(frozen=True)
class Prompt:
    """The dashboard's check on `day`: asked after activity the day before; once answered,
    the answer and what it means, that day only."""

    day: date
    active_day_before: bool
    pain: int | None

    @property
    def shown(self) -> bool:
        return self.pain is not None or self.active_day_before

    @property
    def scale(self) -> range:
        return range(morning.PAIN_MIN, morning.PAIN_MAX + 1)

    @property
    def holds_next_step(self) -> bool:
        return self.pain is not None and not morning.MorningPain(self.pain).allows_next_step

    @property
    def words(self) -> str:
        return morning.verdict(self.pain) if self.pain is not None else ""


def prompt_for(runner, today) -> Prompt:
    """Today's check for `runner`, in one query whatever their history: a session of any plan
    yesterday, a walk-run of the return to running, a run imported or typed in yesterday, and
    today's answer."""
    yesterday = today - timedelta(days=1)
    stretched, ran, walked, logged_run, pain = (
        get_user_model()
        .objects.filter(pk=runner.pk)
        .annotate(
            stretched=Exists(
                StretchSession.objects.owned_by(runner).filter(performed_on=yesterday)
            ),
            ran=Exists(Run.objects.owned_by(runner).filter(day=yesterday)),
            walked=Exists(WalkRun.objects.owned_by(runner).filter(day=yesterday)),
            logged_run=Exists(
                SittingDay.objects.owned_by(runner).filter(day=yesterday, run_minutes__gt=0)
            ),
            pain=Subquery(MorningCheck.objects.owned_by(runner).filter(day=today).values("pain")),
        )
        .values_list("stretched", "ran", "walked", "logged_run", "pain")
        .get()
    )
    return Prompt(today, stretched or ran or walked or logged_run, pain)


def answer(runner, day, pain: int) -> MorningCheck:
    """Saves the morning of `day`'s answer; sent again (the phone's outbox, a double tap), the
    one answer of that day holds the latest."""
    check, _created = MorningCheck.objects.update_or_create(
        runner=runner, day=day, defaults={"pain": pain}
    )
    return check


def latest(viewer, runner):
    """The runner's latest answers, newest first, as `viewer` may read them: (day, pain 0-10,
    whether it holds the next step)."""
    return [
        (day, pain, not morning.MorningPain(pain).allows_next_step)
        for day, pain in MorningCheck.objects.of_runner(viewer, runner)
        .order_by("-day")
        .values_list("day", "pain")[:LATEST_SHOWN]
    ]
