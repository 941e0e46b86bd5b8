"""A coach's groups and squads for the bulk tests."""

from apps.accounts.models import CoachLink
from apps.dashboard.models import RunnerGroup
from tests.factories import CoachLinkFactory, UserFactory


def group_of(coach, runners, name="Marathon squad"):
    """`coach`'s group of `runners` (through their links with the coach, active or not)."""
    group = RunnerGroup.objects.create(coach=coach, name=name)
    group.links.set(CoachLink.objects.filter(coach=coach, runner__in=runners))
    return group


def squad(coach, size, *, name="Marathon squad", **user_fields):
    """`size` new runners linked with `coach`, all in one group of theirs: (group, runners)."""
    runners = [UserFactory(**user_fields) for _ in range(size)]
    for runner in runners:
        CoachLinkFactory(runner=runner, coach=coach)
    return group_of(coach, runners, name), runners


def end_link(coach, runner):
    CoachLink.objects.filter(coach=coach, runner=runner).update(status=CoachLink.Status.REVOKED)
