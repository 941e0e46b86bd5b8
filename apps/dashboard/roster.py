"""The coach's roster: each linked runner's week at a glance, in a constant number of queries."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format

from apps.accounts.models import CoachLink, shown_name
from apps.assessments import scoring, verdicts
from apps.dashboard.models import RunnerFacts
from apps.plans import adherence
from apps.plans.models import StretchSession
from psoas_tracker.rendering import url_maker

QUIET_DAYS = 14  # no session or no test for this long raises a flag


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
)


def runner_rows(coach, links):
    """One row per active link: this week's adherence, the latest imbalance and quiet flags.

    Two queries whatever the number of runners (each reads the data of all the coach's
    runners). Adherence counts as on the runner's own plan page: every session of the week,
    whichever plan it followed, against the schedule each week had.
    """
    since = timezone.localdate() - timedelta(days=QUIET_DAYS + 7)
    # Each runner's latest test, red flags and plan schedule: one row a runner from a view.
    facts = {row.runner_id: row for row in RunnerFacts.objects.coached_by(coach)}
    sessions = {}
    for runner_id, *session in (
        StretchSession.objects.coached_by(coach)
        .filter(performed_on__gte=since)
        .annotate_sets_done()
        .values_list("runner_id", "performed_on", "finished_at", "sets_done", "sets_planned")
    ):
        sessions.setdefault(runner_id, []).append(tuple(session))
    urls = {
        "runner": url_maker("accounts:runner_overview"),
        "assign": url_maker("plans:assign_plan"),
        "test": url_maker("assessments:detail"),
        "end": url_maker("accounts:end_link"),
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
        row = _row(today_in[zone], runner, sessions.get(runner_id, []), limits)
        if runner.flags:
            row["flags"].insert(0, "red flag: see a clinician first")
        row["name"] = shown_name(link["runner__profile__display_name"], link["runner__email"])
        row["runner_url"] = urls["runner"](runner_id)
        row["assign_url"] = urls["assign"](runner_id)
        row["end_url"] = urls["end"](link["pk"])
        if row["test_pk"]:
            row["test_url"] = urls["test"](row["test_pk"])
        rows.append(row)
    return rows


def _row(today, runner, sessions, limits):
    schedule = runner.schedule
    week = last_week = None
    done_days = []
    if schedule:
        # Each session carries its own planned set count: the plan's items are not needed.
        done_days = [
            performed_on
            for performed_on, finished_at, sets_done, sets_planned in sessions
            if adherence.is_session_done(
                finished=finished_at is not None, sets_done=sets_done, sets_planned=sets_planned
            )
        ]
        last_week, week = adherence.weekly_adherence(
            schedule, done_days, today, weeks=2, earlier=runner.revisions
        )
    quiet_since = today - timedelta(days=QUIET_DAYS)
    flags = []
    if not any(day > quiet_since for day in done_days):
        flags.append(f"no session for {QUIET_DAYS} days")
    if runner.test_taken_on is None or runner.test_taken_on <= quiet_since:
        flags.append(f"no test for {QUIET_DAYS} days")
    # Plain strings for the template: a roster of dozens of rows renders each lookup dozens of
    # times, and a dict key resolves quicker than an object's attribute.
    row = {"flags": flags, "test_pk": None, "week_text": None, "last_week_text": None}
    if week:
        row.update(week_text=week.summary(" sessions"), week_colour=week.colour or "none")
    if last_week and last_week.planned:
        row.update(last_week_text=last_week.summary(), last_week_colour=last_week.colour or "none")
    if runner.test_id:
        imbalance = scoring.hip_imbalance(runner.hip_angle_left, runner.hip_angle_right, limits)
        row.update(
            test_pk=runner.test_id,
            test_day=date_format(runner.test_taken_on, "j M"),
            imbalance_text=imbalance.short_text,
            imbalance_real=imbalance.is_real,
        )
    return row
