from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.models import CoachLink
from apps.accounts.scoping import coached_runners, runners_visible_to
from apps.assessments.models import Assessment
from apps.plans import adherence, generator, services
from apps.plans.forms import DiscomfortForm, PlanForm, PlanItemForm
from apps.plans.models import (
    OVERSTRETCH_DISCOMFORT,
    Plan,
    PlanItem,
    SetLog,
    Stretch,
    StretchSession,
)


def active_plan_with_items(plans):
    """(plan, items) for the active plan of `plans` (a scoped Plan queryset), or (None, []).

    One query: the items come with their plan and stretch joined. Only a plan without items
    (the app never makes one) costs a second.
    """
    items = list(
        PlanItem.objects.filter(plan__in=plans.active())
        .select_related("plan", "stretch")
        .order_by("order", "pk")
    )
    if not items:
        return plans.active().first(), []
    plan = items[0].plan
    for item in items:
        item.plan = plan
    return plan, items


def catalogue(request):
    return render(request, "plans/catalogue.html", {"stretches": Stretch.objects.all()})


def stretch_detail(request, slug):
    return render(request, "plans/stretch.html", {"stretch": get_object_or_404(Stretch, slug=slug)})


def schedule_of(plan) -> adherence.Schedule:
    return adherence.Schedule(
        starts_on=plan.starts_on,
        weeks=plan.weeks,
        sessions_per_week=plan.sessions_per_week,
        maintenance_from_week=plan.maintenance_from_week,
        maintenance_sessions_per_week=plan.maintenance_sessions_per_week,
    )


def plan_overview(sessions, runner, plan, items, today, *, history=True):
    """What the plan page shows for `plan`: its items, today's session and the week strip.

    `sessions`: the StretchSession queryset scoped to the viewer (owned_by for the runner's own
    pages, visible_to for a coach's). `items`: the plan's items with their stretches, from
    active_plan_with_items(). Without `history` (the dashboard), only this week is read: no
    week strip and no streak.
    """
    weeks_shown = 6
    if history:
        since = max(plan.starts_on, today - timedelta(weeks=52))  # the streak may run for a year
    else:
        since = max(plan.starts_on, adherence.monday_of(today))
    # (day, finished, sets done, sets planned) tuples: up to a year of them, no model instances.
    sessions = list(
        sessions.filter(plan=plan, performed_on__gte=since)
        .annotate_sets_done()
        .values_list("performed_on", "finished_at", "sets_done", "sets_planned")
    )
    total_sets = sum(item.sets_for(side) for item in items for side in item.stretch.sides)
    done_days = [
        day
        for day, finished_at, sets_done, sets_planned in sessions
        if adherence.is_session_done(
            finished=finished_at is not None, sets_done=sets_done, sets_planned=sets_planned
        )
    ]
    schedule = schedule_of(plan)
    all_weeks = adherence.weekly_adherence(
        schedule, done_days, today, weeks=max(_calendar_weeks(since, today), 1)
    )
    weeks = all_weeks[-weeks_shown:]
    started_today = any(day == today for day, *_ in sessions)
    return {
        "plan": plan,
        "plan_over": today > plan.ends_on,
        "items": items,
        # Weeks before the plan began have nothing to show.
        "weeks": [week for week in weeks if week.planned or week.in_progress],
        "this_week": weeks[-1],
        "streak": adherence.streak(all_weeks),
        "today_planned": bool(adherence.session_days(schedule, today, today)),
        "today_started": started_today,
        "today_done": today in done_days,
        "total_sets": total_sets,
        "runner": runner,
    }


def _calendar_weeks(first_day, last_day):
    """How many Monday-to-Sunday weeks the days from first_day to last_day touch."""
    return (adherence.monday_of(last_day) - adherence.monday_of(first_day)).days // 7 + 1


@login_required
def my_plan(request):
    today = request.user.profile.today()
    plan, items = active_plan_with_items(Plan.objects.owned_by(request.user))
    context = {"today": today, "read_only": False, "runner": request.user}
    if plan:
        sessions = StretchSession.objects.owned_by(request.user)
        context.update(plan_overview(sessions, request.user, plan, items, today))
    context["past_plans"] = (
        Plan.objects.owned_by(request.user)
        .filter(status=Plan.Status.ENDED)
        .order_by("-starts_on")[:10]
    )
    context["has_test"] = Assessment.objects.owned_by(request.user).exists()
    context["has_coach"] = _has_coach(request.user)
    return render(request, "plans/my_plan.html", context)


