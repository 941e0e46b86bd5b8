"""Red flags in the app (docs/domain.md, section 6): when the questions are due, what the
answers and a test's pain open and clear, whom it tells, and the one question every page and the
roster ask: may this runner stretch or run today? The rules themselves are in red_flags.py
(pure); this reads and writes the runner's rows.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.assessments import red_flags
from apps.assessments.models import Assessment, ClearedHow, RedFlag, RedFlagCheck
from psoas_tracker import mail

FLAGS_IN_HISTORY = 20  # the latest flags a runner's page lists with when and how they cleared


def pain_of(test) -> list[int | None]:
    return [score for _region, score in test.pain_scores()]


def pain_by_region(test) -> dict[str, int]:
    return dict(test.pain_scores())


def questions_due(test) -> bool:
    """Whether this test asks the red-flag questions: the runner's first test, a high pain
    score, or hip or groin pain up 2 or more since the test before it."""
    previous = (
        Assessment.objects.owned_by(test.runner)
        .filter(taken_on__lt=test.taken_on)
        .newest_first()
        .first()
    )
    return red_flags.must_ask(
        first_test=previous is None,
        pain=pain_by_region(test),
        previous_pain=pain_by_region(previous) if previous else None,
    )


def is_first_test(test) -> bool:
    return not Assessment.objects.owned_by(test.runner).filter(taken_on__lt=test.taken_on).exists()


@dataclass(frozen=True)
class Hold:
    """Why a runner may not stretch or run today: the red flags open, the most urgent first.
    The runner's plan (generated or a coach's) is paused while there is one."""

    flags: tuple[RedFlag, ...]

    @classmethod
    def of(cls, flags) -> "Hold | None":
        if not flags:
            return None
        keys = red_flags.by_urgency(flag.key for flag in flags)
        return cls(tuple(sorted(flags, key=lambda flag: keys.index(flag.key))))

    @property
    def keys(self) -> list[str]:
        return [flag.key for flag in self.flags]

    @property
    def questions_raised(self) -> list[str]:
        return [flag.question for flag in self.flags]

    @property
    def names(self) -> list[str]:
        return [red_flags.RED_FLAG_NAMES[key] for key in self.keys]

    @property
    def advice(self) -> list[str]:
        """What the runner is told, the most urgent first (red_flags.advice_for)."""
        return red_flags.advice_for(self.keys)

    instead = red_flags.INSTEAD

    @property
    def level(self) -> str:
        return red_flags.most_urgent(self.keys)

    @property
    def is_urgent(self) -> bool:
        """A change in bladder or bowel control: a doctor today, not the next appointment."""
        return self.level == red_flags.EMERGENCY

    @property
    def points_to_a_stress_fracture(self) -> bool:
        """Pain worse with each run or hop, or at night or rest: suspected bone stress."""
        return bool(red_flags.STRESS_FRACTURE_FLAGS & set(self.keys))

    @property
    def since(self) -> datetime:
        return min(flag.raised_at for flag in self.flags)

    @property
    def waits_for_a_test(self) -> RedFlag | None:
        """The flag of a pain of 7+, which only a later test below 7 clears."""
        return next((flag for flag in self.flags if flag.key in red_flags.CLEARS_BY_TEST), None)

    @property
    def clears_by_answer(self) -> bool:
        """Whether some of the flags clear by the runner's answer."""
        return any(flag.key not in red_flags.CLEARS_BY_TEST for flag in self.flags)


def hold_of(viewer, runner) -> Hold | None:
    """May `runner` stretch or run today? None when they may; else the red flags open, as
    `viewer` (the runner, or a coach they linked) may read them."""
    return Hold.of(list(RedFlag.objects.of_runner(viewer, runner).open().select_related("test")))


def holds_by_runner(viewer, runner_ids) -> dict[int, Hold]:
    """hold_of() for many runners in one query: {runner id: Hold} of those among `runner_ids`
    who may not stretch or run today, as `viewer` may read them (the others are absent)."""
    flags = {}
    for flag in (
        RedFlag.objects.visible_to(viewer)
        .open()
        .filter(runner_id__in=runner_ids)
        .select_related("test")
    ):
        flags.setdefault(flag.runner_id, []).append(flag)
    return {runner_id: Hold.of(open_flags) for runner_id, open_flags in flags.items()}


def unanswered_test(runner, latest_test) -> Assessment | None:
    """The latest test when it asks the questions and they were not answered, for it or since it
    was saved (saying that none applies any more counts): a generated plan and today's session
    wait for the answers."""
    if latest_test is None:
        return None
    answered = (
        RedFlagCheck.objects.owned_by(runner)
        .filter(Q(assessment=latest_test) | Q(answered_at__gte=latest_test.created_at))
        .exists()
    )
    return latest_test if not answered and questions_due(latest_test) else None


