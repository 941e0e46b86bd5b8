"""Back to running after pain: the walk-run steps and when the next one is allowed. Pure
functions, no Django.

docs/domain.md, "Back to running after pain" (the pain-monitoring model, Thomee 1997;
Silbernagel 2007): walk-run intervals, more running time every second session when the
next-morning check allows; flat before hills, easy before fast, strides last. Pain during a
session up to 3/10 is acceptable if it has settled by the next morning and does not rise;
otherwise the runner steps back.

A block is replayed from its outings, oldest first: each outing is a walk-run the runner said
they did (with the pain during it) or a run imported from a watch whose length matches the
step it fell on. Nothing is stored but the outings and the mornings: the step is worked out,
so a late morning answer or a run imported days later puts the block where it belongs.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from apps.assessments import red_flags
from apps.plans import morning

ACCEPTABLE_PAIN_MAX = morning.ACCEPTABLE_PAIN_MAX  # 3/10, during the session and the morning after
SESSIONS_PER_STEP = 2  # the domain's "adding running time every second session"
# Tuesday, Thursday, Saturday: never two days in a row, so each morning check comes before the
# next outing.
WEEKDAYS = (1, 3, 5)
# An imported run counts as a step's session when its time out is within these fractions of the
# step's: a walk-run on a watch takes a little more or less than the plan says; a long run is
# not the step, and does not count.
MATCH_FROM, MATCH_TO = 0.8, 1.3
FLAT, HILLS = "on the flat", "gentle hills allowed"
EASY, STRIDES = "easy", "easy, then 4 strides of 20 s"
TIMES = "\N{MULTIPLICATION SIGN}"
FINISHED_SHOWN_DAYS = 14  # how long a finished block still shows its last word
RISE_DAYS = 7  # "does not rise from week to week": against the lowest morning of the week before
FLOOR_BACKS_FOR_PHYSIO = 2  # steps back at the first step, in a row, before a physiotherapist


@dataclass(frozen=True)
class Step:
    number: int
    run_minutes: int
    walk_minutes: int
    repeats: int
    terrain: str = FLAT
    pace: str = EASY

    @property
    def minutes(self) -> int:
        """The whole outing, walks included (the last walk too: it cools down)."""
        return (self.run_minutes + self.walk_minutes) * self.repeats

    @property
    def running_minutes(self) -> int:
        return self.run_minutes * self.repeats

    @property
    def words(self) -> str:
        """ "10 x 1 min running, 1 min walking, on the flat, easy (20 min)", with the
        multiplication sign the dose templates use."""
        if self.walk_minutes:
            intervals = (
                f"{self.repeats} {TIMES} {self.run_minutes} min running, "
                f"{self.walk_minutes} min walking"
            )
        else:
            intervals = f"{self.run_minutes} min running without a walk"
        return f"{intervals}, {self.terrain}, {self.pace} ({self.minutes} min)"

    def matches(self, minutes: float) -> bool:
        """Whether an imported run of `minutes` out is this step's session."""
        return MATCH_FROM * self.minutes <= minutes <= MATCH_TO * self.minutes


STEPS = (
    Step(1, 1, 1, 10),
    Step(2, 2, 1, 7),
    Step(3, 3, 1, 6),
    Step(4, 4, 1, 5),
    Step(5, 6, 1, 4),
    Step(6, 9, 1, 3),
    Step(7, 30, 0, 1),
    Step(8, 30, 0, 1, terrain=HILLS),
    Step(9, 30, 0, 1, terrain=HILLS, pace=STRIDES),
)

# What an outing did to the block.
COUNTED, MOVED_ON, REPEAT, STEPPED_BACK, NOT_COUNTED, WAITING, FINISHED = (
    "counted", "moved_on", "repeat", "stepped_back", "not_counted", "waiting", "finished",
)  # fmt: skip


@dataclass(frozen=True)
class Outing:
    """A walk-run the runner logged (`pain_during` 0-10) or an imported run (`minutes` out,
    `hilly` when it climbed; `pain_during` None: a watch does not know). Two on one day count
    as one: the logged one."""

    day: date
    pain_during: int | None = None
    minutes: float | None = None
    hilly: bool = False

    @property
    def imported(self) -> bool:
        return self.minutes is not None