def _has_coach(user) -> bool:
    return CoachLink.objects.active().filter(runner=user).exists()


@login_required
@require_POST
def generate(request):
    if _has_coach(request.user):
        messages.error(
            request, "Your coach assigns your plans: ask them for a new one, or end the link."
        )
        return redirect("plans:my_plan")
    latest = Assessment.objects.owned_by(request.user).newest_first().first()
    if latest is None:
        messages.error(request, "Record a test first: the plan is built from your latest result.")
        return redirect("plans:my_plan")
    doses = [
        generator.StretchDose(
            slug=stretch.slug,
            name=stretch.name,
            sets=stretch.default_sets,
            hold_seconds=stretch.default_hold_seconds,
            reps=stretch.default_reps,
            rep_hold_seconds=stretch.rep_hold_seconds,
        )
        for stretch in Stretch.objects.all()
    ]
    draft = generator.generate_plan(
        hip_left=latest.hip_angle_left,
        hip_right=latest.hip_angle_right,
        knee_left=latest.knee_angle_left,
        knee_right=latest.knee_angle_right,
        stretches=doses,
        real_hip_degrees=settings.REAL_CHANGE_HIP_DEGREES,
    )
    today = request.user.profile.today()
    try:
        services.start_plan(
            runner=request.user,
            author=None,
            draft_fields={
                "title": draft.title,
                "reason": f"From your test of {latest.taken_on:%-d %B %Y}. {draft.reason}",
                "starts_on": today,
                "weeks": draft.weeks,
                "sessions_per_week": draft.sessions_per_week,
                "maintenance_from_week": draft.maintenance_from_week,
                "maintenance_sessions_per_week": draft.maintenance_sessions_per_week,
            },
            items=services.items_from_draft(draft),
            today=today,
        )
    except IntegrityError:
        messages.error(request, "Another plan was started at the same moment: nothing changed.")
        return redirect("plans:my_plan")
    messages.success(request, "Your plan is ready. Your previous plan, if any, is in the history.")
    return redirect("plans:my_plan")


@login_required
@require_POST
def end_plan(request, pk):
    """The runner, or a coach linked to them, ends a plan; it stays in the history."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user).active(), pk=pk)
    Plan.objects.filter(pk=plan.pk).update(
        status=Plan.Status.ENDED, ended_on=plan.runner.profile.today()
    )
    messages.success(request, f"“{plan.title}” ended. It stays in the history.")
    if plan.runner_id == request.user.pk:
        return redirect("plans:my_plan")
    return redirect("plans:runner_plan", runner_id=plan.runner_id)


# --- The session --------------------------------------------------------------------------


def session_steps(items, logged):
    """Every set of today's session, in order, with whether it is done."""
    steps = []
    for item in items:
        stretch = item.stretch
        for side in stretch.sides:
            for number in range(1, item.sets_for(side) + 1):
                steps.append(
                    {
                        "item": item,
                        "side": side,
                        "number": number,
                        "of": item.sets_for(side),
                        "key": f"{item.pk}:{side}:{number}",
                        "done": (item.pk, side, number) in logged,
                    }
                )
    return steps


def _active_plan_or_404(user):
    plan = Plan.objects.owned_by(user).active().first()
    if plan is None:
        raise Http404("No active plan")
    return plan


def _session_context(request, plan, today):
    items = list(plan.items.select_related("stretch"))
    session = (
        StretchSession.objects.owned_by(request.user).filter(plan=plan, performed_on=today).first()
    )
    logged = (
        set(SetLog.objects.filter(session=session).values_list("item_id", "side", "set_number"))
        if session
        else set()
    )
    steps = session_steps(items, logged)
    return {
        "plan": plan,
        "items": items,
        "steps": steps,
        "session": session,
        "done_count": sum(1 for step in steps if step["done"]),
        "time_scale": settings.GUIDED_SESSION_TIME_SCALE,
        "rest_seconds": settings.GUIDED_SESSION_REST_SECONDS,
        "discomfort_form": DiscomfortForm(),
        "overstretch": OVERSTRETCH_DISCOMFORT,
    }


