"""The coach's roster: each linked runner's week at a glance, in a constant number of queries.

Who is on it comes from the coach's active links; each runner's latest two tests and open red
flags from the view behind RunnerFacts; their sessions, plans and the alerts the coach marked
seen from one query each. The rules (adherence, alerts) are plain functions; the page renders
the rows with templates/dashboard/_roster_row.html.
"""

from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models.functions import Lower
from django.utils import timezone

from apps.accounts.models import CoachLink, shown_name
from apps.assessments import scoring, verdicts
from apps.dashboard import alerts
from apps.dashboard.models import RunnerFacts, RunnerGroup, SeenAlert
from apps.plans import adherence
from apps.plans.models import Plan, PlanRevision, StretchSession

QUIET_DAYS = alerts.QUIET_DAYS

SORTS = {
    "alerts": "Alerts first",
    "name": "Name",
    "test": "Oldest last test",
    "imbalance": "Largest imbalance",
    "adherence": "Fewest sessions this week",
}


class Row(NamedTuple):
    """One runner on the roster: what it shows, sorts and counts by."""

    runner_id: int
    name: str
    link_pk: int
    test_pk: int | None
    test_on: date | None
    imbalance: scoring.Imbalance | None
    week: adherence.WeekAdherence | None  # None without an active plan
    last_week: adherence.WeekAdherence | None
    paused: bool  # a red flag is open: the plan is paused
    alerts: list[alerts.Alert]  # the ones the coach has not marked seen
    trend: str | None = None  # of the imbalance since the test before: TRENDS, None without two
    weeks: tuple = ()  # WeekAdherence of every week read, oldest first (this week last)
    groups: tuple[str, ...] = ()  # the names of the coach's groups the runner is in
    group_ids: frozenset[int] = frozenset()

    @property
    def imbalance_size(self) -> float:
        return abs(self.imbalance.left_minus_right) if self.imbalance else 0.0

    @property
    def week_percent(self) -> int | None:
        return self.week.percent if self.week else None

    @property
    def top_alert(self) -> alerts.Alert | None:
        """The most serious alert (alerts_for orders them): what the row shows in words."""
        return self.alerts[0] if self.alerts else None

    @property
    def more_alerts(self) -> int:
        return max(len(self.alerts) - 1, 0)

    @property
    def trend_mark(self) -> str:
        return TRENDS[self.trend][0] if self.trend else ""

    @property
    def trend_text(self) -> str:
        return TRENDS[self.trend][1] if self.trend else ""


# The imbalance since the test before, as the roster marks it.
NARROWER, WIDER, STEADY = "narrower", "wider", "steady"
TRENDS = {
    NARROWER: ("↓", "imbalance smaller than at the test before"),
    WIDER: ("↑", "imbalance larger than at the test before"),
    STEADY: ("→", "imbalance about as at the test before"),
}


def imbalance_trend(latest_size, previous_size, limits) -> str | None:
    """How the left/right difference (degrees, its size) moved between the last two tests:
    NARROWER or WIDER when by more than the instruments can tell apart (limits.hip_degrees),
    else STEADY; None without two tests."""
    if latest_size is None or previous_size is None:
        return None
    change = latest_size - previous_size
    if abs(change) < limits.hip_degrees:
        return STEADY
    return NARROWER if change < 0 else WIDER


class Session(NamedTuple):
    day: date
    finished: bool
    sets_done: int
    sets_planned: int
    discomfort: int | None
    id: int


def pending_invites(coach):
    """The invites the coach sent that wait for an answer, newest first."""
    return (
        CoachLink.objects.filter(
            coach=coach,
            status=CoachLink.Status.PENDING,
            direction=CoachLink.Direction.COACH_INVITES_RUNNER,
        )
        .order_by("-created_at")
        .values("pk", "token", "created_at", "expires_at", "sent_to")
    )