@dataclass(frozen=True)
class Replayed:
    """One outing as the block read it: the step it fell on, what it did, and why."""

    outing: Outing
    step: Step
    effect: str
    words: str
    morning_after: int | None = None


@dataclass(frozen=True)
class Position:
    """Where the block stands today: the step to do next (None once finished), how many of its
    sessions are done, and what the last outing said. `rest`: the last outing stepped back and
    no morning since has been at 3/10 or less, so no running today; `see_physio`: the pain has
    not settled at the first step twice in a row."""

    step: Step | None
    done_at_step: int
    words: str
    waiting_for_morning: date | None = None
    finished_on: date | None = None
    outings: tuple[Replayed, ...] = field(default=())
    rest: bool = False
    see_physio: bool = False

    @property
    def finished(self) -> bool:
        return self.step is None

    @property
    def steps(self) -> int:
        return len(STEPS)


def _step(number: int) -> Step:
    return STEPS[number - 1]


def _day(day: date) -> str:
    return f"{day:%A %-d %B}"


def _of_the_day(outings: Sequence[Outing], step: Step) -> Outing:
    """The day's outing: the walk-run logged, else a run that matches the step, else the
    first run (which will not count)."""
    logged = [each for each in outings if not each.imported]
    fits = [each for each in outings if each.imported and _fits(each, step)]
    return (logged or fits or list(outings))[0]


def _fits(outing: Outing, step: Step) -> bool:
    return step.matches(outing.minutes) and not (outing.hilly and step.terrain == FLAT)


def position(outings: Sequence[Outing], mornings: Mapping[date, int], today: date) -> Position:
    """Replays the block's `outings` (any order) against the next-morning checks (`mornings`,
    {morning's day: pain 0-10}) to where the block stands on `today`.

    Each outing on its step: pain during it above 3/10, or the morning after above 3/10 (after
    any run, counted or not), steps back a step (at the first step it stays there, and twice in
    a row says to see a physiotherapist); a morning after up by 2 or more (red_flags.PAIN_RISE)
    on the lowest morning after the outings of the week before holds the step, the outing not
    counted ("does not rise from week to week"); unanswered, the next step waits for it while
    that morning is today or yet to come, and the outing does not count once it has passed; else
    it counts, and the second counted outing at a step moves on. An imported run counts only
    when its time matches the step it fell on (and it stayed flat on a flat step); on a day with
    a walk-run logged, the logged one is the day's outing.
    """
    number, counted, floor_backs = 1, 0, 0
    settled: list[tuple[date, int]] = []  # (outing's day, the morning after) read so far
    words = f"Start with step 1: {_step(1).words}."
    replayed = []
    days: dict[date, list[Outing]] = {}
    for outing in sorted(outings, key=lambda each: (each.day, each.imported)):
        days.setdefault(outing.day, []).append(outing)
    waiting = finished_on = bad_day = None
    for day, of_the_day in days.items():
        if number > len(STEPS):
            break
        step = _step(number)
        outing = _of_the_day(of_the_day, step)
        after = mornings.get(day + timedelta(days=1))
        lowest = min(
            (pain for when, pain in settled if day - timedelta(days=RISE_DAYS) <= when < day),
            default=None,
        )
        effect, said = _read(outing, step, after, lowest, today)
        floor = effect == STEPPED_BACK and number == 1
        if effect == STEPPED_BACK:
            number, counted = max(1, number - 1), 0
            floor_backs = floor_backs + 1 if floor else 0
            during = outing.pain_during is not None and outing.pain_during > ACCEPTABLE_PAIN_MAX
            bad_day = day if during else day + timedelta(days=1)
        elif effect == COUNTED:
            counted += 1
            if counted == SESSIONS_PER_STEP:
                number, counted, floor_backs = number + 1, 0, 0
                effect = MOVED_ON if number <= len(STEPS) else FINISHED
        elif effect == WAITING:
            waiting = day + timedelta(days=1)
        if after is not None:
            settled.append((day, after))
        if effect == FINISHED:
            finished_on = day
        said = _then(said, effect, number, counted, floor=floor)
        replayed.append(Replayed(outing, step, effect, said, after))
        if effect != NOT_COUNTED:
            words = said
    see_physio = floor_backs >= FLOOR_BACKS_FOR_PHYSIO
    if see_physio:
        words = (
            f"{words} The pain has not settled at the first step {floor_backs} times in a row: "
            "see a physiotherapist before you try again."
        )
    # After the latest step back, no running until a morning is at 3/10 or less.
    rest = bad_day is not None and not any(
        pain <= ACCEPTABLE_PAIN_MAX for when, pain in mornings.items() if when > bad_day
    )
    if number > len(STEPS):
        return Position(None, 0, words, finished_on=finished_on, outings=tuple(replayed))
    return Position(
        _step(number), counted, words, waiting, outings=tuple(replayed), rest=rest,
        see_physio=see_physio,
    )  # fmt: skip