def _parse_step(value, items_by_pk):
    """ "item:side:number" -> (item, side, number) if it names a set of this plan, else None."""
    try:
        item_pk, side, number = value.split(":")
        item, number = items_by_pk[int(item_pk)], int(number)
    except (ValueError, KeyError):
        return None
    if side not in item.stretch.sides or not 1 <= number <= item.sets_for(side):
        return None
    return item, side, number


@login_required
def session(request):
    """Today's session. Without JavaScript it is a checklist form; session.js guides it."""
    plan = _active_plan_or_404(request.user)
    today = request.user.profile.today()
    if request.method == "POST":
        items_by_pk = {item.pk: item for item in plan.items.select_related("stretch")}
        ticked = set(request.POST.getlist("set"))
        todays = services.session_for_today(request.user, plan, today)
        # Change only the sets whose box the runner changed on the page they saw: a stale tab
        # must not undo sets saved since in another one.
        for shown in request.POST.getlist("shown"):
            key, _, was_done = shown.rpartition("=")
            step = _parse_step(key, items_by_pk)
            if step and (key in ticked) != (was_done == "1"):
                services.set_done(todays, *step, done=key in ticked)
        messages.success(request, "Saved.")
        return redirect("plans:session")
    return render(request, "plans/session.html", _session_context(request, plan, today))


@login_required
@require_POST
def log_set(request):
    """One set ticked or unticked (htmx), saved at once so a closed tab loses nothing."""
    plan = _active_plan_or_404(request.user)
    items_by_pk = {item.pk: item for item in plan.items.select_related("stretch")}
    step = _parse_step(request.POST.get("step", ""), items_by_pk)
    if step is None:
        raise Http404("No such set in your plan")
    today = request.user.profile.today()
    todays = services.session_for_today(request.user, plan, today)
    # htmx sends every ticked box of the form: this set is done if its own value is among them.
    services.set_done(todays, *step, done=request.POST["step"] in request.POST.getlist("set"))
    return render(request, "plans/session.html#progress", _session_context(request, plan, today))


@login_required
@require_POST
def finish_session(request):
    plan = _active_plan_or_404(request.user)
    today = request.user.profile.today()
    form = DiscomfortForm(request.POST)
    if not form.is_valid():
        context = _session_context(request, plan, today)
        context["discomfort_form"] = form
        return render(request, "plans/session.html", context, status=200)
    todays = services.session_for_today(request.user, plan, today)
    services.finish(todays, form.cleaned_data["discomfort"])
    if form.cleaned_data["discomfort"] >= OVERSTRETCH_DISCOMFORT:
        messages.warning(
            request,
            "That felt uncomfortable. Ease off next time: stretching into strain makes the muscle "
            "tighten against it (the stretch reflex). Hold where you feel a gentle pull.",
        )
    else:
        messages.success(request, "Session done. Well stretched!")
    return redirect("plans:my_plan")


# --- Coaches ------------------------------------------------------------------------------


@login_required
def runner_plan(request, runner_id):
    runner = get_object_or_404(
        runners_visible_to(request.user).select_related("profile"), pk=runner_id
    )
    today = runner.profile.today()
    plan, items = active_plan_with_items(Plan.objects.of_runner(request.user, runner))
    context = {
        "today": today,
        "read_only": True,
        "runner": runner,
        "is_coach": runner != request.user,
    }
    if plan:
        sessions = StretchSession.objects.visible_to(request.user)
        context.update(plan_overview(sessions, runner, plan, items, today))
    context["past_plans"] = (
        Plan.objects.visible_to(request.user)
        .filter(runner=runner, status=Plan.Status.ENDED)
        .order_by("-starts_on")[:10]
    )
    return render(request, "plans/my_plan.html", context)


