"""One stretch session looked back on, by the runner and by a linked coach, with its
conversation."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from apps.plans.models import OVERSTRETCH_DISCOMFORT, SetLog, Side, StretchSession


@login_required
def session_detail(request, pk):
    """The session's day, the sets done per stretch and side, the rating, the runner's note
    and the comments. Anybody but the runner and their linked coaches finds nothing (404)."""
    session = get_object_or_404(
        StretchSession.objects.visible_to(request.user).select_related("runner__profile", "plan"),
        pk=pk,
    )
    runner = session.runner
    own = runner.pk == request.user.pk
    logs = SetLog.objects.filter(session=session).values_list(
        "item__stretch__name", "item__stretch__slug", "side"
    )
    stretches = _sets_by_stretch(logs.order_by("item__order", "item__pk", "side"))
    return render(
        request,
        "plans/session_detail.html",
        {
            "session": session,
            "runner": runner,
            "own": own,
            "stretches": stretches,
            "sets_done": sum(count for *_name, sides in stretches for _side, count in sides),
            "overstretch": OVERSTRETCH_DISCOMFORT,
            "back": reverse("plans:my_plan")
            if own
            else reverse("dashboard:runner", args=[runner.pk]),
        },
    )


def _sets_by_stretch(logs):
    """(name, slug, [(side label, sets)]) per stretch, in the plan's order, from the session's
    (stretch name, slug, side) of each set done."""
    labels = dict(Side.choices)
    stretches = {}
    for name, slug, side in logs:
        sides = stretches.setdefault((name, slug), {})
        sides[side] = sides.get(side, 0) + 1
    return [
        (name, slug, [(labels[side], count) for side, count in sides.items()])
        for (name, slug), sides in stretches.items()
    ]
