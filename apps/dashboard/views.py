from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.accounts.models import CoachLink
from apps.assessments import schedule, scoring
from apps.assessments.models import Assessment
from apps.assessments.views import persistence, thresholds


@login_required
def home(request):
    """The runner's home page: this week's test, the latest result, coaches."""
    profile = request.user.profile
    latest, previous = [*Assessment.objects.owned_by(request.user).newest_first()[:2], None, None][
        :2
    ]
    links = CoachLink.objects.active().filter(runner=request.user).select_related("coach__profile")
    return render(
        request,
        "dashboard/home.html",
        {
            "profile": profile,
            "coaches": [link.coach for link in links],
            "latest": latest,
            "latest_summary": latest
            and scoring.summarize(
                hip_left=latest.hip_angle_left,
                hip_right=latest.hip_angle_right,
                knee_left=latest.knee_angle_left,
                knee_right=latest.knee_angle_right,
                knee_to_chest_left=latest.knee_to_chest_left,
                knee_to_chest_right=latest.knee_to_chest_right,
                thresholds=thresholds(),
            ),
            "persistent": latest and persistence(latest, previous),
            "test_due": schedule.is_test_due(
                profile.today(), profile.test_weekday, latest and latest.taken_on
            ),
        },
    )
