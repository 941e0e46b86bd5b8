"""A coach's library of plan templates: writing one (from scratch, or from a runner's plan) and
assigning it, each runner then with a plan of their own (services.start_plans), the old one in
their history. A runner on a red flag gets none: the coach is told, and decides once it clears."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apps.assessments import safety
from apps.plans import services
from apps.plans.models import PlanItem, PlanTemplate, PlanTemplateItem, Stretch

# What a template keeps of a coach's plan: its schedule without a start, notes, and doses.
TEMPLATE_FIELDS = (
    *("title", "notes", "weeks", "sessions_per_week"),
    *("maintenance_from_week", "maintenance_sessions_per_week", "strength_sessions_per_week"),
)
ITEM_FIELDS = services.ITEM_FIELDS


@transaction.atomic
def save_template(coach, fields: dict, items: list[dict], template=None) -> PlanTemplate:
    """Writes `coach`'s new template, or changes `template` (its stretches become `items`:
    dicts with stretch and ITEM_FIELDS, as the plan forms give them)."""
    values = {name: fields[name] for name in TEMPLATE_FIELDS}
    if template is None:
        template = PlanTemplate.objects.create(coach=coach, **values)
    else:
        for name, value in values.items():
            setattr(template, name, value)
        template.updated_at = timezone.now()
        template.save()
        template.items.all().delete()
    PlanTemplateItem.objects.bulk_create(
        PlanTemplateItem(
            template=template,
            stretch=item["stretch"],
            **{name: item[name] for name in ITEM_FIELDS},
        )
        for item in items
    )
    return template


def items_of_plan(coach, plan) -> tuple[list[PlanItem], list[Stretch]]:
    """(items, left out): the plan's items now whose stretch `coach` may put in a template (the
    catalogue and their own exercises), and the other stretches (another coach's exercise, or
    a copy kept as it was once its author changed it)."""
    current = list(PlanItem.objects.current().filter(plan=plan).select_related("stretch"))
    usable = set(
        Stretch.objects.for_coach(coach)
        .filter(pk__in=[item.stretch_id for item in current])
        .values_list("pk", flat=True)
    )
    return (
        [item for item in current if item.stretch_id in usable],
        [item.stretch for item in current if item.stretch_id not in usable],
    )


@dataclass(frozen=True)
class Assignment:
    """What assigning a template did: the plans made (one a runner), and the runners left
    without one, each with the red flags that hold them."""

    plans: list
    on_a_red_flag: list  # (runner, safety.Hold)


def assign(template, coach, runners, starts_on=None) -> Assignment:
    """Gives each of `runners` (users with their profile, actively linked to `coach`) a plan of
    their own from `template`, authored by `coach`, starting on `starts_on` or else on each
    runner's own today. One red-flag query for them all, and services.start_plans's three."""
    holds = safety.holds_by_runner(coach, [runner.pk for runner in runners])
    items = [
        {"stretch_id": item.stretch_id, **{name: getattr(item, name) for name in ITEM_FIELDS}}
        for item in template.items.all()
    ]
    plan_fields = {
        name: getattr(template, name) for name in TEMPLATE_FIELDS if name in services.PLAN_FIELDS
    }
    starts = [
        (runner, {**plan_fields, "starts_on": starts_on or runner.profile.today()}, today)
        for runner in runners
        if runner.pk not in holds
        for today in [runner.profile.today()]
    ]
    plans = services.start_plans(author=coach, starts=starts, items=items)
    return Assignment(
        plans=plans,
        on_a_red_flag=[(runner, holds[runner.pk]) for runner in runners if runner.pk in holds],
    )