def _plan_forms(data, plan=None, runner=None):
    stretches = list(Stretch.objects.all())
    existing = {item.stretch_id: item for item in plan.items.all()} if plan else {}
    plan_initial = (
        {
            "title": plan.title,
            "starts_on": plan.starts_on,
            "weeks": plan.weeks,
            "sessions_per_week": plan.sessions_per_week,
            "notes": plan.notes,
        }
        if plan
        else {"starts_on": runner.profile.today()}
    )
    plan_form = PlanForm(data, initial=plan_initial)
    item_forms = []
    for position, stretch in enumerate(stretches, start=1):
        item = existing.get(stretch.pk)
        initial = {
            "include": item is not None if plan else True,
            "order": item.order if item else position,
            "sets": item.sets if item else stretch.default_sets,
            "amount": (item.hold_seconds or item.reps)
            if item
            else (stretch.default_hold_seconds or stretch.default_reps),
            "extra_set_side": item.extra_set_side if item else "",
        }
        item_forms.append(PlanItemForm(data, stretch=stretch, initial=initial))
    return plan_form, item_forms


def _valid(plan_form, item_forms):
    valid = plan_form.is_valid()
    for form in item_forms:
        # Only the stretches included in the plan must be valid.
        if form.is_valid() or (form.data and not form.cleaned_data.get("include")):
            continue
        valid = False
    items = [form.item_fields() for form in item_forms if form.is_valid()]
    items = [item for item in items if item]
    if valid and not items:
        plan_form.add_error(None, "Include at least one stretch.")
        valid = False
    return valid, items


@login_required
def assign_plan(request, runner_id):
    runner = get_object_or_404(
        coached_runners(request.user).select_related("profile"), pk=runner_id
    )
    plan_form, item_forms = _plan_forms(request.POST or None, runner=runner)
    if request.method == "POST":
        valid, items = _valid(plan_form, item_forms)
        if valid:
            today = runner.profile.today()
            try:
                services.start_plan(
                    runner=runner,
                    author=request.user,
                    draft_fields={
                        "title": plan_form.cleaned_data["title"],
                        "notes": plan_form.cleaned_data["notes"],
                        "starts_on": plan_form.cleaned_data["starts_on"],
                        "weeks": plan_form.cleaned_data["weeks"],
                        "sessions_per_week": plan_form.cleaned_data["sessions_per_week"],
                    },
                    items=items,
                    today=today,
                )
            except IntegrityError:
                plan_form.add_error(None, "Another plan was started at the same moment: try again.")
            else:
                messages.success(request, f"Plan assigned to {runner.display_name}.")
                return redirect("plans:runner_plan", runner_id=runner.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"runner": runner, "plan_form": plan_form, "item_forms": item_forms, "plan": None},
    )


@login_required
def edit_plan(request, runner_id, pk):
    """A coach changes doses, schedule and notes of a plan they may see; the stretches included
    stay (to change those, assign a new plan: the logged sets of this one keep their stretch)."""
    runner = get_object_or_404(
        coached_runners(request.user).select_related("profile"), pk=runner_id
    )
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).filter(runner=runner).active(), pk=pk
    )
    plan_form, item_forms = _plan_forms(request.POST or None, plan=plan)
    existing = {item.stretch_id: item for item in plan.items.all()}
    item_forms = [form for form in item_forms if form.stretch.pk in existing]
    if request.method == "POST":
        valid, items = _valid(plan_form, item_forms)
        if valid:
            plan_fields = ("title", "notes", "starts_on", "weeks", "sessions_per_week")
            with transaction.atomic():
                # Only a still-active plan changes: it may have been ended while this was open.
                updated = Plan.objects.filter(pk=plan.pk, status=Plan.Status.ACTIVE).update(
                    **{name: plan_form.cleaned_data[name] for name in plan_fields}
                )
                for fields in items if updated else []:
                    PlanItem.objects.filter(pk=existing[fields["stretch"].pk].pk).update(
                        **{
                            name: fields[name]
                            for name in ("order", "sets", "hold_seconds", "reps", "extra_set_side")
                        }
                    )
            if updated:
                messages.success(request, "Plan updated.")
            else:
                messages.error(request, "This plan was ended meanwhile: nothing changed.")
            return redirect("plans:runner_plan", runner_id=runner.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"runner": runner, "plan_form": plan_form, "item_forms": item_forms, "plan": plan},
    )
