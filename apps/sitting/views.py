from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from apps.runs.models import Run
from apps.runs.services import run_days
from apps.sitting import services
from apps.sitting.forms import SEATED_TOTAL_STEP_MINUTES, SeatedTotalForm, SittingDayForm
from apps.sitting.models import QUICK_ADDS, SittingDay
from psoas_tracker import outbox
from psoas_tracker.dates import EARLIEST_DATE


def _today_card(request):
    today = request.user.profile.today()
    yesterday = today - timedelta(days=1)
    days = {
        row.day: row
        for row in SittingDay.objects.owned_by(request.user).filter(day__in=[today, yesterday])
    }
    day = days.get(today)
    seated = day.minutes_seated if day else 0
    step = SEATED_TOTAL_STEP_MINUTES
    return {
        "today": today,
        "day": day or SittingDay(runner=request.user, day=today),
        "quick_adds": [(key, label) for key, (_field, _amount, label) in QUICK_ADDS.items()],
        "last_tap": day.last_quick_add if day else "",
        "total_form": SeatedTotalForm(
            initial={"minutes_seated": (seated + step // 2) // step * step}
        ),
        "yesterday_minutes": days[yesterday].minutes_seated
        if yesterday in days and days[yesterday].minutes_seated
        else None,
    }


def _card_response(request):
    """The card for htmx, with the week on screen (the form's `week`) redrawn out of band so
    that the table under the card says the same."""
    if request.htmx:
        context = {**_today_card(request), **_week(request, request.POST.get("week")), "oob": True}
        return render(request, "sitting/week.html#counts", context)
    return redirect("sitting:week")


def _week(request, asked):
    """The week that holds the day `asked` (ISO), this week when it is missing, far or future."""
    today = request.user.profile.today()
    try:
        monday = date.fromisoformat(asked or "")
    except ValueError:
        monday = today
    if not EARLIEST_DATE <= monday <= today:
        monday = today  # far past or future: show this week rather than fail
    monday -= timedelta(days=monday.weekday())
    days = {
        row.day: row
        for row in SittingDay.objects.owned_by(request.user).filter(
            day__gte=monday, day__lte=monday + timedelta(days=6)
        )
    }
    runs = run_days(Run.objects.owned_by(request.user), monday, monday + timedelta(days=6))
    rows = [
        (day, days.get(day), runs.get(day))
        for day in (monday + timedelta(days=n) for n in range(7))
    ]
    logged = [row for _day, row, _runs in rows if row]
    return {
        "monday": monday,
        "rows": rows,
        "previous_week": monday - timedelta(weeks=1),
        "next_week": monday + timedelta(weeks=1) if monday + timedelta(weeks=1) <= today else None,
        "total_minutes": sum(row.minutes_seated for row in logged),
        "average_minutes": round(sum(row.minutes_seated for row in logged) / len(logged))
        if logged
        else None,
    }


@login_required
@vary_on_headers("HX-Request")
def week(request):
    context = {**_today_card(request), **_week(request, request.GET.get("week"))}
    return render(request, "sitting/week.html", context)


@login_required
@require_POST
def add(request):
    key = request.POST.get("add", "")
    if key not in QUICK_ADDS:
        raise Http404("No such quick-add")
    today = request.user.profile.today()
    day = _tapped_on(request.POST.get("day"), today)
    if day is None:
        message = "That tap is from a day that cannot be logged: nothing added."
    elif services.quick_add(request.user, day, key, outbox.write_key(request)):
        return _card_response(request)
    else:
        label = QUICK_ADDS[key][2]
        on = "" if day == today else f" of {day:%A %-d %B}"
        message = f"{label} would go past the day{on}'s limit: nothing added."
    messages.error(request, message)
    return outbox.refused(_card_response(request), message)


@login_required
@require_POST
def set_total(request):
    """Today's sitting as one total: a pick from the list, or yesterday's ("same as
    yesterday"), for the day the card showed."""
    form = SeatedTotalForm(request.POST)
    today = request.user.profile.today()
    day = _tapped_on(request.POST.get("day"), today)
    if day is None or not form.is_valid():
        message = "That total cannot be logged: nothing changed."
        messages.error(request, message)
        return outbox.refused(_card_response(request), message)
    services.set_seated(request.user, day, form.cleaned_data["minutes_seated"])
    return _card_response(request)


def _tapped_on(asked, today):
    """The day a tap is for: the day its card showed (a tap kept offline may arrive after
    midnight), today when the form says none; None for a future day or one before any log."""
    if not asked:
        return today
    try:
        day = date.fromisoformat(asked)
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= today else None


@login_required
@require_POST
def undo(request):
    label = services.undo_last_quick_add(request.user, request.user.profile.today())
    if label:
        messages.success(request, f"Undone: {label}.")
    else:
        messages.info(request, "Nothing to undo: no tap today since the day was last edited.")
    return _card_response(request)


@login_required
def edit_day(request, day):
    try:
        the_day = date.fromisoformat(day)
    except ValueError:
        raise Http404("Not a date") from None
    if not EARLIEST_DATE <= the_day <= request.user.profile.today():
        raise Http404("A day in the future, or before any log")
    row = SittingDay.objects.owned_by(request.user).filter(day=the_day).first()
    form = SittingDayForm(
        request.POST or None, instance=row or SittingDay(runner=request.user, day=the_day)
    )
    if request.method == "POST" and form.is_valid():
        # A full edit replaces the day: the last quick-add can no longer be undone.
        form.instance.last_quick_add = ""
        try:
            form.save()
        except IntegrityError:  # a quick-add created the day meanwhile
            form.add_error(
                None, "This day changed while you were editing it: check and save again."
            )
        else:
            messages.success(request, f"Saved {the_day:%A %-d %B}.")
            return redirect(f"{reverse('sitting:week')}?week={the_day.isoformat()}")
    runs = run_days(Run.objects.owned_by(request.user), the_day, the_day).get(the_day)
    return render(request, "sitting/day.html", {"form": form, "the_day": the_day, "runs": runs})
