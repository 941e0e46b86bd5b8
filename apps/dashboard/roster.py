"""The coach's roster: each linked runner's week at a glance, in a constant number of queries."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.assessments.models import Assessment
from apps.assessments.views import imbalances
from apps.plans import adherence
from apps.plans.models import Plan, StretchSession
from apps.plans.views import schedule_of

QUIET_DAYS = 14  # no session or no test for this long raises a flag


@login_required
def roster(request):
    links = (
        CoachLink.objects.filter(coach=request.user)
        .exclude(status=CoachLink.Status.REVOKED)
        .select_related("runner__profile")
        .order_by("status", "-created_at")
    )
    active = [link for link in links if link.status == CoachLink.Status.ACTIVE]
    rows = runner_rows(request.user, [link.runner for link in active])
    return render(
        request,
        "dashboard/roster.html",
        {
            "active_links": [(link, rows[link.runner_id]) for link in active],
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


def runner_rows(coach, runners):
    """Per runner id: this week's adherence, the latest imbalance and quiet flags."""
    ids = [runner.pk for runner in runners]
    since = timezone.localdate() - timedelta(days=QUIET_DAYS + 7)
    latest_tests = {
        test.runner_id: test
        for test in Assessment.objects.visible_to(coach)
        .filter(runner_id__in=ids)
        .order_by("runner_id", "-taken_on")
        .distinct("runner_id")
    }
    plans = {
        plan.runner_id: plan
        for plan in Plan.objects.visible_to(coach).active().filter(runner_id__in=ids)
    }
    sessions = {}
    for session in (
        StretchSession.objects.visible_to(coach)
        .filter(runner_id__in=ids, performed_on__gte=since)
        .annotate_sets_done()
    ):
        sessions.setdefault(session.runner_id, []).append(session)
    urls = {
        "runner": url_maker("accounts:runner_overview"),
        "assign": url_maker("plans:assign_plan"),
        "test": url_maker("assessments:detail"),
    }
    rows = {}
    for runner in runners:
        row = _row(
            runner, latest_tests.get(runner.pk), plans.get(runner.pk), sessions.get(runner.pk, [])
        )
        row["runner_url"] = urls["runner"](runner.pk)
        row["assign_url"] = urls["assign"](runner.pk)
        row["test_url"] = urls["test"](row["latest_test"].pk) if row["latest_test"] else ""
        rows[runner.pk] = row
    return rows


def _row(runner, latest_test, plan, sessions):
    today = runner.profile.today()
    week = last_week = None
    done_days = []
    if plan:
        # Each session carries its own planned set count: the plan's items are not needed.
        done_days = [
            s.performed_on
            for s in sessions
            if s.plan_id == plan.pk
            and adherence.is_session_done(
                finished=s.is_finished, sets_done=s.sets_done, sets_planned=s.sets_planned
            )
        ]
        last_week, week = adherence.weekly_adherence(schedule_of(plan), done_days, today, weeks=2)
    quiet_since = today - timedelta(days=QUIET_DAYS)
    return {
        "plan": plan,
        "week": week,
        "last_week": last_week if last_week and last_week.planned else None,
        "latest_test": latest_test,
        "imbalance": imbalances(latest_test)[0] if latest_test else None,
        "no_recent_session": not any(day > quiet_since for day in done_days),
        "no_recent_test": latest_test is None or latest_test.taken_on <= quiet_since,
    }
