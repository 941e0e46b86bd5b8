from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, DateField
from django.db.models.functions import Cast, TruncWeek
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import CoachLink, shown_name
from apps.assessments import safety, schedule, scoring, verdicts
from apps.assessments.models import Assessment
from apps.dashboard import correlation, first_steps, guidance, insights, run_insights
from apps.plans import generator, morning_checks, returning
from apps.plans.models import Plan, StretchSession
from apps.plans.overview import plan_overview
from apps.runs.models import Run
from apps.runs.services import run_days
from apps.runs.week import own_cadence, week_running
from apps.sitting.models import SittingDay
from psoas_tracker import charts

SPARKLINE_TESTS = 12
RECENT_TEST_DAYS = 14
CLIMBING_RUNS = 10  # hilly runs read for the advice to avoid hills (it names three)


def home(request):
    """Where `/` leads: a visitor gets the public page that says what the app does, a coach or
    physio (or somebody who is both) their roster, a runner their own home."""
    if not request.user.is_authenticated:
        return render(
            request,
            "dashboard/landing.html",
            {"charts": [_example_chart()], "generated": generator.SCHEDULE_FIGURES},
        )
    if request.user.profile.coaches:
        return redirect("dashboard:roster")
    return training(request)


@login_required
def training(request):
    """The runner's home: this week's test and result, today's stretching, sitting, guidance.
    At `/` for a runner, at `/training/` for somebody who also coaches."""
    user = request.user
    profile = user.profile
    today = profile.today()
    monday = today - timedelta(days=today.weekday())
    recent, baseline = _recent_and_baseline(user)
    latest, previous = [*recent[:2], None, None][:2]
    plan, items = Plan.objects.owned_by(user).active_with_items()
    # (day, minutes seated, minutes run, hills ticked, core reps) of this week and last.
    days = list(
        SittingDay.objects.owned_by(user)
        .filter(day__gte=monday - timedelta(weeks=1), day__lte=today)
        .values_list("day", "minutes_seated", "run_minutes", "run_hills", "core_reps")
    )
    this_week = [row for row in days if row[0] >= monday]
    last_week = [row for row in days if row[0] < monday]
    runs = Run.objects.owned_by(user)
    running = week_running(
        [(day, run, hills) for day, _seated, run, hills, _reps in this_week],
        run_days(runs, monday, today),
        own_cadence(runs.recent_cadences(), profile.cadence),
    )
    steps = first_steps.checklist(user)
    context = {
        "first_steps": steps,
        "next_first_step": first_steps.next_step(steps),
        "profile": profile,
        "coach_names": [
            shown_name(name, email)
            for email, name in CoachLink.objects.active()
            .filter(runner=user)
            .values_list("coach__email", "coach__profile__display_name")
        ],
        "latest": latest,
        "test_due": schedule.is_test_due(today, profile.test_weekday, latest and latest.taken_on),
        "sitting_this_week": _average_minutes(this_week),
        "sitting_last_week": _average_minutes(last_week),
        "running": running,
    }
    if latest:
        context.update(_latest_result(latest, previous, recent, baseline))
    hold = safety.hold_of(user, user)
    if plan:
        sessions = StretchSession.objects.owned_by(user)
        context.update(
            plan_overview(sessions, user, plan, items, today, viewer=user, hold=hold, history=False)
        )
    # Pain advice follows a recent test only: a month-old score says little about today.
    recent_test = latest if latest and (today - latest.taken_on).days <= RECENT_TEST_DAYS else None
    context["red_flags"] = hold
    # Asked the day after training; not while a red flag pauses the plan (no step to take).
    context["morning_check"] = None if hold else morning_checks.prompt_for(user, today)
    context["back_to_running"] = returning.block_of(user, user, today)
    context["advice"] = guidance.advise(
        latest_test_on=recent_test and recent_test.taken_on,
        pain_scores=recent_test.pain_scores() if recent_test else [],
        pain_uphill=bool(recent_test and recent_test.pain_uphill),
        tender_to_touch=recent_test.tender_to_touch if recent_test else None,
        core_reps_this_week=sum(reps for *_day, reps in this_week),
        sitting_days=[(day, seated) for day, seated, *_rest in this_week],
        climbs_since_test=_climbs_since(user, recent_test),
        red_flag=hold is not None,
        has_plan=plan is not None,
        **_since_baseline(baseline, latest),
    )
    return render(request, "dashboard/home.html", context)


