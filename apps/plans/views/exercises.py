"""A coach's own exercises: the list, writing one, changing it, deleting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.plans import exercises, services
from apps.plans.forms import ExerciseForm
from apps.plans.models import Stretch

NAME_TAKEN = "You already have an exercise of this name."


@login_required
def exercise_list(request):
    if not request.user.profile.coaches:  # the page says how to become one (group invites too)
        return render(request, "plans/exercises.html", {"not_a_coach": True})
    own = (
        Stretch.objects.owned_by(request.user)
        .annotate(plans_using=Count("planitem__plan", distinct=True))
        .order_by(Lower("name"))
    )
    return render(request, "plans/exercises.html", {"exercises": own})


@login_required
def new_exercise(request):
    if not request.user.profile.coaches:
        return redirect("plans:exercises")
    form = ExerciseForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = exercises.create(request.user, form.save(commit=False))
        except IntegrityError:  # the same name saved a moment ago (a double submit)
            form.add_error("name", NAME_TAKEN)
        else:
            messages.success(request, f"“{exercise.name}” is ready for your plans.")
            return redirect("plans:exercises")
    return render(request, "plans/exercise_form.html", {"form": form, "exercise": None})


@login_required
def edit_exercise(request, pk):
    exercise = get_object_or_404(Stretch.objects.owned_by(request.user), pk=pk)
    form = ExerciseForm(request.POST or None, instance=exercise, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plans = exercises.save(form.save(commit=False), request.user.profile.today())
        except IntegrityError:
            form.add_error("name", NAME_TAKEN)
        else:
            for plan in plans:
                services.tell_runner_of_exercise(
                    plan,
                    exercise,
                    request.user,
                    plan_url=request.build_absolute_uri(reverse("plans:my_plan")),
                )
            messages.success(
                request,
                f"“{exercise.name}” saved."
                + (
                    f" The {len(plans)} runner{'s' if len(plans) != 1 else ''} whose plan has it "
                    "see the change; earlier plans keep it as it was."
                    if plans
                    else ""
                ),
            )
            return redirect("plans:exercises")
    plans_using = exercise.planitem_set.values("plan").distinct().count()
    return render(
        request,
        "plans/exercise_form.html",
        {"form": form, "exercise": exercise, "plans_using": plans_using},
    )


@login_required
@require_POST
def delete_exercise(request, pk):
    exercise = get_object_or_404(Stretch.objects.owned_by(request.user), pk=pk)
    if exercises.remove(exercise):
        messages.success(
            request,
            f"“{exercise.name}” is gone from your exercises. The plans that have it keep it, "
            "so no runner loses a stretch or a logged set.",
        )
    else:
        messages.success(request, f"“{exercise.name}” deleted.")
    return redirect("plans:exercises")
