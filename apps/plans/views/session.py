"""Today's stretch session: a checklist that works without JavaScript, guided by session.js."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from apps.assessments import safety
from apps.assessments.models import Assessment
from apps.plans import adherence, blocks, following, services
from apps.plans.forms import DiscomfortForm
from apps.plans.models import (
    LATE_SESSION_DAYS,
    OVERSTRETCH_DISCOMFORT,
    Effort,
    Plan,
    PlanItem,
    SetLog,
    StretchSession,
)
from apps.plans.overview import parse_step, session_steps
from psoas_tracker import outbox


def _active_plan_or_404(user):
    plan = Plan.objects.owned_by(user).active().first()
    if plan is None:
        raise Http404("No active plan")
    return plan


def _held(request):
    """What keeps the runner from today's session, if anything: the red flags open (the plan
    is paused), or the questions of their latest test, still unanswered. (hold, test)."""
    hold = safety.hold_of(request.user, request.user)
    if hold:
        return hold, None
    latest = Assessment.objects.owned_by(request.user).newest_first().first()
    return None, safety.unanswered_test(request.user, latest)


def _refused_while_held(request):
    """A set or a rating sent while the plan is paused (a tab left open): nothing is saved,
    and the session page says why."""
    message = "Your plan is paused: nothing was saved."
    messages.error(request, message)
    if request.htmx:
        return outbox.refused(HttpResponseClientRedirect(reverse("plans:session")), message)
    return redirect("plans:session")


def _session_day(request, plan):
    """The day the sets and the rating are for: the day the session page showed (its `day`),
    as a session done offline may arrive after midnight; today when the page said none. None
    for a day in the future, before the plan, or more than LATE_SESSION_DAYS ago."""
    today = request.user.profile.today()
    asked = request.POST.get("day")
    if not asked:
        return today
    try:
        day = date.fromisoformat(asked)
    except ValueError:
        return None
    earliest = max(plan.starts_on, today - timedelta(days=LATE_SESSION_DAYS))
    return day if earliest <= day <= today else None


def _too_late(request):
    message = (
        f"Those sets are from more than {LATE_SESSION_DAYS} days ago, or before this plan: "
        "nothing was saved."
    )
    return outbox.refused(HttpResponse(message, content_type="text/plain"), message)


def _session_context(request, plan, today):
    items = list(plan.items.current().select_related("stretch"))
    session = (
        StretchSession.objects.owned_by(request.user).filter(plan=plan, performed_on=today).first()
    )
    logged = (
        set(SetLog.objects.filter(session=session).values_list("item_id", "side", "set_number"))
        if session
        else set()
    )
    rated = dict(session.efforts.values_list("item_id", "effort")) if session else {}
    for item in items:
        item.effort_today = rated.get(item.pk)
    gentle, strength_day = plan.is_gentle_on(today), plan.is_strength_day(today)
    steps = session_steps(items, logged, gentle, strength_day)
    done_count = sum(1 for step in steps if step["done"])
    finished = session is not None and session.is_finished
    return {
        "plan": plan,
        "day": today,
        "items": items,
        "steps": steps,
        "gentle": gentle,
        "lighter_words": blocks.LIGHTER_WORDS,
        "strength_today": any(step["item"].stretch.is_strength for step in steps),
        "session": session,
        "done_count": done_count,
        # The session's own completion screen: whether it counts for the week, and the rating
        # when it was high enough for the caution to replace "well stretched".
        "counts": adherence.is_session_done(
            finished=finished, sets_done=done_count, sets_planned=len(steps)
        ),
        "uncomfortable": (
            session.discomfort
            if finished
            and session.discomfort is not None
            and session.discomfort >= OVERSTRETCH_DISCOMFORT
            else None
        ),
        "time_scale": settings.GUIDED_SESSION_TIME_SCALE,
        "rest_seconds": settings.GUIDED_SESSION_REST_SECONDS,
        "position_seconds": settings.GUIDED_SESSION_POSITION_SECONDS,
        "discomfort_form": DiscomfortForm(),
        "efforts": Effort.choices,
        "overstretch": OVERSTRETCH_DISCOMFORT,
    }


@login_required
def session(request):
    """Today's session. Without JavaScript it is a checklist form; session.js guides it."""
    plan = _active_plan_or_404(request.user)
    today = request.user.profile.today()
    hold, unanswered = _held(request)
    if hold or unanswered:
        if request.method == "POST":
            return _refused_while_held(request)
        return render(
            request,
            "plans/session_paused.html",
            {"plan": plan, "red_flags": hold, "unanswered": unanswered, "runner": request.user},
        )
    if request.method == "POST":
        items_by_pk = {item.pk: item for item in plan.items.current().select_related("stretch")}
        ticked = set(request.POST.getlist("set"))
        todays = services.session_for_today(request.user, plan, today)
        # Change only the sets whose box the runner changed on the page they saw: a stale tab
        # must not undo sets saved since in another one.
        for shown in request.POST.getlist("shown"):
            key, _, was_done = shown.rpartition("=")
            step = parse_step(
                key, items_by_pk, plan.is_gentle_on(today), plan.is_strength_day(today)
            )
            if step and (key in ticked) != (was_done == "1"):
                services.set_done(todays, *step, done=key in ticked)
        saved = _save_efforts(request, todays, items_by_pk, plan, today)
        messages.success(request, " ".join(["Saved.", *saved]))
        return redirect("plans:session")
    return render(request, "plans/session.html", _session_context(request, plan, today))