def pause_periods(viewer, runner, since: date) -> list[tuple[date, date | None]]:
    """(first day, day it cleared or None while open) of each red flag that held the plan on
    or after `since`, in the runner's own dates: the days a plan was paused."""
    zone = runner.profile.zone
    moment = datetime.combine(since, datetime.min.time(), tzinfo=zone)
    return [
        (raised_at.astimezone(zone).date(), cleared_at and cleared_at.astimezone(zone).date())
        for raised_at, cleared_at in RedFlag.objects.of_runner(viewer, runner)
        .open_or_cleared_since(moment)
        .values_list("raised_at", "cleared_at")
    ]


def flag_history(viewer, runner) -> list[RedFlag]:
    """The runner's latest red flags, newest first, with when and how each cleared."""
    return list(
        RedFlag.objects.of_runner(viewer, runner)
        .select_related("test", "cleared_by_test")
        .order_by("-raised_at", "-pk")[:FLAGS_IN_HISTORY]
    )


def after_test_saved(test) -> None:
    """A test's pain on the runner's latest test: a pain of 7/10 or more opens the hold of
    severe pain (and tells the coaches); a later test that scores every pain below 7 clears it.
    An older test, entered late, changes nothing: only the latest test speaks for today."""
    runner = test.runner
    if Assessment.objects.owned_by(runner).filter(taken_on__gt=test.taken_on).exists():
        return
    pain = pain_of(test)
    worst = red_flags.worst_pain(pain)
    with transaction.atomic():
        severe = (
            RedFlag.objects.owned_by(runner)
            .open()
            .filter(key="severe")
            .select_for_update(of=("self",))
            .select_related("test")
            .first()
        )
        opened = []
        if worst is not None and worst >= red_flags.SEVERE_PAIN:
            opened = [] if severe else _open(runner, ["severe"], test)
        elif severe and red_flags.pain_releases_hold(pain) and _is_later(test, severe):
            _clear(severe, ClearedHow.TEST, by_test=test)
    if opened:
        _tell_coaches(runner, opened, test)


def _is_later(test, flag) -> bool:
    """Whether `test` came after the one that raised `flag` (after the flag, without one)."""
    if flag.test is not None:
        return test.taken_on > flag.test.taken_on
    return test.created_at > flag.raised_at


def record_check(runner, answers, test=None, *, clinician_cleared=False) -> RedFlagCheck:
    """Saves the runner's answers (a pain of 7 or more on `test` counts as a flag whatever was
    answered) and applies them: a flag ticked opens; an open flag not ticked clears by the
    answer, and every open flag clears when a clinician cleared them, except a pain of 7+,
    which waits for a later test. Tells the coaches of the flags it opened."""
    pain = pain_of(test) if test else []
    with transaction.atomic():
        check = RedFlagCheck.objects.create(
            runner=runner,
            assessment=test,
            flags=red_flags.flags_raised(answers, pain),
            clinician_cleared=clinician_cleared,
        )
        open_flags = {
            flag.key: flag for flag in RedFlag.objects.owned_by(runner).open().select_for_update()
        }
        for key, flag in open_flags.items():
            if key in red_flags.CLEARS_BY_TEST:
                continue
            if clinician_cleared:
                _clear(flag, ClearedHow.CLINICIAN)
            elif key not in check.flags:
                _clear(flag, ClearedHow.ANSWER)
        opened = _open(runner, [key for key in check.flags if key not in open_flags], test)
    if opened:
        _tell_coaches(runner, opened, test)
    return check


def _open(runner, keys, test) -> list[str]:
    """Opens a flag for each of `keys` that is not open; returns the keys opened (another
    request may have opened one meanwhile: the partial unique constraint keeps one open)."""
    opened = []
    for key in keys:
        try:
            with transaction.atomic():
                RedFlag.objects.create(runner=runner, key=key, test=test)
        except IntegrityError:
            continue
        opened.append(key)
    return opened


def _clear(flag, how, by_test=None) -> None:
    RedFlag.objects.filter(pk=flag.pk, cleared_at__isnull=True).update(
        cleared_at=timezone.now(), cleared_how=how, cleared_by_test=by_test
    )


def _tell_coaches(runner, keys, test):
    """E-mails the runner's coaches the signs `keys` just opened, with what the runner was told
    and what clears the hold (every flag open now)."""
    coaches = (
        CoachLink.objects.active()
        .filter(runner=runner, coach__profile__email_red_flags=True)
        .select_related("coach")
    )
    context = {
        "runner": runner,
        "test": test,
        "names": [red_flags.RED_FLAG_NAMES[key] for key in red_flags.by_urgency(keys)],
        "advice": red_flags.advice_for(keys),
        "hold": hold_of(runner, runner),
        "today": timezone.now(),
    }
    for link in coaches:
        # The runner's answers are saved and shown whatever the mail server says.
        mail.tell(
            link.coach.email,
            f"{runner.display_name}: plan paused, see a clinician before stretching or running",
            "assessments/red_flag_email.txt",
            context,
        )
