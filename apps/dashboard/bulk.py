"""A coach's work on a group of runners at once. A group reaches its runners only through the
coach's active links, so never a runner whose link ended (apps/dashboard/models.py)."""

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from apps.accounts.models import CoachLink


def group_runners(coach, group) -> list:
    """The runners of `coach`'s `group` linked to them now, with their profiles, by name."""
    User = get_user_model()
    return list(
        User.objects.filter(
            pk__in=CoachLink.objects.active().filter(coach=coach, groups=group).values("runner_id")
        )
        .select_related("profile")
        .order_by(Lower("profile__display_name"), "pk")
    )
