"""The coach's roster: each linked runner's week at a glance, in a constant number of queries."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.assessments.models import Assessment
from apps.assessments.views import imbalances
from apps.plans import adherence
from apps.plans.models import Plan, PlanItem, StretchSession
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
        for plan in Plan.objects.visible_to(coach)
        .active()
        .filter(runner_id__in=ids)
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("stretch")))
    }
    sessions = {}
    for session in (
        StretchSession.objects.visible_to(coach)
        .filter(runner_id__in=ids, performed_on__gte=since)
        .annotate_sets_done()
    ):
        sessions.setdefault(session.runner_id, []).append(session)
    return {
        runner.pk: _row(
            runner, latest_tests.get(runner.pk), plans.get(runner.pk), sessions.get(runner.pk, [])
        )
        for runner in runners
    }


def _row(runner, latest_test, plan, sessions):
    today = runner.profile.today()
    week = last_week = None
    done_days = []
    if plan:
        total_sets = sum(
            item.sets_for(side) for item in plan.items.all() for side in item.stretch.sides
        )
        done_days = [
            s.performed_on
            for s in sessions
            if s.plan_id == plan.pk
            and adherence.is_session_done(
                finished=s.is_finished,
                sets_done=s.sets_done,
                sets_planned=s.sets_planned or total_sets,
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
