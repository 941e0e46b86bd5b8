"""A coach's plan templates: the library, writing one (or one from a runner's plan), changing
and deleting it. Assigning one is the coach's workspace's (apps/dashboard/views/bulk.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.scoping import coached_runners
from apps.plans import library
from apps.plans.forms import valid_plan
from apps.plans.library_forms import TEMPLATE_TITLE_TAKEN, template_forms
from apps.plans.models import Plan, PlanTemplate


@login_required
def template_list(request):
    if not request.user.profile.coaches:  # the page says how to become one
        return render(request, "plans/templates.html", {"not_a_coach": True})
    templates = PlanTemplate.objects.owned_by(request.user).annotate(stretches=Count("items"))
    # From a runner's plan page: the links assign to that runner.
    runner_id = request.GET.get("runner", "")
    for_runner = (
        get_object_or_404(coached_runners(request.user), pk=runner_id)
        if runner_id.isdigit()
        else None
    )
    return render(
        request, "plans/templates.html", {"templates": templates, "for_runner": for_runner}
    )


@login_required
def new_template(request):
    if not request.user.profile.coaches:
        return redirect("plans:templates")
    form, item_forms = template_forms(request.POST or None, coach=request.user)
    return _save(request, form, item_forms, template=None)


@login_required
def edit_template(request, pk):
    template = get_object_or_404(PlanTemplate.objects.owned_by(request.user), pk=pk)
    form, item_forms = template_forms(request.POST or None, coach=request.user, template=template)
    return _save(request, form, item_forms, template=template)


@login_required
def template_from_plan(request, runner_id, pk):
    """A runner's plan, as their coach sees it, made a template of the coach's library: its
    schedule, notes and doses, but only the stretches the coach may use."""
    runner = get_object_or_404(coached_runners(request.user), pk=runner_id)
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).filter(runner=runner).select_related("runner"), pk=pk
    )
    items, left_out = library.items_of_plan(request.user, plan)
    form, item_forms = template_forms(
        request.POST or None, coach=request.user, plan=plan, plan_items=items
    )
    return _save(
        request, form, item_forms, template=None, context={"plan": plan, "left_out": left_out}
    )


def _save(request, form, item_forms, *, template, context=None):
    if request.method == "POST":
        valid, items = valid_plan(form, item_forms)
        if valid:
            try:
                saved = library.save_template(
                    request.user, form.cleaned_data, items, template=template
                )
            except IntegrityError:  # the same title saved a moment ago (a double submit)
                form.add_error("title", TEMPLATE_TITLE_TAKEN)
            else:
                messages.success(request, f"Template “{saved.title}” saved.")
                return redirect("plans:templates")
    return render(
        request,
        "plans/template_form.html",
        {"form": form, "item_forms": item_forms, "template": template, **(context or {})},
    )


@login_required
@require_POST
def delete_template(request, pk):
    """The plans made from it stay as they are: each runner's is their own."""
    template = get_object_or_404(PlanTemplate.objects.owned_by(request.user), pk=pk)
    template.delete()
    messages.success(request, f"Template “{template.title}” deleted. Plans made from it stay.")
    return redirect("plans:templates")