def _read(outing, step, after, lowest, today) -> tuple[str, str]:
    """(effect, why) of one outing on `step`, before the step's count is applied. `lowest`:
    the lowest morning after the outings of the week before, or None."""
    unsettled = after is not None and after > ACCEPTABLE_PAIN_MAX
    if outing.imported and not _fits(outing, step):
        if not step.matches(outing.minutes):
            said = (
                f"The run of {_day(outing.day)} took {round(outing.minutes)} min, not the "
                f"{step.minutes} min of step {step.number}"
            )
        else:
            said = f"The run of {_day(outing.day)} climbed, and step {step.number} is on the flat"
        if unsettled:
            return STEPPED_BACK, (
                f"{said}, and the morning after the hip was {after}/10, more than the "
                f"{ACCEPTABLE_PAIN_MAX}/10 that is acceptable"
            )
        return NOT_COUNTED, f"{said}: it does not count. Keep to the step's outing"
    if outing.pain_during is not None and outing.pain_during > ACCEPTABLE_PAIN_MAX:
        return STEPPED_BACK, (
            f"Pain during the outing of {_day(outing.day)} was {outing.pain_during}/10, more "
            f"than the {ACCEPTABLE_PAIN_MAX}/10 that is acceptable"
        )
    if after is None:
        if outing.day + timedelta(days=1) >= today:
            return WAITING, (
                f"Answer the morning check on {_day(outing.day + timedelta(days=1))}: the next "
                "step waits for it"
            )
        return REPEAT, (
            f"The morning after {_day(outing.day)} was not answered, so the outing cannot "
            "move you on"
        )
    if unsettled:
        return STEPPED_BACK, (
            f"The morning after {_day(outing.day)} the hip was {after}/10, more than the "
            f"{ACCEPTABLE_PAIN_MAX}/10 that is acceptable: the pain had not settled"
        )
    if lowest is not None and after - lowest >= red_flags.PAIN_RISE:
        return REPEAT, (
            f"The morning after {_day(outing.day)} the hip was {after}/10, up from {lowest}/10 "
            "in the week before: pain should not rise from week to week"
        )
    return COUNTED, f"{_day(outing.day)}: {after}/10 the morning after, settled"


def _then(said: str, effect: str, number: int, counted: int, *, floor: bool = False) -> str:
    """The outing's words with what comes next (the step itself is named beside them)."""
    if effect in (NOT_COUNTED, WAITING):
        return f"{said}."
    if effect == FINISHED:
        return (
            f"{said}: the last step is done twice. You may go back to your usual running: "
            "build it up gradually, and keep answering the morning check for a few weeks."
        )
    if effect == MOVED_ON:
        return f"{said}: on to step {number}."
    if effect == STEPPED_BACK:
        where = f"stay at step {number}" if floor else f"step back to step {number}"
        return (
            f"{said}: {where}, and no running until a morning is at "
            f"{ACCEPTABLE_PAIN_MAX}/10 or less."
        )
    if effect == REPEAT:
        return f"{said}: step {number} again."
    left = SESSIONS_PER_STEP - counted
    return f"{said}: step {number} once more." if left == 1 else f"{said}."


def is_planned_day(day: date) -> bool:
    """Whether the block plans a walk-run on `day` (the calendar, the week table)."""
    return day.weekday() in WEEKDAYS
