"""A coach's pages: the roster with its alerts, and a linked runner's whole picture."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count, DateField
from django.db.models.functions import Cast, Lower, TruncWeek
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import CoachLink
from apps.accounts.scoping import coached_runners, runners_visible_to
from apps.assessments import history as reading
from apps.assessments import safety, verdicts
from apps.assessments.models import Assessment
from apps.assessments.scoring import PAIN_REGIONS
from apps.dashboard.forms import RosterOrderForm, SeenAlertForm
from apps.dashboard.models import RunnerGroup, SeenAlert
from apps.dashboard.roster import (
    SORTS,
    filter_rows,
    pending_invites,
    runner_rows,
    sort_rows,
)
from apps.plans import morning, morning_checks, returning
from apps.plans.models import Plan, PlanTemplate, StretchSession
from apps.plans.overview import plan_overview
from apps.plans.timeline import plan_events
from apps.runs.models import Run
from apps.runs.presenting import run_rows
from apps.sitting.models import SittingDay

RECENT_SESSION_DAYS = 28
ROSTER_PAGE = 50  # runners a page: a squad fits on one, a club's 200 on four
PAIN_TESTS = 8  # the latest tests in the pain table
SITTING_WEEKS = 8
RECENT_RUNS = 10


@login_required
def roster(request):
    """The coach's runners, one line each: the most serious alert, the latest test, this week
    and the trend; sorted, filtered by group and searched by name as asked (a GET form: works
    without JavaScript)."""
    order = RosterOrderForm(request.GET or None)
    sort, only_alerts, page, group_id, name_query = "alerts", False, 1, None, ""
    if order.is_valid():
        sort, only_alerts = order.cleaned_data["sort"] or "alerts", order.cleaned_data["alerts"]
        page = order.cleaned_data["page"] or 1
        group_id, name_query = order.cleaned_data["group"], order.cleaned_data["q"]
    groups = list(RunnerGroup.objects.owned_by(request.user))
    group = next((each for each in groups if each.pk == group_id), None)
    rows = runner_rows(request.user)
    shown = sort_rows(
        filter_rows(rows, group_id=group and group.pk, name=name_query), sort, only_alerts
    )
    # A page of ROSTER_PAGE runners, in the order asked for across all of them.
    page_of = Paginator(shown, ROSTER_PAGE).get_page(page)
    query = {
        "sort": sort,
        **({"alerts": "on"} if only_alerts else {}),
        **({"group": group.pk} if group else {}),
        **({"q": name_query} if name_query else {}),
    }
    context = {
        "rows": page_of.object_list,
        "page_of": page_of,
        "shown_count": len(shown),
        "previous_query": urlencode({**query, "page": page_of.previous_page_number()})
        if page_of.has_previous()
        else None,
        "next_query": urlencode({**query, "page": page_of.next_page_number()})
        if page_of.has_next()
        else None,
        "runner_count": len(rows),
        "alert_count": sum(len(row.alerts) for row in rows),
        "sorts": SORTS.items(),
        "sort": sort,
        "only_alerts": only_alerts,
        "groups": groups,
        "group": group,
        # A group shown: its bar offers each of the coach's templates for the whole group.
        "templates": PlanTemplate.objects.owned_by(request.user).order_by(Lower("title"))
        if group
        else (),
        "name_query": name_query,
        "pending_invites": pending_invites(request.user),
        "now": timezone.now(),
    }
    if request.htmx:
        return render(request, "dashboard/_roster_table.html", context)
    return render(request, "dashboard/roster.html", context)


@login_required
@require_POST
def mark_alert_seen(request, runner_id):
    """A coach marks one of a linked runner's alerts seen; anybody else finds nothing (404).
    With htmx the runner's row comes back, its details open while alerts remain."""
    runner = get_object_or_404(coached_runners(request.user), pk=runner_id)
    form = SeenAlertForm(request.POST)
    if form.is_valid():
        SeenAlert.objects.mark_seen(request.user, runner, form.cleaned_data["key"])
        if request.htmx:
            return _row_of(request, runner, details_open=True)
        messages.success(request, "Alert marked as seen.")
    else:
        messages.error(request, "That alert could not be found.")
    return redirect("dashboard:roster")


@login_required
@require_POST
def mark_runner_seen(request, runner_id):
    """A coach marks every alert of a linked runner seen; with htmx the row comes back."""
    runner = get_object_or_404(coached_runners(request.user), pk=runner_id)
    row = next(row for row in runner_rows(request.user) if row.runner_id == runner.pk)
    SeenAlert.objects.mark_all_seen(request.user, [row])
    if request.htmx:
        return _row_of(request, runner)
    messages.success(request, f"Every alert of {runner.display_name} marked as seen.")
    return redirect("dashboard:roster")


