"""The plan pages: the catalogue, the runner's plan (generate, end), and a coach's plan pages."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.models import CoachLink
from apps.accounts.scoping import coached_runners, runners_visible_to
from apps.assessments import red_flags, safety, verdicts
from apps.assessments.models import Assessment
from apps.plans import generator, return_to_run, returning, services
from apps.plans.forms import plan_forms, valid_plan
from apps.plans.models import Plan, ReturnCause, Stretch, StretchSession
from apps.plans.overview import plan_overview

PAST_PLANS_SHOWN = 10


def catalogue(request):
    catalogue = Stretch.objects.catalogue()
    return render(
        request,
        "plans/catalogue.html",
        {"stretches": catalogue.stretches(), "strength": catalogue.strength()},
    )


def stretch_detail(request, slug):
    """A catalogue stretch for anybody; a coach's exercise for its author and for whoever may
    see a plan that has it (anybody else: 404)."""
    stretch = get_object_or_404(Stretch.objects.visible_to(request.user), slug=slug)
    return render(request, "plans/stretch.html", {"stretch": stretch})


@login_required
def my_plan(request):
    today = request.user.profile.today()
    plans = Plan.objects.owned_by(request.user)
    plan, items = plans.active_with_items()
    hold = safety.hold_of(request.user, request.user)
    context = {"today": today, "read_only": False, "runner": request.user, "red_flags": hold}
    if plan:
        sessions = StretchSession.objects.owned_by(request.user)
        context.update(
            plan_overview(
                sessions, request.user, plan, items, today, viewer=request.user, hold=hold
            )
        )
    context["past_plans"] = plans.filter(status=Plan.Status.ENDED).order_by("-starts_on")[
        :PAST_PLANS_SHOWN
    ]
    context.update(_back_to_running(request.user, request.user, today))
    context["has_test"] = Assessment.objects.owned_by(request.user).exists()
    context["generated"] = generator.SCHEDULE_FIGURES
    coach_ids = set(
        CoachLink.objects.active().filter(runner=request.user).values_list("coach_id", flat=True)
    )
    context["has_coach"] = bool(coach_ids)
    # A coach's plan outlives the link: it says so, and the runner may keep or end it.
    context["author_gone"] = bool(plan and plan.author_name and plan.author_id not in coach_ids)
    return render(request, "plans/my_plan.html", context)


def _back_to_running(viewer, runner, today) -> dict:
    """The return to running as the plan page shows it: the block, and its walk-run days in
    the week table."""
    block = returning.block_of(viewer, runner, today)
    monday = today - timedelta(days=today.weekday())
    week = [monday + timedelta(days=offset) for offset in range(7)]
    return {
        "back_to_running": block,
        "walk_run_days": [day for day in week if return_to_run.is_planned_day(day)]
        if block is not None and block.under_way
        else [],
    }


def _start_return(request, runner, fields) -> str:
    """The return to running the coach ticked with the plan (never under a red flag: the form
    refuses it), and the words that say so."""
    if not fields.get("return_to_run"):
        return ""
    returning.start(
        runner, ReturnCause.COACH, runner.profile.today(), started_by=request.user.display_name
    )
    return " The return to running starts today, at step 1."


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
    if safety.hold_of(request.user, request.user):
        messages.error(request, f"{red_flags.SEE_A_CLINICIAN} Your plan waits until then.")
        return redirect("plans:my_plan")
    if unanswered := safety.unanswered_test(request.user, latest):
        messages.info(request, "First, a few questions about your pain.")
        return redirect("assessments:safety", pk=unanswered.pk)
    if verdicts.needs_remeasure(latest):
        messages.error(
            request,
            "Measure again first: left and right differ by more than twice what counts as "
            "real, which is often the measurement. Take the test again with the same "
            "instrument, three trials for each leg, and the plan follows that test.",
        )
        return redirect("plans:my_plan")
    try:
        services.generate_plan_for(request.user, latest, request.user.profile.today())
    except IntegrityError:
        messages.error(request, "Another plan was started at the same moment: nothing changed.")
        return redirect("plans:my_plan")
    messages.success(request, "Your plan is ready. Your previous plan, if any, is in the history.")
    return redirect("plans:my_plan")


@login_required
@require_POST
def end_plan(request, pk):
    """The runner, or a coach linked to them, ends a plan; it stays in the history."""
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).active().select_related("runner__profile"), pk=pk
    )
    services.end_plan(plan, plan.runner.profile.today())
    messages.success(request, f"“{plan.title}” ended. It stays in the history.")
    if plan.runner_id == request.user.pk:
        return redirect("plans:my_plan")
    return redirect("plans:runner_plan", runner_id=plan.runner_id)


# --- Coaches ------------------------------------------------------------------------------


@login_required
def runner_plan(request, runner_id):
    runner = get_object_or_404(
        runners_visible_to(request.user).select_related("profile"), pk=runner_id
    )
    today = runner.profile.today()
    plans = Plan.objects.of_runner(request.user, runner)
    plan, items = plans.active_with_items()
    hold = safety.hold_of(request.user, runner)
    context = {
        "today": today,
        "read_only": True,
        "runner": runner,
        "is_coach": runner != request.user,
        "red_flags": hold,
    }
    if plan:
        sessions = StretchSession.objects.visible_to(request.user)
        context.update(
            plan_overview(sessions, runner, plan, items, today, viewer=request.user, hold=hold)
        )
    context["past_plans"] = plans.filter(status=Plan.Status.ENDED).order_by("-starts_on")[
        :PAST_PLANS_SHOWN
    ]
    context.update(_back_to_running(request.user, runner, today))
    return render(request, "plans/my_plan.html", context)


@login_required
def assign_plan(request, runner_id):
    runner = get_object_or_404(
        coached_runners(request.user).select_related("profile"), pk=runner_id
    )
    hold = safety.hold_of(request.user, runner)
    plan_form, item_forms = plan_forms(
        request.POST or None,
        stretches=Stretch.objects.for_coach(request.user),
        today=runner.profile.today(),
        runner=runner,
        held=bool(hold),
    )
    if request.method == "POST":
        valid, items = valid_plan(plan_form, item_forms)
        if valid:
            fields = plan_form.cleaned_data
            try:
                plan = services.start_plan(
                    runner=runner,
                    author=request.user,
                    draft_fields={name: fields[name] for name in services.PLAN_FIELDS},
                    items=items,
                    today=runner.profile.today(),
                )
            except IntegrityError:
                plan_form.add_error(None, "Another plan was started at the same moment: try again.")
            else:
                services.tell_runner(
                    plan,
                    request.user,
                    changed=False,
                    plan_url=request.build_absolute_uri(reverse("plans:my_plan")),
                )
                paused = " It is paused until the red flag clears." if hold else ""
                back = _start_return(request, runner, fields)
                messages.success(request, f"Plan assigned to {runner.display_name}.{paused}{back}")
                return redirect("plans:runner_plan", runner_id=runner.pk)
    return render(
        request,
        "plans/plan_form.html",
        {
            "runner": runner,
            "plan_form": plan_form,
            "item_forms": item_forms,
            "plan": None,
            "red_flags": hold,
        },
    )


@login_required
def edit_plan(request, runner_id, pk):
    """A coach changes a plan they may see: schedule, notes, doses, and which stretches (from
    today on: the sets already logged keep their stretch)."""
    runner = get_object_or_404(
        coached_runners(request.user).select_related("profile"), pk=runner_id
    )
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).filter(runner=runner).active(), pk=pk
    )
    hold = safety.hold_of(request.user, runner)
    plan_form, item_forms = plan_forms(
        request.POST or None,
        stretches=Stretch.objects.for_coach(request.user, plan=plan),
        today=runner.profile.today(),
        plan=plan,
        held=bool(hold),
    )
    if request.method == "POST":
        valid, items = valid_plan(plan_form, item_forms)
        if valid:
            if services.update_plan(plan, plan_form.cleaned_data, items, runner.profile.today()):
                plan.refresh_from_db()  # the e-mail names the plan as it is now
                plan.runner = runner
                services.tell_runner(
                    plan,
                    request.user,
                    changed=True,
                    plan_url=request.build_absolute_uri(reverse("plans:my_plan")),
                )
                paused = " It stays paused until the red flag clears." if hold else ""
                back = _start_return(request, runner, plan_form.cleaned_data)
                messages.success(request, f"Plan updated.{paused}{back}")
            else:
                messages.error(request, "This plan was ended meanwhile: nothing changed.")
            return redirect("plans:runner_plan", runner_id=runner.pk)
    return render(
        request,
        "plans/plan_form.html",
        {
            "runner": runner,
            "plan_form": plan_form,
            "item_forms": item_forms,
            "plan": plan,
            "red_flags": hold,
            "back_to_running": returning.block_of(request.user, runner, runner.profile.today()),
        },
    )
