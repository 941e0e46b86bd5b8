"""A runner's plan starts and plan changes over a date range: the marks on the time axis of the
tests page's charts (apps/assessments/marks.py words and places them)."""

from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import CharField, F, Value

from apps.assessments.marks import CHANGE, START
from apps.plans.models import Plan, PlanRevision


class PlanEvent(NamedTuple):
    day: date
    kind: str  # START or CHANGE
    author_name: str  # the coach who assigned the plan; "" for a plan generated from a test


def plan_events(viewer, runner, first: date, last: date) -> list[PlanEvent]:
    """The starts and changes of `runner`'s plans from `first` to `last`, as `viewer` may see
    them (of_runner), oldest first: one query, however many plans and revisions.

    A change applies from the Monday after its revision's `valid_until` (an edit changes the
    plan from the week it is made in). Both filters run on an index: plans on (runner,
    starts_on), revisions on (plan, valid_until).
    """
    starts = (
        Plan.objects.of_runner(viewer, runner)
        .filter(starts_on__range=(first, last))
        .annotate(day=F("starts_on"), kind=Value(START, CharField()), by=F("author_name"))
        .values_list("day", "kind", "by")
    )
    changes = (
        PlanRevision.objects.of_runner(viewer, runner)
        .filter(valid_until__range=(first - timedelta(days=1), last - timedelta(days=1)))
        .annotate(day=F("valid_until"), kind=Value(CHANGE, CharField()), by=F("plan__author_name"))
        .values_list("day", "kind", "by")
    )
    return sorted(
        PlanEvent(day + timedelta(days=1) if kind == CHANGE else day, kind, by)
        for day, kind, by in starts.union(changes, all=True)
    )
