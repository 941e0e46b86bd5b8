"""What needs a coach's attention on the roster: pure rules over one runner's facts.

Each rule returns at most one Alert, saying in words what triggered it and naming the thing it
links to. An alert's key names its trigger (the test, the week, the session day, the red-flag
check), so a coach who marks it seen is not shown it again, and a new trigger (a later test, the
next red week) raises it afresh. The thresholds are docs/domain.md's where it has one.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from apps.assessments import scoring
from apps.assessments.red_flags import (
    EMERGENCY,
    HIGH_PAIN,
    NON_URGENT,
    PAIN_RISE,
    RED_FLAG_NAMES,
    by_urgency,
    most_urgent,
)
from apps.assessments.red_flags import URGENT as DOCTOR_WITHIN_DAYS
from apps.assessments.schedule import is_test_due, test_week_start

OVERDUE_DAYS = 3  # days past the start of the test week before a missing test is an alert
DISCOMFORT_ALERT = 7  # a session rated this uncomfortable or more (docs/domain.md: overstretching)
DISCOMFORT_DAYS = 14  # how far back a session's discomfort still needs the coach
QUIET_DAYS = 14  # no finished session for this long, with a plan


# Named tuples, not frozen dataclasses: a club's roster makes hundreds of each per page, and a
# frozen dataclass costs several times as much to build.
class Alert(NamedTuple):
    kind: str  # one of KINDS
    key: str  # the kind and its trigger: what "seen" remembers
    text: str  # what triggered it, in words
    target: str  # what it links to: "test", "session", "plan" or "runner"
    test_id: int | None = None
    session_id: int | None = None
    severity: str = ""  # one of SEVERITIES; the kind's own when empty

    @property
    def level(self) -> str:
        """How serious it is (SEVERITIES): what orders the roster and colours the alert."""
        return self.severity or SEVERITY_OF_KIND[self.kind]

    @property
    def label(self) -> str:
        """What the coach reads first: "Urgent: a doctor today", "Red flag", "Pain up"..."""
        return "Urgent: a doctor today" if self.level == URGENT else KINDS[self.kind]


# How serious an alert is, the most serious first (NHS care cards for the red flags): a doctor
# today; another red flag; something to look at (pain, imbalance, discomfort); routine.
URGENT, RED_FLAG, ATTENTION, ROUTINE = "urgent", "red-flag", "attention", "routine"
SEVERITIES = (URGENT, RED_FLAG, ATTENTION, ROUTINE)
SEVERITY_OF_KIND = {
    "red_flag": RED_FLAG,
    "pain": ATTENTION,
    "imbalance": ATTENTION,
    "discomfort": ATTENTION,
    "adherence": ROUTINE,
    "quiet": ROUTINE,
    "overdue": ROUTINE,
}


def most_severe(found) -> str | None:
    """The most serious level among alerts, None without one."""
    levels = {alert.level for alert in found}
    return next((level for level in SEVERITIES if level in levels), None)


KINDS = {
    "red_flag": "Red flag",
    "pain": "Pain up",
    "imbalance": "Imbalance",
    "discomfort": "Discomfort",
    "adherence": "Adherence",
    "quiet": "No sessions",
    "overdue": "Test overdue",
}


class Test(NamedTuple):
    """The little of a test the rules read."""

    id: int
    taken_on: date
    hip_left: float
    hip_right: float
    pain: dict[str, int | None]  # region key: score (None when not asked)


class Facts(NamedTuple):
    today: date  # in the runner's time zone
    test_weekday: int
    latest: Test | None
    previous: Test | None
    red_flags: Sequence[str] = ()  # open now: the plan is paused
    red_flag_id: int | None = None  # the newest open flag: what "seen" remembers
    red_flag_test_id: int | None = None
    resumed_on: date | None = None  # the day the last red flag cleared
    has_plan: bool = False
    done_days: Sequence[date] = ()  # days with a finished session
    uncomfortable: Sequence[tuple[date, int, int]] = ()  # (day, discomfort, id) of sessions rated
    weeks: Sequence[str | None] = ()  # colours of the last full weeks, oldest first
    linked_on: date | None = None  # when the link began, in the runner's time zone
    plan_starts_on: date | None = None


def alerts_for(facts: Facts, thresholds: scoring.Thresholds) -> list[Alert]:
    """Every alert for one runner, the most serious first (SEVERITIES, then the rules' order)."""
    found = [alert for rule in RULES if (alert := rule(facts, thresholds)) is not None]
    return sorted(found, key=lambda alert: SEVERITIES.index(alert.level))


def red_flag(facts, _thresholds):
    """Any red flag open: the plan is paused, and the runner was told whom to see and when."""
    if not facts.red_flags:
        return None
    level = most_urgent(facts.red_flags)
    see = {
        EMERGENCY: "told to see a doctor today",
        DOCTOR_WITHIN_DAYS: "told to see a doctor within days",
        NON_URGENT: "told to see a physiotherapist or doctor first",
    }[level]
    names = "; ".join(RED_FLAG_NAMES[key] for key in by_urgency(facts.red_flags))
    return Alert(
        "red_flag",
        f"red_flag:{facts.red_flag_id}",
        f"{names}: plan paused, {see}",
        "test" if facts.red_flag_test_id else "runner",
        facts.red_flag_test_id,
        severity=URGENT if level == EMERGENCY else RED_FLAG,
    )


def pain_up(facts, _thresholds):
    """A region at HIGH_PAIN or more on the latest test, or up PAIN_RISE points since the one
    before."""
    latest, previous = facts.latest, facts.previous
    if latest is None:
        return None
    reasons = []
    for region, label in scoring.PAIN_REGIONS:
        score = latest.pain.get(region)
        if score is None:
            continue
        before = previous.pain.get(region) if previous else None
        if before is not None and score - before >= PAIN_RISE:
            reasons.append(f"{label.lower()} pain {before} → {score}/10")
        elif score >= HIGH_PAIN:
            reasons.append(f"{label.lower()} pain {score}/10")
    if not reasons:
        return None
    return Alert("pain", f"pain:{latest.id}", "; ".join(reasons), "test", latest.id)


def imbalance(facts, thresholds):
    """Real on the latest two tests on the same side, or beyond twice the threshold."""
    latest, previous = facts.latest, facts.previous
    if latest is None:
        return None
    now = scoring.hip_imbalance(latest.hip_left, latest.hip_right, thresholds)
    if now.tighter_side is None:
        return None
    size = f"{now.tighter_side} {scoring.degrees_text(abs(now.left_minus_right))}° tighter"
    limit = scoring.REMEASURE_FACTOR * thresholds.hip_degrees
    if abs(now.left_minus_right) >= limit:
        text = f"hip {size}: twice the {thresholds.hip_degrees:g}° threshold or more"
    elif previous and scoring.is_persistent(
        [now, scoring.hip_imbalance(previous.hip_left, previous.hip_right, thresholds)]
    ):
        text = f"hip {size}, real on two tests in a row"
    else:
        return None
    return Alert("imbalance", f"imbalance:{latest.id}", text, "test", latest.id)


def discomfort(facts, _thresholds):
    """The latest session of the last DISCOMFORT_DAYS rated DISCOMFORT_ALERT or more."""
    since = facts.today - timedelta(days=DISCOMFORT_DAYS)
    rated = [
        (day, score, session_id)
        for day, score, session_id in facts.uncomfortable
        if day > since and score >= DISCOMFORT_ALERT
    ]
    if not rated:
        return None
    day, score, session_id = max(rated)
    return Alert(
        "discomfort",
        f"discomfort:{day.isoformat()}",
        f"a session on {_day(day)} rated {score}/10 for discomfort",
        "session",
        session_id=session_id,
    )


def adherence_red(facts, _thresholds):
    """The last two full weeks both red (under half the planned sessions). A week a red flag
    paused throughout has no colour, and a partly paused one counts its other days only."""
    if len(facts.weeks) < 2 or facts.weeks[-1] != "red" or facts.weeks[-2] != "red":
        return None
    monday = facts.today - timedelta(days=facts.today.weekday())
    return Alert(
        "adherence",
        f"adherence:{(monday - timedelta(weeks=1)).isoformat()}",
        "under half the planned sessions two weeks running",
        "plan",
    )


def quiet(facts, _thresholds):
    """No finished session for QUIET_DAYS, counted from the last session, or from when the
    plan began, the link did or the last red flag cleared, when later; never while a red flag
    pauses the plan. Raised afresh for each further QUIET_DAYS."""
    if not facts.has_plan or facts.red_flags:
        return None  # a red flag pauses the plan: no session is due
    last = max(facts.done_days, default=None)
    anchors = [
        day for day in (last, facts.plan_starts_on, facts.linked_on, facts.resumed_on) if day
    ]
    anchor = max(anchors, default=None)
    if anchor is None or (facts.today - anchor).days <= QUIET_DAYS:
        return None
    text = f"no session in the last {QUIET_DAYS} days" + (f" (last {_day(last)})" if last else "")
    period = (facts.today - anchor).days // QUIET_DAYS
    return Alert("quiet", f"quiet:{anchor.isoformat()}:{period}", text, "plan")


def overdue_test(facts, _thresholds):
    """The weekly test not recorded OVERDUE_DAYS or more after the test week began, in a week
    that began while linked."""
    latest_on = facts.latest.taken_on if facts.latest else None
    week = test_week_start(facts.today, facts.test_weekday)
    if not is_test_due(facts.today, facts.test_weekday, latest_on):
        return None
    if (facts.today - week).days < OVERDUE_DAYS:
        return None
    if facts.linked_on and facts.linked_on > week:
        return None  # linked during this test week: their first test day with the coach is ahead
    text = f"weekly test {(facts.today - week).days} days overdue" + (
        f" (last {_day(latest_on)})" if latest_on else " (no test yet)"
    )
    return Alert("overdue", f"overdue:{week.isoformat()}", text, "runner")


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


RULES = (red_flag, pain_up, imbalance, discomfort, adherence_red, quiet, overdue_test)