def runner_rows(coach, weeks: int = 3, include_seen: bool = False) -> list[Row]:
    """One row per active link, with this week's adherence (and that of the `weeks` - 1 before
    it), the latest imbalance, the groups the runner is in and the alerts the coach has not
    marked seen (alerts.py). Adherence counts as on the runner's own plan page: every session
    of the week, whichever plan it followed, against the schedule each week had, and no session
    on a day a red flag paused the plan."""
    # This week and the ones before (adherence; at least three: the 14 quiet days).
    since = timezone.localdate() - timedelta(days=max(QUIET_DAYS + 7, 7 * weeks))
    links = (
        CoachLink.objects.active()
        .filter(coach=coach)
        .values_list(
            "pk",
            "accepted_at",
            "runner_id",
            "runner__email",
            "runner__profile__display_name",
            "runner__profile__timezone",
            "runner__profile__test_weekday",
            named=True,
        )
    )
    facts = {
        row.runner_id: row
        for row in RunnerFacts.objects.for_roster(coach).values_list(*FACT_FIELDS, named=True)
    }
    sessions = sessions_by_runner(coach, since)
    plans = plans_by_runner(coach)
    seen = {} if include_seen else SeenAlert.objects.keys_by_runner(coach)
    groups = groups_by_link(coach)
    todays = {}  # time zone name: today's date there (most runners share a few)
    limits = {}  # the instruments of the latest two tests: what they can tell apart
    rows = []
    for link in links:
        zone = link.runner__profile__timezone
        if zone not in todays:
            todays[zone] = timezone.localdate(timezone=ZoneInfo(zone))
        fact = facts[link.runner_id]
        # The wider thresholds of the two instruments: a change must be real for both.
        instruments = (fact.test_instrument, fact.previous_instrument or fact.test_instrument)
        if instruments not in limits:
            limits[instruments] = verdicts.thresholds(*instruments)
        row = _row(
            link,
            fact,
            sessions.get(link.runner_id, []),
            plans.get(link.runner_id),
            today=todays[zone],
            limits=limits[instruments],
            weeks=weeks,
        )
        seen_keys = () if include_seen else seen.get(link.runner_id, ())
        unseen = [alert for alert in row.alerts if alert.key not in seen_keys]
        in_groups = groups.get(link.pk, ())
        rows.append(
            row._replace(
                alerts=unseen,
                groups=tuple(name for _pk, name in in_groups),
                group_ids=frozenset(pk for pk, _name in in_groups),
            )
        )
    return rows


def groups_by_link(coach) -> dict[int, list[tuple[int, str]]]:
    """{link id: [(group id, name), ...] by name} of the coach's groups: one query."""
    by_link = {}
    for link_id, group_id, name in (
        RunnerGroup.links.through.objects.filter(
            runnergroup__coach=coach, coachlink__status=CoachLink.Status.ACTIVE
        )
        .order_by(Lower("runnergroup__name"))
        .values_list("coachlink_id", "runnergroup_id", "runnergroup__name")
    ):
        by_link.setdefault(link_id, []).append((group_id, name))
    return by_link


# What the roster reads of the view (apps/dashboard/models.py), as named rows.
FACT_FIELDS = [field.attname for field in RunnerFacts._meta.concrete_fields]


def sessions_by_runner(coach, since) -> dict[int, list[Session]]:
    """The sessions of the coach's runners from `since` on, by runner: one query."""
    by_runner = {}
    for runner_id, *values in (
        StretchSession.objects.coached_by(coach)
        .filter(performed_on__gte=since)
        .annotate_sets_done()
        .values_list(
            "runner_id",
            "performed_on",
            "finished_at",
            "sets_done",
            "sets_planned",
            "discomfort",
            "pk",
        )
    ):
        day, finished_at, sets_done, sets_planned, discomfort, pk = values
        by_runner.setdefault(runner_id, []).append(
            Session(day, finished_at is not None, sets_done, sets_planned, discomfort, pk)
        )
    return by_runner


class ActivePlan(NamedTuple):
    starts_on: date
    schedule: adherence.Schedule
    revisions: list[adherence.Revision]


def plans_by_runner(coach) -> dict[int, ActivePlan]:
    """The active plan of each of the coach's runners, with the schedules it had before its
    edits: two queries."""
    fields = adherence.Schedule._fields
    revisions = {}
    for row in (
        PlanRevision.objects.coached_by(coach)
        .filter(plan__status=Plan.Status.ACTIVE)
        .values_list("plan_id", "valid_until", *fields, named=True)
    ):
        revisions.setdefault(row.plan_id, []).append(
            adherence.Revision(row.valid_until, adherence.Schedule.of(row))
        )
    return {
        row.runner_id: ActivePlan(
            row.starts_on, adherence.Schedule.of(row), revisions.get(row.pk, [])
        )
        for row in Plan.objects.coached_by(coach)
        .active()
        .values_list("pk", "runner_id", *fields, named=True)
    }


