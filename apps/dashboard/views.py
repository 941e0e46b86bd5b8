from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.accounts.models import CoachLink


@login_required
def home(request):
    """The runner's home page. Later features (tests, plan, sitting) add their cards here."""
    links = CoachLink.objects.active().filter(runner=request.user).select_related("coach__profile")
    return render(
        request,
        "dashboard/home.html",
        {"profile": request.user.profile, "coaches": [link.coach for link in links]},
    )