@login_required
@require_POST
def log_set(request):
    """One set ticked or unticked (htmx), saved at once so a closed tab loses nothing."""
    plan = _active_plan_or_404(request.user)
    if any(_held(request)):
        return _refused_while_held(request)
    items_by_pk = {item.pk: item for item in plan.items.current().select_related("stretch")}
    day = _session_day(request, plan)
    if day is None:
        return _too_late(request)
    step = parse_step(
        request.POST.get("step", ""), items_by_pk, plan.is_gentle_on(day), plan.is_strength_day(day)
    )
    if step is None:
        raise Http404("No such set in your plan")
    todays = services.session_for_today(request.user, plan, day)
    # htmx sends every ticked box of the form: this set is done if its own value is among them.
    services.set_done(todays, *step, done=request.POST["step"] in request.POST.getlist("set"))
    return render(request, "plans/session.html#progress", _session_context(request, plan, day))


def _save_efforts(request, session, items_by_pk, plan, day) -> list[str]:
    """The ratings of the checklist's strength exercises (effort-<item pk>) that changed:
    saved, and what each moved, in words."""
    said = []
    rated = dict(session.efforts.values_list("item_id", "effort"))
    for item in items_by_pk.values():
        effort = request.POST.get(f"effort-{item.pk}")
        changed = effort in Effort.values and rated.get(item.pk) != effort
        if changed and _in_todays_strength(item, plan, day):
            said.append(services.rate_last_set(session, item, effort) or "")
    return [words for words in said if words]


def _in_todays_strength(item, plan, day) -> bool:
    return item.stretch.is_strength and item.in_session(
        plan.is_gentle_on(day), plan.is_strength_day(day)
    )


@login_required
@require_POST
def rate_set(request):
    """How the last set of a strength exercise felt (htmx): saved at once; the answer says
    what it moved (progression.py), if anything."""
    plan = _active_plan_or_404(request.user)
    if any(_held(request)):
        return _refused_while_held(request)
    day = _session_day(request, plan)
    if day is None:
        return _too_late(request)
    try:
        item = plan.items.current().select_related("stretch").get(pk=int(request.POST["item"]))
    except (KeyError, ValueError, PlanItem.DoesNotExist):
        raise Http404("No such exercise in your plan") from None
    effort = request.POST.get(f"effort-{item.pk}")
    if effort not in Effort.values or not _in_todays_strength(item, plan, day):
        raise Http404("No such rating for today's session")
    todays = services.session_for_today(request.user, plan, day)
    words = services.rate_last_set(todays, item, effort) or "Saved."
    return render(request, "plans/_effort.html#effort_said", {"progress_words": words})


@login_required
@require_POST
def finish_session(request):
    """The rating, and the session finished. With htmx the Finish section of the session page
    becomes its completion screen in place; without, the plan page says how it went."""
    plan = _active_plan_or_404(request.user)
    if any(_held(request)):
        return _refused_while_held(request)
    today = _session_day(request, plan)
    if today is None:
        return _too_late(request)
    form = DiscomfortForm(request.POST)
    template = "plans/_finished.html" if request.htmx else "plans/session.html"
    if not form.is_valid():
        context = _session_context(request, plan, today)
        context["discomfort_form"] = form
        return outbox.refused(
            render(request, template, context), "The rating was not saved: give it from 0 to 10."
        )
    todays = services.session_for_today(request.user, plan, today)
    services.finish(todays, form.cleaned_data["discomfort"], form.cleaned_data["notes"])
    # A rating of 7+ brings a lighter week (blocks.py), said on the completion screen.
    lighter = following.after_session(todays)
    if request.htmx:
        context = {**_session_context(request, plan, today), "lighter_decision": lighter}
        return render(request, template, context)
    if lighter:
        messages.warning(request, lighter.reason)
    if form.cleaned_data["discomfort"] >= OVERSTRETCH_DISCOMFORT:
        messages.warning(
            request,
            "That felt uncomfortable. Ease off next time: stretching into strain makes the muscle "
            "tighten against it (the stretch reflex). Hold where you feel a gentle pull. If it was "
            "pain rather than the stretch, or it still hurts tomorrow, answer the pain questions "
            "(on your plan page) before your next session.",
        )
    else:
        messages.success(request, "Session done. Well stretched!")
    return redirect("plans:my_plan")
