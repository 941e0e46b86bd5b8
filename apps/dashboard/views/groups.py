"""A coach's groups of runners: made, changed and deleted by their coach only (anybody else
finds nothing: 404), and every alert of a group marked seen at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.dashboard.forms import RunnerGroupForm
from apps.dashboard.models import RunnerGroup, SeenAlert
from apps.dashboard.roster import runner_rows


@login_required
def groups(request):
    """The coach's groups with their runners, and a form for a new one."""
    form = RunnerGroupForm(request.POST or None, coach=request.user)
    if request.method == "POST" and _saved(form):
        messages.success(request, f"Group “{form.instance.name}” made.")
        return redirect(f"{reverse('dashboard:roster')}?group={form.instance.pk}")
    return render(
        request,
        "dashboard/groups.html",
        {"form": form, "groups": _with_members(request.user)},
    )


@login_required
def group(request, pk):
    """A coach changes a group's name and its runners."""
    runner_group = get_object_or_404(RunnerGroup.objects.owned_by(request.user), pk=pk)
    form = RunnerGroupForm(request.POST or None, instance=runner_group, coach=request.user)
    if request.method == "POST" and _saved(form):
        messages.success(request, f"Group “{runner_group.name}” saved.")
        return redirect(f"{reverse('dashboard:roster')}?group={runner_group.pk}")
    return render(request, "dashboard/group.html", {"form": form, "group": runner_group})


@login_required
@require_POST
def delete_group(request, pk):
    """The group goes; its runners stay linked."""
    runner_group = get_object_or_404(RunnerGroup.objects.owned_by(request.user), pk=pk)
    runner_group.delete()
    messages.success(request, f"Group “{runner_group.name}” deleted. Its runners stay with you.")
    return redirect("dashboard:groups")


@login_required
@require_POST
def mark_group_seen(request, pk):
    """A coach marks every alert of the runners in one of their groups seen."""
    runner_group = get_object_or_404(RunnerGroup.objects.owned_by(request.user), pk=pk)
    rows = [row for row in runner_rows(request.user) if runner_group.pk in row.group_ids]
    SeenAlert.objects.mark_all_seen(request.user, rows)
    count = sum(len(row.alerts) for row in rows)
    messages.success(
        request, f"{count} alert{'s' if count != 1 else ''} in {runner_group.name} marked as seen."
    )
    return redirect(f"{reverse('dashboard:roster')}?group={runner_group.pk}")


def _saved(form) -> bool:
    """Saves a valid form; False with a message by the name when another request took it."""
    if not form.is_valid():
        return False
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        form.add_error("name", "You already have a group of that name.")
        return False
    return True


def _with_members(coach):
    """The coach's groups, each with the names of its runners whose link is active."""
    names = RunnerGroup.objects.member_names(coach)
    return [(each, names.get(each.pk, [])) for each in RunnerGroup.objects.owned_by(coach)]