def _row_of(request, runner, details_open=False):
    """The runner's roster row as it is now (htmx swaps it for the old one)."""
    row = next(row for row in runner_rows(request.user) if row.runner_id == runner.pk)
    return render(request, "dashboard/_roster_row.html", {"row": row, "details_open": details_open})


@login_required
def runner_page(request, runner_id):
    """A runner's whole picture, read-only: for a linked coach, and for the runner themselves
    (their progress report). Printable: the print stylesheet keeps the content only."""
    runner = get_object_or_404(
        runners_visible_to(request.user).select_related("profile"), pk=runner_id
    )
    viewer = request.user
    today = runner.profile.today()
    tests = Assessment.objects.of_runner(viewer, runner)
    recent = list(tests.newest_first()[:PAIN_TESTS])
    latest, previous = [*recent[:2], None, None][:2]
    main_instrument, first_test_on = reading.main_instrument_and_first_date(tests)
    context = {
        "runner": runner,
        "own": runner == viewer,
        "today": today,
        "link": None
        if runner == viewer
        else CoachLink.objects.active().filter(runner=runner, coach=viewer).first(),
        "red_flags": safety.hold_of(viewer, runner),
        "flag_history": safety.flag_history(viewer, runner),
        "latest": latest,
        **_pain_table(recent),
        "recent_sessions": list(
            StretchSession.objects.of_runner(viewer, runner)
            .filter(performed_on__gt=today - timedelta(days=RECENT_SESSION_DAYS))
            .annotate_sets_done()
            .order_by("-performed_on")
            .values(
                "pk",
                "performed_on",
                "finished_at",
                "discomfort",
                "notes",
                "sets_done",
                "sets_planned",
            )
        ),
        "morning_checks": morning_checks.latest(viewer, runner),
        "back_to_running": returning.block_of(viewer, runner, today),
        "acceptable_pain": morning.ACCEPTABLE_PAIN_MAX,
        "sitting_weeks": sitting_by_week(
            SittingDay.objects.of_runner(viewer, runner), today, SITTING_WEEKS
        ),
        "run_rows": run_rows(
            Run.objects.of_runner(viewer, runner).newest_first()[:RECENT_RUNS],
            runner.profile.zone,
            units=viewer.profile.units,  # the coach reads in their own units
        ),
    }
    if latest:
        context["summary"] = verdicts.summary_of(latest, tests.baseline_for(latest))
        context["persistent"] = verdicts.persistence(latest, previous)
        context.update(
            reading.chart_context(
                runner,
                tests,
                main_instrument,
                first_test_on,
                "12w",
                plan_events=lambda start, end: plan_events(viewer, runner, start, end),
            )
        )
    plan, items = Plan.objects.of_runner(viewer, runner).active_with_items()
    if plan:
        sessions = StretchSession.objects.of_runner(viewer, runner)
        context.update(
            plan_overview(
                sessions, runner, plan, items, today, viewer=viewer, hold=context["red_flags"]
            )
        )
    return render(request, "dashboard/runner.html", context)


def _pain_table(tests):
    """Pain by region on `tests`, with a column only for the regions scored at least once: a
    table that fits a phone's width."""
    regions = [
        (key, label)
        for key, label in PAIN_REGIONS
        if any(getattr(test, f"pain_{key}") is not None for test in tests)
    ]
    return {
        "pain_labels": [label for _key, label in regions],
        "pain_rows": [
            (test.taken_on, [(label, getattr(test, f"pain_{key}")) for key, label in regions])
            for test in tests
        ],
    }


def sitting_by_week(days, today, weeks):
    """(Monday, hours seated a day, days logged) for the last `weeks` weeks, oldest first; a
    week with nothing logged has None. One query."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    logged = {
        week: (minutes, count)
        for week, minutes, count in days.filter(day__gte=first, day__lte=today)
        .exclude(minutes_seated__isnull=True)
        .annotate(week=Cast(TruncWeek("day"), DateField()))
        .values("week")
        .annotate(minutes=Avg("minutes_seated"), count=Count("id"))
        .values_list("week", "minutes", "count")
    }
    rows = []
    for number in range(weeks):
        week = first + timedelta(weeks=number)
        minutes, count = logged.get(week, (None, 0))
        rows.append((week, None if minutes is None else round(minutes / 60, 1), count))
    return rows