@login_required
@require_POST
def dismiss_first_steps(request):
    """Put the getting-started checklist away for good: htmx swaps it out in place, a plain
    form post comes back to the dashboard."""
    first_steps.dismiss(request.user)
    if request.htmx:
        return HttpResponse("")
    return redirect("dashboard:home")


def _climbs_since(user, test):
    """(day, hills, seconds climbing) of the hilly runs since `test`, newest first."""
    if test is None:
        return []
    return [
        (day, len(climbs), seconds)
        for day, climbs, seconds in Run.objects.owned_by(user)
        .filter(day__gte=test.taken_on, climbing_seconds__gt=0)
        .order_by("-started_at")
        .values_list("day", "climbs", "climbing_seconds")[:CLIMBING_RUNS]
    ]


def _average_minutes(days):
    """Minutes seated a day, over the days with sitting logged (a day of only runs is not 0)."""
    seated = [minutes for _day, minutes, *_rest in days if minutes]
    return round(sum(seated) / len(seated)) if seated else None


def _recent_and_baseline(user):
    """The runner's last SPARKLINE_TESTS tests, newest first, and their baseline.

    The baseline (AssessmentQuerySet.baseline_for) is the first test taken with the latest
    test's instrument, or None without tests.
    """
    tests = Assessment.objects.owned_by(user)
    recent = list(tests.newest_first()[:SPARKLINE_TESTS])
    if not recent:
        return recent, None
    return recent, tests.baseline_for(recent[0])


def _latest_result(latest, previous, recent, baseline):
    summary = verdicts.summary_of(latest, baseline)
    return {
        "latest_summary": summary,
        "latest_finding": scoring.finding(summary),
        "persistent": verdicts.persistence(latest, previous),
        "imbalance_sparkline": charts.sparkline(
            [test.hip_angle_left - test.hip_angle_right for test in reversed(recent)]
        ),
        "sparkline_count": len(recent),
        "sparkline_values": ", ".join(
            f"{test.hip_angle_left - test.hip_angle_right:+.1f}°" for test in reversed(recent)
        ),
    }


def _since_baseline(baseline, latest):
    """The change of the tighter hip since the first test, for the "it is working" advice."""
    if not latest or not baseline or baseline.pk == latest.pk:
        return {"hip_change_since_baseline": None, "improvement_is_real": False}
    left, right = baseline.hip_angle_left, baseline.hip_angle_right
    if left >= right:
        first, now = left, latest.hip_angle_left
    else:
        first, now = right, latest.hip_angle_right
    change = scoring.hip_change(
        first, now, verdicts.thresholds(baseline.instrument, latest.instrument)
    )
    return {
        "hip_change_since_baseline": change.degrees,
        "improvement_is_real": bool(change.is_real and change.improved),
    }


def _example_chart():
    """The landing page's chart: the imbalance chart of an example runner, drawn as the app
    draws a runner's own (left 9° tighter at first, then within measurement error)."""
    hip_threshold = verdicts.thresholds("phone").hip_degrees
    today = timezone.localdate()
    start = today - timedelta(weeks=11)
    imbalance = (9, 8.5, 8, 7, 6.5, 5.5, 4.5, 3.5, 3, 2.5, 3, 2)
    level_from = next(week for week, value in enumerate(imbalance, 1) if value < hip_threshold)
    return charts.build_chart(
        title="Example: left/right hip imbalance over 12 weeks",
        description=(
            "An example runner, not real data: the left hip 9° tighter than the right at the "
            f"first test, then closer week by week, and inside the ±{hip_threshold:g}° band of "
            f"measurement error from week {level_from}. Above 0 the left is tighter."
        ),
        series=[
            charts.Series(
                "imbalance",
                "Left minus right",
                [
                    charts.Point(start + timedelta(weeks=week), value, "")
                    for week, value in enumerate(imbalance)
                ],
            )
        ],
        start=start,
        end=today,
        reference_lines=[charts.ReferenceLine(0, "even")],
        band=(-hip_threshold, hip_threshold, f"±{hip_threshold:g}°"),
    )


@login_required
def menu(request):
    """Every place in the app, for a phone, whose tab bar holds only four of them."""
    return render(request, "dashboard/menu.html")


