"""The one place that decides whose data a user may read.

A runner sees their own data; a coach or physio sees the data of runners who hold an ACTIVE link
with them. Every runner-owned model's QuerySet inherits RunnerScopedQuerySet, and every view starts
its query from `visible_to(request.user)` (reads) or `owned_by(request.user)` (writes), so anybody
else finds nothing and gets a 404.
"""

from django.contrib.auth import get_user_model
from django.db import models

from apps.accounts.models import CoachLink


def coached_runner_ids(coach):
    """A subquery of the ids of runners actively linked to `coach`."""
    return CoachLink.objects.active().filter(coach=coach).values("runner_id")


def runners_visible_to(user):
    """The users whose data `user` may read: themselves and their actively linked runners."""
    User = get_user_model()
    if not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(models.Q(pk=user.pk) | models.Q(pk__in=coached_runner_ids(user)))


def coached_runners(coach):
    """Only the actively linked runners of `coach` (without the coach themselves)."""
    User = get_user_model()
    if not coach.is_authenticated:
        return User.objects.none()
    return User.objects.filter(pk__in=coached_runner_ids(coach))


class RunnerScopedQuerySet(models.QuerySet):
    """Base QuerySet for data that belongs to one runner through a `runner` foreign key."""

    runner_field = "runner"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(**{self.runner_field: user})
            | models.Q(**{f"{self.runner_field}__in": coached_runner_ids(user)})
        )

    def of_runner(self, viewer, runner):
        """`runner`'s data as `viewer` may read it: all of it for the runner themselves (a
        simpler query than visible_to's), none unless linked for anybody else."""
        if viewer.is_authenticated and runner.pk == viewer.pk:
            return self.owned_by(viewer)
        return self.visible_to(viewer).filter(**{self.runner_field: runner})

    def coached_by(self, coach):
        """Only the data of runners actively linked to `coach` (not the coach's own)."""
        if not coach.is_authenticated:
            return self.none()
        return self.filter(**{f"{self.runner_field}__in": coached_runner_ids(coach)})

    def owned_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{self.runner_field: user})
