"""Back to running: the runner starts a return-to-run block after a pause for pain (a red flag
clearing starts one by itself, and a coach may start one), logs each walk-run with one tap,
and ends the block when back to their usual running. Forms that work without JavaScript; with
htmx the block's card redraws in place, and the phone's outbox keeps a walk-run sent offline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.scoping import coached_runners
from apps.assessments import safety
from apps.plans import returning
from apps.plans.forms import WalkRunForm
from apps.plans.models import ReturnCause, ReturnToRun
from psoas_tracker import outbox

FRAGMENT = "plans/_return_to_run.html#return_to_run"
PAUSED = (
    "Not while a red flag is open: the walk-runs start once it has cleared (answer the "
    "questions again when things change)."
)


def _to_the_block(request):
    return redirect(reverse("plans:my_plan") + "#back-to-running")


@login_required
@require_POST
def start(request):
    """After a pause for pain: the block from its first step, today."""
    if safety.hold_of(request.user, request.user):
        messages.error(request, PAUSED)
        return redirect("plans:my_plan")
    returning.start(request.user, ReturnCause.PAIN_PAUSE, request.user.profile.today())
    messages.success(
        request,
        "Back to running, step by step: walk-runs on the days below, each next step once the "
        "morning after says the hip has settled.",
    )
    return _to_the_block(request)


@login_required
@require_POST
def log_walk_run(request):
    """The day's walk-run and the pain during it; sent twice, saved once (one a day)."""
    runner, today = request.user, request.user.profile.today()
    block = get_object_or_404(ReturnToRun.objects.owned_by(runner).open())
    form = WalkRunForm(request.POST, today=today, started_on=block.started_on)
    hold = safety.hold_of(runner, runner)
    message = PAUSED if hold else None
    if message is None and not form.is_valid():
        message = form.refusal()
    if message is None:
        returning.log(block, form.cleaned_data["day"], form.cleaned_data["pain_during"])
    if request.htmx:
        context = {"back_to_running": returning.block_of(runner, runner, today), "paused": hold}
        if message:
            context["walk_run_error"] = message
            return outbox.refused(render(request, FRAGMENT, context), message)
        return render(request, FRAGMENT, context)
    if message:
        messages.error(request, message)
    return _to_the_block(request)


@login_required
@require_POST
def end(request):
    """Back to the usual running: the block under way ends today (its outings stay)."""
    if returning.end(request.user, request.user.profile.today()):
        messages.success(request, "The return to running is over: build up gradually.")
    return redirect("plans:my_plan")


@login_required
@require_POST
def coach_start(request, runner_id):
    """A linked coach starts the block for a runner (not while a red flag is open)."""
    runner = get_object_or_404(
        coached_runners(request.user).select_related("profile"), pk=runner_id
    )
    if safety.hold_of(request.user, runner):
        messages.error(request, f"Not while a red flag is open for {runner.display_name}.")
    else:
        returning.start(
            runner, ReturnCause.COACH, runner.profile.today(), started_by=request.user.display_name
        )
        messages.success(request, f"{runner.display_name}'s return to running starts today.")
    return redirect("plans:runner_plan", runner_id=runner.pk)
