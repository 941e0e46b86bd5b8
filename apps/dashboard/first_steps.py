"""The first-run checklist: profile, first test, a plan, a first sitting log.

Shown on the dashboard until every step is done, with the next step one tap away on the pages
where a step ends. Once all are done, or the runner dismissed it, the profile records it and no
query is made again. A runner whose first test is months old never sees it: they know the way.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, Subquery
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Profile, Role
from apps.assessments.models import Assessment
from apps.plans.models import Plan
from apps.sitting.models import SittingDay

# A first test this long ago is months of data: no checklist for such a runner.
SEASONED_AFTER = timedelta(days=60)


@dataclass(frozen=True)
class Step:
    key: str
    label: str  # the checklist line
    next_label: str  # "Next: ..." once the step before it is done
    url: str
    done: bool


def checklist(user) -> list[Step] | None:
    """The steps with what is done, or None when there is nothing to show: all done already
    (recorded on the profile) or a coach who does not run. One query while it shows."""
    profile = user.profile
    if profile.first_steps_done_at or profile.first_steps_dismissed_at:
        return None
    if profile.role == Role.COACH:
        return None
    first_test_on, has_plan, has_sitting = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            first_test_on=Subquery(
                Assessment.objects.owned_by(user).order_by("taken_on").values("taken_on")[:1]
            ),
            has_plan=Exists(Plan.objects.owned_by(user)),
            has_sitting=Exists(SittingDay.objects.owned_by(user)),
        )
        .values_list("first_test_on", "has_plan", "has_sitting")
        .get()
    )
    if first_test_on and profile.today() - first_test_on >= SEASONED_AFTER:
        return None
    has_test = first_test_on is not None
    steps = [
        Step(
            "profile",
            "Check your time zone and weekly test day",
            "Next: check your time zone and test day",
            reverse("accounts:profile"),
            profile.profile_saved_at is not None,
        ),
        Step(
            "test",
            "Record your first hip-flexor test",
            "Next: record your first test",
            reverse("assessments:record"),
            has_test,
        ),
        Step(
            "plan", "Get a stretch plan", "Next: get your plan", reverse("plans:my_plan"), has_plan
        ),
        Step(
            "sitting",
            "Log a day's sitting",
            "Next: log today's sitting",
            reverse("sitting:week"),
            has_sitting,
        ),
    ]
    if all(step.done for step in steps):
        Profile.objects.filter(pk=profile.pk).update(first_steps_done_at=timezone.now())
        profile.first_steps_done_at = timezone.now()
        return None
    return steps


def dismiss(user) -> None:
    """The runner put the checklist away: it stays away."""
    Profile.objects.filter(user=user, first_steps_dismissed_at=None).update(
        first_steps_dismissed_at=timezone.now()
    )


def next_step(steps: list[Step] | None) -> Step | None:
    """The first step not done yet, or None."""
    return next((step for step in steps or () if not step.done), None)