@login_required
def insights_page(request):
    """Sitting against hip angle, by week, over everything the runner logged."""
    # One instrument only (the one used most): readings of different ones are not mixed.
    # Weeks as plain dates, cast by PostgreSQL (a truncated date would come back as a timestamp
    # that Django converts, row by row, across time zones).
    by_instrument = {}  # instrument: [(week, tests, mean left hip, mean right hip)]
    for instrument, *row in (
        Assessment.objects.owned_by(request.user)
        .annotate(week=Cast(TruncWeek("taken_on"), DateField()))
        .values("instrument", "week")
        .annotate(n=Count("id"), left=Avg("hip_angle_left"), right=Avg("hip_angle_right"))
        .values_list("instrument", "week", "n", "left", "right")
    ):
        by_instrument.setdefault(instrument, []).append(row)
    main = min(
        by_instrument,
        key=lambda key: (-sum(n for _week, n, _left, _right in by_instrument[key]), key),
        default=None,
    )
    sides = {week: (left, right) for week, _n, left, right in by_instrument.get(main, [])}
    hips = {week: (left + right) / 2 for week, (left, right) in sides.items()}
    sitting = (
        SittingDay.objects.owned_by(request.user)
        .annotate(week=Cast(TruncWeek("day"), DateField()))
        .values("week")
        .annotate(minutes=Avg("minutes_seated"))
        .values_list("week", "minutes")
    )
    weeks = [insights.Week(week, minutes, hips[week]) for week, minutes in sitting if week in hips]
    weeks.sort(key=lambda week: week.week_start)
    r = correlation.pearson(
        [week.sitting_minutes_per_day for week in weeks], [week.hip_angle for week in weeks]
    )
    sitting_changes, hip_changes = insights.week_to_week_changes(weeks)
    by_month = len(weeks) > insights.TABLE_BY_MONTH_AFTER_WEEKS
    points = insights.monthly(weeks) if by_month else weeks
    context = {
        "weeks": weeks,
        "summary": insights.describe(r, len(weeks)),
        "sentence": correlation.plain_sentence(
            "your sitting and your hip angle",
            r,
            len(weeks),
            min_pairs=insights.MIN_WEEKS,
            higher="Weeks with more sitting went with your thigh resting higher in the test",
            lower="Weeks with more sitting went with your thigh resting lower in the test",
        ),
        "changes_summary": insights.describe_changes(
            correlation.pearson(sitting_changes, hip_changes),
            len(sitting_changes),
            hip_changes,
            verdicts.thresholds(main).hip_degrees,
        ),
        "scatter": insights.scatter(weeks),
        "by_month": by_month,
        "rows": insights.table(points, by_month=by_month),
    }
    if weeks:
        context["timeline"] = insights.timeline(
            points,
            start=weeks[0].week_start,
            end=weeks[-1].week_start + timedelta(days=6),
            by_month=by_month,
        )
    context["gait"] = _gait_insights(
        request.user, sides, verdicts.thresholds(main).hip_degrees, request.user.profile.units
    )
    return render(request, "dashboard/insights.html", context)


def _gait_insights(runner, sides, hip_threshold, units):
    """The runs beside the hip, week by week (run_insights.py): one query, whatever the
    number of runs. sides: week -> (mean left, mean right hip angle) of the main instrument,
    whose real-change threshold is `hip_threshold`; units: the reader's."""
    band, weekly = Run.objects.owned_by(runner).weekly_gait()
    gait = {week: (step, gct) for week, step, gct in weekly}
    if not gait:
        return None
    weeks = run_insights.merge(sides, gait)
    by_month = len(weeks) > run_insights.BY_MONTH_AFTER_WEEKS
    points = run_insights.monthly(weeks) if by_month else weeks
    return {
        "pace": None if band is None else run_insights.pace_band_label(band, units),
        "balance": run_insights.describe_balance(weeks),
        "stride": run_insights.describe_stride(weeks, band, units),
        "balance_sentence": run_insights.plain_balance(weeks),
        "stride_sentence": run_insights.plain_stride(weeks, band),
        "caution": run_insights.CAUTION,
        "has_gct": any(week.gct_left_pct is not None for week in weeks),
        "by_month": by_month,
        "rows": run_insights.table(points, by_month=by_month, units=units),
        "charts": run_insights.timeline(
            points,
            start=weeks[0].week_start,
            end=weeks[-1].week_start + timedelta(days=6),
            by_month=by_month,
            hip_threshold=hip_threshold,
            band=band,
            units=units,
        ),
    }