def _row(link, facts, sessions, plan, *, today, limits, weeks=3) -> Row:
    """What the roster shows of one runner, every alert included (the caller drops the seen).
    `limits`: the thresholds of the instruments of the runner's latest two tests."""
    zone = ZoneInfo(link.runner__profile__timezone)
    latest = _test(
        facts.test_id, facts.test_taken_on, facts.hip_angle_left, facts.hip_angle_right, facts.pain
    )
    previous = _test(
        facts.previous_test_id,
        facts.previous_taken_on,
        facts.previous_hip_angle_left,
        facts.previous_hip_angle_right,
        facts.previous_pain,
    )
    pauses = _pauses(facts.pauses, zone)
    done_days = [
        session.day
        for session in sessions
        if adherence.is_session_done(
            finished=session.finished,
            sets_done=session.sets_done,
            sets_planned=session.sets_planned,
        )
    ]
    read = weeks
    weeks = []
    if plan:
        weeks = adherence.weekly_adherence(
            plan.schedule,
            done_days,
            today,
            weeks=read,
            earlier=plan.revisions,
            pauses=pauses,
        )
    linked_on = link.accepted_at and link.accepted_at.astimezone(zone).date()
    found = alerts.alerts_for(
        alerts.Facts(
            today=today,
            test_weekday=link.runner__profile__test_weekday,
            latest=latest,
            previous=previous,
            red_flags=facts.flags or (),
            red_flag_id=facts.red_flag_id,
            red_flag_test_id=facts.red_flag_test_id,
            resumed_on=max((cleared for _first, cleared in pauses if cleared), default=None),
            has_plan=plan is not None,
            plan_starts_on=plan and plan.starts_on,
            done_days=done_days,
            uncomfortable=[
                (session.day, session.discomfort, session.id)
                for session in sessions
                if session.discomfort is not None
            ],
            weeks=[week.colour for week in weeks[:-1]],
            linked_on=linked_on,
        ),
        limits,
    )
    imbalance = (
        scoring.hip_imbalance(facts.hip_angle_left, facts.hip_angle_right, limits)
        if latest
        else None
    )
    return Row(
        runner_id=link.runner_id,
        name=shown_name(link.runner__profile__display_name, link.runner__email),
        link_pk=link.pk,
        test_pk=facts.test_id,
        test_on=facts.test_taken_on,
        imbalance=imbalance,
        week=weeks[-1] if weeks else None,
        last_week=weeks[-2] if len(weeks) > 1 else None,
        paused=bool(facts.flags),
        alerts=found,
        trend=imbalance_trend(
            imbalance and abs(imbalance.left_minus_right),
            previous and abs(previous.hip_left - previous.hip_right),
            limits,
        ),
        weeks=tuple(weeks),
    )


def _test(test_id, taken_on, hip_left, hip_right, pain):
    """The latest test or the one before it, as the alert rules read it (None without one)."""
    if test_id is None:
        return None
    return alerts.Test(test_id, taken_on, hip_left, hip_right, pain or {})


def _pauses(pauses, zone) -> list[adherence.Pause]:
    """The runner's recent red flags as (first day, day cleared or None), in their own dates
    (the view gives the timestamps as ISO text in JSON)."""
    return [
        (
            datetime.fromisoformat(raised_at).astimezone(zone).date(),
            cleared_at and datetime.fromisoformat(cleared_at).astimezone(zone).date(),
        )
        for raised_at, cleared_at in pauses or ()
    ]


def filter_rows(rows, *, group_id: int | None = None, name: str = "") -> list[Row]:
    """The runners of one group (all without), whose name holds `name` (any case)."""
    if group_id is not None:
        rows = [row for row in rows if group_id in row.group_ids]
    if wanted := name.strip().casefold():
        rows = [row for row in rows if wanted in row.name.casefold()]
    return rows


def sort_rows(rows, sort: str, only_alerts: bool = False) -> list[Row]:
    """The roster in the order the coach asked for, ties by name; whatever the order, a runner
    who needs a doctor today comes first. "Alerts first" orders by the most serious alert, then
    by how many."""
    if only_alerts:
        rows = [row for row in rows if row.alerts]
    by_name = sorted(rows, key=lambda row: row.name.casefold())
    keys = {
        "alerts": lambda row: (_severity_rank(row), -len(row.alerts)),
        "name": lambda row: 0,
        "test": lambda row: row.test_on or date.min,
        "imbalance": lambda row: -row.imbalance_size,
        "adherence": lambda row: row.week_percent if row.week_percent is not None else 101,
    }
    ordered = sorted(by_name, key=keys.get(sort, keys["alerts"]))
    return sorted(ordered, key=lambda row: alerts.most_severe(row.alerts) != alerts.URGENT)


def _severity_rank(row) -> int:
    """0 for a runner whose most serious alert is urgent, ... len(SEVERITIES) for none."""
    level = alerts.most_severe(row.alerts)
    return alerts.SEVERITIES.index(level) if level else len(alerts.SEVERITIES)
