"""The coach's roster: each linked runner's week at a glance, in a constant number of queries."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.models import CoachLink, shown_name
from apps.assessments import scoring, verdicts
from apps.dashboard import alerts
from apps.dashboard.models import RunnerFacts, SeenAlert
from apps.plans import adherence
from apps.plans.models import StretchSession
from psoas_tracker.rendering import html_list, url_maker

QUIET_DAYS = alerts.QUIET_DAYS


def coach_links(coach):
    """The coach's active and pending links as plain dicts (a coach may have dozens)."""
    return [
        dict(zip(LINK_FIELDS, values, strict=True))
        for values in CoachLink.objects.filter(coach=coach)
        .exclude(status=CoachLink.Status.REVOKED)
        .order_by("status", "-created_at")
        .values_list(*LINK_FIELDS)
    ]


LINK_FIELDS = (
    *("pk", "status", "direction", "token", "created_at", "expires_at", "runner_id"),
    *("runner__email", "runner__profile__display_name", "runner__profile__timezone"),
    "runner__profile__test_weekday",
    "sent_to",
    "accepted_at",
)


def runner_rows(coach, links):
    """One row per active link: this week's adherence, the latest imbalance and the alerts the
    coach has not marked seen (alerts.py).

    Three queries whatever the number of runners (each reads the data of all the coach's
    runners). Adherence counts as on the runner's own plan page: every session of the week,
    whichever plan it followed, against the schedule each week had.
    """
    # Three weeks of sessions: this week and the two before (adherence), the 14 quiet days.
    since = timezone.localdate() - timedelta(days=QUIET_DAYS + 7)
    # Each runner's latest two tests, red flags and plan schedule: one row a runner from a view.
    facts = {row.runner_id: row for row in RunnerFacts.objects.coached_by(coach)}
    sessions = {}
    for runner_id, *session in (
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
        sessions.setdefault(runner_id, []).append(tuple(session))
    seen = set(SeenAlert.objects.filter(coach=coach).values_list("runner_id", "key"))
    urls = {
        "runner": url_maker("dashboard:runner"),
        "assign": url_maker("plans:assign_plan"),
        "test": url_maker("assessments:detail"),
        "session": url_maker("plans:session_detail"),
        "end": url_maker("accounts:end_link"),
        "seen": url_maker("dashboard:alert_seen"),
    }
    limits = verdicts.thresholds()
    today_in = {}  # time zone name: today's date there (most runners share a few zones)
    rows = []
    for link in links:
        runner_id, zone = link["runner_id"], link["runner__profile__timezone"]
        if zone not in today_in:
            today_in[zone] = timezone.localdate(timezone=ZoneInfo(zone))
        runner = facts.get(runner_id)
        if runner is None:  # linked after the view was read: shown on the next visit
            continue
        accepted = link["accepted_at"]
        row = _row(
            today_in[zone],
            link["runner__profile__test_weekday"],
            runner,
            sessions.get(runner_id, []),
            limits,
            linked_on=accepted and timezone.localdate(accepted, timezone=ZoneInfo(zone)),
        )
        row["name"] = shown_name(link["runner__profile__display_name"], link["runner__email"])
        row["seen_url"] = urls["seen"](runner_id)
        row["runner_id"] = runner_id
        row["runner_url"] = urls["runner"](runner_id)
        row["assign_url"] = urls["assign"](runner_id)
        row["end_url"] = urls["end"](link["pk"])
        if row["test_pk"]:
            row["test_url"] = urls["test"](row["test_pk"])
        targets = {"runner": row["runner_url"], "plan": row["assign_url"]}
        row["alerts"] = [
            (
                alerts.KINDS[alert.kind],
                _alert_url(alert, urls, targets),
                alert.text,
                row["seen_url"],
                alert.key,
                row["name"],
            )
            for alert in row.pop("all_alerts")
            if (runner_id, alert.key) not in seen
        ]
        rows.append(row)
    return rows


def _alert_url(alert, urls, targets):
    """Where an alert links: its test or session when it names one, else the runner's page or
    the plan form."""
    if alert.test_id:
        return urls["test"](alert.test_id)
    if alert.session_id:
        return urls["session"](alert.session_id)
    return targets[alert.target]


# An alert on the roster: its kind, what triggered it (linked), and its "Seen" button, which
# submits the table's one form without JavaScript and posts itself with htmx.
# Its values: 0 kind, 1 link, 2 what triggered it, 3 the runner's "seen" address, 4 the key,
# 5 the runner's name.
ALERT_ITEM = (
    '<li><strong class="flag">{0}</strong> <a href="{1}">{2}</a> <button type="submit" '
    'form="seen-alerts" formaction="{3}" name="key" value="{4}" hx-post="{3}" '
    'class="secondary outline small">Seen<span class="visually-hidden">: {0}, {5}</span>'
    "</button></li>"
)


def drawn(rows):
    """The rows of the page shown, each with its alerts as one string: a page of dozens of
    runners may hold a hundred alerts (the rows not shown are sorted, never drawn)."""
    for row in rows:
        row["alerts_html"] = html_list(ALERT_ITEM, row["alerts"])
    return rows


SORTS = {
    "alerts": "Alerts first",
    "name": "Name",
    "test": "Oldest last test",
    "imbalance": "Largest imbalance",
    "adherence": "Fewest sessions this week",
}


def sort_rows(rows, sort: str, only_alerts: bool = False):
    """The roster in the order the coach asked for; ties by name."""
    if only_alerts:
        rows = [row for row in rows if row["alerts"]]
    by_name = sorted(rows, key=lambda row: row["name"].casefold())
    keys = {
        "alerts": lambda row: -len(row["alerts"]),
        "name": lambda row: 0,
        "test": lambda row: row["test_on"] or date.min,
        "imbalance": lambda row: -row["imbalance_size"],
        "adherence": lambda row: row["week_percent"] if row["week_percent"] is not None else 101,
    }
    return sorted(by_name, key=keys.get(sort, keys["alerts"]))


def _row(today, test_weekday, runner, sessions, limits, *, linked_on=None):
    schedule = runner.schedule
    weeks = []
    done_days = [
        performed_on
        for performed_on, finished_at, sets_done, sets_planned, _discomfort, _pk in sessions
        if adherence.is_session_done(
            finished=finished_at is not None, sets_done=sets_done, sets_planned=sets_planned
        )
    ]
    if schedule:
        # Each session carries its own planned set count: the plan's items are not needed.
        weeks = adherence.weekly_adherence(
            schedule, done_days, today, weeks=3, earlier=runner.revisions
        )
    week = weeks[-1] if weeks else None
    last_week = weeks[-2] if weeks else None
    # Plain strings for the template: a roster of dozens of rows renders each lookup dozens of
    # times, and a dict key resolves quicker than an object's attribute.
    row = {
        "test_pk": None,
        "test_on": runner.test_taken_on,
        "week_text": None,
        "last_week_text": None,
        "week_percent": week.percent if week else None,
        "imbalance_size": 0.0,
    }
    if week:
        row.update(week_text=week.summary(" sessions"), week_colour=week.colour or "none")
    if last_week and last_week.planned:
        row.update(last_week_text=last_week.summary(), last_week_colour=last_week.colour or "none")
    if runner.test_id:
        imbalance = scoring.hip_imbalance(runner.hip_angle_left, runner.hip_angle_right, limits)
        row.update(
            test_pk=runner.test_id,
            test_day=f"{runner.test_taken_on.day} {runner.test_taken_on:%b}",  # as "j M"
            imbalance_text=imbalance.short_text,
            imbalance_real=imbalance.is_real,
            imbalance_size=abs(imbalance.left_minus_right),
        )
    row["all_alerts"] = alerts.alerts_for(
        alerts.Facts(
            today=today,
            test_weekday=test_weekday,
            latest=_test(runner, ""),
            previous=_test(runner, "previous_"),
            red_flags=runner.flags or (),
            red_flag_check_id=runner.red_flag_check_id,
            red_flag_test_id=runner.red_flag_test_id,
            has_plan=schedule is not None,
            plan_starts_on=runner.plan_starts_on,
            done_days=done_days,
            uncomfortable=[
                (performed_on, discomfort, pk)
                for performed_on, _finished, _done, _planned, discomfort, pk in sessions
                if discomfort is not None
            ],
            weeks=[week.colour for week in weeks[:-1]],
            linked_on=linked_on,
        ),
        limits,
    )
    return row


def _test(runner, prefix):
    """The latest test (prefix "") or the one before it ("previous_") as alerts.Test."""
    test_id = getattr(runner, f"{prefix}test_id")
    if test_id is None:
        return None
    return alerts.Test(
        id=test_id,
        taken_on=getattr(runner, "test_taken_on" if not prefix else "previous_taken_on"),
        hip_left=getattr(runner, f"{prefix}hip_angle_left"),
        hip_right=getattr(runner, f"{prefix}hip_angle_right"),
        pain=getattr(runner, f"{prefix}pain") or {},
    )
