"""A coach's work on several runners at once: a plan template to a runner or a group, and a
message to a group. Every query starts from what the coach may reach: their templates, their
groups, their active links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from apps.accounts.scoping import coached_runners
from apps.conversation import services as conversation
from apps.conversation.forms import GroupMessageForm
from apps.dashboard.bulk import group_runners
from apps.dashboard.models import RunnerGroup
from apps.plans import library, services
from apps.plans.library_forms import AssignTemplateForm
from apps.plans.models import PlanTemplate


@login_required
def assign_template(request, pk):
    """One step: each runner chosen gets a plan of their own; those on a red flag are named."""
    template = get_object_or_404(PlanTemplate.objects.owned_by(request.user), pk=pk)
    runners = (
        coached_runners(request.user)
        .select_related("profile")
        .order_by(Lower("profile__display_name"))
    )
    groups = RunnerGroup.objects.owned_by(request.user)
    choices = {"runners": runners, "groups": groups, "today": request.user.profile.today()}
    form = AssignTemplateForm(
        request.POST if request.method == "POST" else None,
        initial=_chosen_in_link(request, runners, groups),
        **choices,
    )
    context = {"template": template, "form": form}
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data
        to = (
            [chosen["runner"]] if chosen["runner"] else group_runners(request.user, chosen["group"])
        )
        try:
            context["done"] = library.assign(template, request.user, to, chosen["starts_on"])
        except IntegrityError:
            form.add_error(None, "Another plan was started at the same moment: nothing changed.")
        else:
            my_plan = request.build_absolute_uri(reverse("plans:my_plan"))
            services.tell_runners(context["done"].plans, request.user, plan_url=my_plan)
            context.update(
                form=AssignTemplateForm(**choices),
                chosen=chosen["runner"] or chosen["group"],
                reached=len(to),
            )
    return render(request, "dashboard/assign_template.html", context)


def _chosen_in_link(request, runners, groups) -> dict:
    """?runner= or ?group= (from a runner's plan page, a group): preselected, if the coach's."""
    initial = {}
    for name, choices in (("runner", runners), ("group", groups)):
        if value := request.GET.get(name):
            if not value.isdigit() or not choices.filter(pk=value).exists():
                raise Http404
            initial[name] = int(value)
    return initial


@login_required
def message_group(request, pk):
    """One message, one comment in each conversation of the group's runners linked now."""
    group = get_object_or_404(RunnerGroup.objects.owned_by(request.user), pk=pk)
    runners = group_runners(request.user, group)
    form = GroupMessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not runners:
            form.add_error("body", "Nobody in this group is linked with you now: nothing was sent.")
        elif not conversation.may_write(request):  # the message counts as one comment
            form.add_error("body", conversation.TOO_MANY_COMMENTS)
        else:
            sent = conversation.post_to_runners(
                request.user,
                runners,
                form.cleaned_data["body"],
                site_url=request.build_absolute_uri("/").removesuffix("/"),
            )
            _say_what_was_sent(request, sent)
            return redirect("dashboard:group_message", pk=group.pk)
    return render(
        request, "dashboard/group_message.html", {"group": group, "runners": runners, "form": form}
    )


def _say_what_was_sent(request, sent) -> None:
    count = len(sent.sent)
    messages.success(request, f"Message sent to {count} runner{'s' if count != 1 else ''}.")
    for runner in sent.nothing_to_write_on:
        messages.warning(
            request,
            f"Not sent to {runner.display_name}: no plan or test to write it on yet.",
        )
