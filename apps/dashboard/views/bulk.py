"""A coach's work on several runners at once: a plan template to a runner or a group. Every
query starts from what the coach may reach: their templates, their groups, their active
links."""

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from apps.accounts.scoping import coached_runners
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
