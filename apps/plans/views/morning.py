"""The next-morning check answered from the dashboard: one tap, a form that works without
JavaScript; with htmx the check becomes its answer in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.plans import following, morning_checks
from apps.plans.forms import MorningCheckForm
from psoas_tracker import outbox

FRAGMENT = "plans/_morning_check.html#morning_check"


@login_required
@require_POST
def answer(request):
    """Saves the answer (once a day: sent again, it replaces itself), then says what it means
    for today in a line. A refused answer saves nothing and says why."""
    today = request.user.profile.today()
    form = MorningCheckForm(request.POST, today=today)
    if not form.is_valid():
        message = form.refusal()
        if request.htmx:
            context = {"morning_check": morning_checks.prompt_for(request.user, today)}
            context["morning_error"] = message
            return outbox.refused(render(request, FRAGMENT, context), message)
        messages.error(request, message)
        return _back_home(request)
    day, pain = form.cleaned_data["day"], form.cleaned_data["pain"]
    morning_checks.answer(request.user, day, pain)
    following.after_morning_check(request.user, day, pain)  # above 3/10: a lighter week
    if request.htmx:
        context = {"morning_check": morning_checks.prompt_for(request.user, today)}
        return render(request, FRAGMENT, context)
    return _back_home(request)


def _back_home(request):
    """The runner's home: `/`, or `/training/` for somebody who also coaches."""
    return redirect("dashboard:training" if request.user.profile.coaches else "dashboard:home")
