"""The coach's roster: each linked runner's week at a glance, in a constant number of queries."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.assessments import scoring
from apps.assessments.models import Assessment
from apps.assessments.views import thresholds
from apps.plans import adherence
from apps.plans.models import Plan, StretchSession

QUIET_DAYS = 14  # no session or no test for this long raises a flag


@login_required
def roster(request):
    links = (
        CoachLink.objects.filter(coach=request.user)
        .exclude(status=CoachLink.Status.REVOKED)
        .select_related("runner__profile")
        .only(
            *("status", "direction", "token", "created_at", "expires_at", "runner"),
            *("runner__email", "runner__profile__display_name", "runner__profile__timezone"),
        )
        .order_by("status", "-created_at")
    )
    active = [link for link in links if link.status == CoachLink.Status.ACTIVE]
    return render(
        request,
        "dashboard/roster.html",
        {
            "rows": runner_rows(request.user, active),
            "pending_invites": [
                link
                for link in links
                if link.status == CoachLink.Status.PENDING
                and link.direction == CoachLink.Direction.COACH_INVITES_RUNNER
            ],
            "now": timezone.now(),
            "quiet_days": QUIET_DAYS,
        },
    )


def url_maker(name):
    """A fast reverse() for one route with one integer argument, for rows of a table."""
    sentinel = 2_000_000_001
    prefix, suffix = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda value: f"{prefix}{value}{suffix}"


def runner_rows(coach, links):
    """One row per active link: this week's adherence, the latest imbalance and quiet flags.

    Three queries whatever the number of runners (each reads all of the coach's runners rather
    than a list of ids); rows hold finished strings, so the template does little per row.
    """
    since = timezone.localdate() - timedelta(days=QUIET_DAYS + 7)
    latest_tests = {
        row[0]: row
        for row in Assessment.objects.visible_to(coach)
        .exclude(runner=coach)
        .order_by("runner_id", "-taken_on")
        .distinct("runner_id")
        .values_list("runner_id", "pk", "taken_on", "hip_angle_left", "hip_angle_right")
    }
    schedules = {
        row[0]: (row[1], adherence.Schedule(*row[2:]))
        for row in Plan.objects.visible_to(coach)
        .active()
        .exclude(runner=coach)
        .values_list(
            "runner_id",
            "pk",
            "starts_on",
            "weeks",
            "sessions_per_week",
            "maintenance_from_week",
            "maintenance_sessions_per_week",
        )
    }
    sessions = {}
    for runner_id, *session in (
        StretchSession.objects.visible_to(coach)
        .exclude(runner=coach)
        .filter(performed_on__gte=since)
        .annotate_sets_done()
        .values_list(
            "runner_id", "plan_id", "performed_on", "finished_at", "sets_done", "sets_planned"
        )
    ):
        sessions.setdefault(runner_id, []).append(session)
    urls = {
        "runner": url_maker("accounts:runner_overview"),
        "assign": url_maker("plans:assign_plan"),
        "test": url_maker("assessments:detail"),
        "end": url_maker("accounts:end_link"),
    }
    limits = thresholds()
    rows = []
    for link in links:
        runner = link.runner
        row = _row(
            runner.profile.today(),
            latest_tests.get(runner.pk),
            schedules.get(runner.pk),
            sessions.get(runner.pk, []),
            limits,
        )
        row["name"] = runner.display_name
        row["runner_url"] = urls["runner"](runner.pk)
        row["assign_url"] = urls["assign"](runner.pk)
        row["end_url"] = urls["end"](link.pk)
        if row["test_pk"]:
            row["test_url"] = urls["test"](row["test_pk"])
        rows.append(row)
    return rows


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
VERDICTS = {adherence.GREEN: "on track", adherence.YELLOW: "partly", adherence.RED: "missed"}


def _badge(week, unit=""):
    """{"colour", "text"} of a week's adherence badge: "3 of 4 sessions, on track"."""
    verdict = VERDICTS.get(week.colour) or ("week under way" if unit and week.in_progress else "")
    text = f"{week.done} of {week.planned}{unit}"
    return {"colour": week.colour or "none", "text": f"{text}, {verdict}" if verdict else text}


def _row(today, latest_test, plan, sessions, limits):
    week = last_week = None
    done_days = []
    if plan:
        plan_pk, schedule = plan
        # Each session carries its own planned set count: the plan's items are not needed.
        done_days = [
            performed_on
            for plan_id, performed_on, finished_at, sets_done, sets_planned in sessions
            if plan_id == plan_pk
            and adherence.is_session_done(
                finished=finished_at is not None, sets_done=sets_done, sets_planned=sets_planned
            )
        ]
        last_week, week = adherence.weekly_adherence(schedule, done_days, today, weeks=2)
    quiet_since = today - timedelta(days=QUIET_DAYS)
    flags = []
    if not any(day > quiet_since for day in done_days):
        flags.append(f"no session for {QUIET_DAYS} days")
    if latest_test is None or latest_test[2] <= quiet_since:
        flags.append(f"no test for {QUIET_DAYS} days")
    row = {
        "week": _badge(week, " sessions") if week else None,
        "last_week": _badge(last_week) if last_week and last_week.planned else None,
        "flags": flags,
        "test_pk": None,
        "imbalance": None,
    }
    if latest_test:
        _runner_id, pk, taken_on, left, right = latest_test
        imbalance = scoring.hip_imbalance(left, right, limits)
        row.update(
            test_pk=pk,
            test_date=f"{taken_on.day} {MONTHS[taken_on.month - 1]}",
            imbalance=imbalance.short_text,
            imbalance_real=imbalance.is_real,
        )
    return row
