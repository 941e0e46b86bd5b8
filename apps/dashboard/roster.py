"""The coach's roster: each linked runner's week at a glance, in a constant number of queries."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from apps.accounts.models import CoachLink, shown_name
from apps.accounts.scoping import coached_runner_ids
from apps.assessments import safety, scoring, verdicts
from apps.assessments.models import Assessment, RedFlagCheck
from apps.plans import adherence
from apps.plans.models import Plan, PlanRevision, StretchSession
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

    Five queries whatever the number of runners (each reads the data of all the coach's
    runners). Adherence counts as on the runner's own plan page: every session of the week,
    whichever plan it followed, against the schedule each week had.
    """
    since = timezone.localdate() - timedelta(days=QUIET_DAYS + 7)
    latest_tests = {
        row[0]: row
        for row in Assessment.objects.coached_by(coach)
        .filter(pk__in=_latest_test_ids(coach))
        .values_list("runner_id", "pk", "taken_on", "hip_angle_left", "hip_angle_right")
    }
    plans = Plan.objects.coached_by(coach).active()
    schedules = {
        runner_id: adherence.Schedule(*schedule)
        for runner_id, *schedule in plans.values_list(
            *("runner_id", "starts_on", "weeks", "sessions_per_week"),
            *("maintenance_from_week", "maintenance_sessions_per_week"),
        )
    }
    earlier = {}
    for revision in PlanRevision.objects.filter(plan__in=plans).select_related("plan"):
        earlier.setdefault(revision.plan.runner_id, []).append(revision.revision)
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
    flagged = safety.runners_flagged(RedFlagCheck.objects.coached_by(coach))
    limits = verdicts.thresholds()
    today_in = {}  # time zone name: today's date there (most runners share a few zones)
    rows = []
    for link in links:
        runner_id, zone = link["runner_id"], link["runner__profile__timezone"]
        if zone not in today_in:
            today_in[zone] = timezone.localdate(timezone=ZoneInfo(zone))
        row = _row(
            today_in[zone],
            latest_tests.get(runner_id),
            schedules.get(runner_id),
            sessions.get(runner_id, []),
            limits,
            earlier.get(runner_id, ()),
        )
        if runner_id in flagged:
            row["flags"].insert(0, "red flag: see a clinician first")
        row["name"] = shown_name(link["runner__profile__display_name"], link["runner__email"])
        row["runner_url"] = urls["runner"](runner_id)
        row["assign_url"] = urls["assign"](runner_id)
        row["end_url"] = urls["end"](link["pk"])
        if row["test_pk"]:
            row["test_url"] = urls["test"](row["test_pk"])
        rows.append(row)
    return rows


def _latest_test_ids(coach):
    """A subquery of each coached runner's latest test id: one probe of the (runner, date)
    index a runner. DISTINCT ON would read every test of every runner to keep the newest."""
    newest = (
        Assessment.objects.filter(runner=OuterRef("runner_id")).order_by("-taken_on").values("pk")
    )
    return coached_runner_ids(coach).annotate(latest=Subquery(newest[:1])).values("latest")


def _row(today, latest_test, schedule, sessions, limits, earlier):
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
            schedule, done_days, today, weeks=2, earlier=earlier
        )
    quiet_since = today - timedelta(days=QUIET_DAYS)
    flags = []
    if not any(day > quiet_since for day in done_days):
        flags.append(f"no session for {QUIET_DAYS} days")
    if latest_test is None or latest_test[2] <= quiet_since:
        flags.append(f"no test for {QUIET_DAYS} days")
    row = {"week": week, "last_week": last_week, "flags": flags, "test_pk": None}
    if latest_test:
        _runner_id, pk, taken_on, left, right = latest_test
        row.update(
            test_pk=pk,
            test_date=taken_on,
            imbalance=scoring.hip_imbalance(left, right, limits),
        )
    return row
