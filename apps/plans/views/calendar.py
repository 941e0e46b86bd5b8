"""A private iCal feed of planned sessions, at a tokenised address the runner can revoke."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from icalendar import Calendar, Event

from apps.assessments import safety
from apps.plans import adherence, return_to_run, returning
from apps.plans.models import CalendarFeed, Plan, new_feed_token


@login_required
def manage(request):
    feed = CalendarFeed.objects.filter(runner=request.user).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke" and feed:
            feed.delete()
            messages.success(request, "Calendar address revoked: calendars using it stop updating.")
        elif action == "create":
            # A new token replaces the old one, which stops working at once.
            CalendarFeed.objects.update_or_create(
                runner=request.user, defaults={"token": new_feed_token()}
            )
            messages.success(request, "New private calendar address created.")
        return redirect("plans:calendar")
    url = (
        request.build_absolute_uri(reverse("plans:calendar_feed", args=[feed.token]))
        if feed
        else None
    )
    return render(request, "plans/calendar.html", {"feed": feed, "url": url})


def feed(request, token):
    """No login: the token is the key. Planned sessions of the active plan, from a week ago on;
    none on the days a red flag pauses it (all of them, from its first day, while it is open).
    A return to running under way adds its walk-runs of the next weeks at the step to do next
    (the step moves as the mornings allow: calendars fetch the feed again within the hour)."""
    calendar_feed = get_object_or_404(
        CalendarFeed.objects.select_related("runner__profile"), token=token
    )
    runner = calendar_feed.runner
    calendar = Calendar()
    calendar.add("prodid", "-//Psoas Tracker//planned stretch sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Psoas Tracker stretches")
    plan = Plan.objects.owned_by(runner).active().prefetch_related("items__stretch").first()
    if plan:
        today = runner.profile.today()
        schedule = plan.schedule
        names = ", ".join(item.stretch.name for item in plan.items.all() if item.removed_on is None)
        since = today - timedelta(days=7)
        pauses = safety.pause_periods(runner, runner, since)
        for day in adherence.session_days(schedule, since, schedule.ends_on):
            if adherence.is_paused(day, pauses):
                continue
            event = Event()
            event.add("uid", f"plan-{plan.pk}-{day.isoformat()}@psoas-tracker")
            event.add("summary", "Hip-flexor stretches")
            event.add("description", f"{plan.title}: {names}.")
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("dtstamp", plan.created_at)
            calendar.add_component(event)
    _add_walk_runs(calendar, runner)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="psoas-tracker.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


WALK_RUN_WEEKS = 4  # how far ahead the feed lists the walk-runs


def _add_walk_runs(calendar, runner) -> None:
    today = runner.profile.today()
    block = returning.block_of(runner, runner, today)
    if block is None or not block.under_way or safety.hold_of(runner, runner):
        return
    for offset in range(WALK_RUN_WEEKS * 7):
        day = today + timedelta(days=offset)
        if not return_to_run.is_planned_day(day):
            continue
        event = Event()
        event.add("uid", f"walk-run-{block.block.pk}-{day.isoformat()}@psoas-tracker")
        event.add("summary", "Walk-run (back to running)")
        event.add(
            "description",
            f"Step {block.step.number} of {len(return_to_run.STEPS)}: {block.step.words}. "
            "Log the pain during it on your plan page; the next morning's check decides the "
            "next step.",
        )
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("dtstamp", block.block.created_at)
        calendar.add_component(event)
