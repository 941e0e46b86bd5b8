"""What the database itself refuses in plans, whatever the forms let through."""

import pytest
from django.db import IntegrityError, transaction

from tests.plans.factories import PlanFactory, PlanTemplateFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_active_plan(runner):
    PlanFactory(runner=runner, with_items=False)

    with pytest.raises(IntegrityError):
        PlanFactory(runner=runner, with_items=False)


@pytest.mark.parametrize(
    ("field", "value"),
    [("sets", 0), ("sets", 7), ("hold_seconds", 4), ("hold_seconds", 121), ("reps", 41)],
)
def test_the_database_refuses_doses_out_of_range(runner, field, value):
    plan = PlanFactory(runner=runner)
    item = plan.items.filter(hold_seconds__isnull=field == "reps").first()

    setattr(item, field, value)
    with pytest.raises(IntegrityError):
        item.save()


def test_an_item_has_exactly_one_dose(runner):
    item = PlanFactory(runner=runner).items.first()
    item.reps = 10  # a hold stretch given repetitions too

    with pytest.raises(IntegrityError):
        item.save()


def refused(rule, make):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        make()
    assert rule in str(error.value)


@pytest.mark.parametrize(
    ("fields", "plan_rule", "template_rule"),
    [
        ({"weeks": 53}, "plans_weeks_range", "plans_template_weeks_range"),
        ({"sessions_per_week": 0}, "plans_sessions_per_week_range", "plans_template_sessions"),
        (
            {"maintenance_from_week": 7, "maintenance_sessions_per_week": None},
            "plans_maintenance_sessions_range",
            "plans_template_maintenance",
        ),
        (
            {"maintenance_from_week": 1, "maintenance_sessions_per_week": 3},
            "plans_maintenance_sessions_range",
            "plans_template_maintenance",
        ),
        (
            {"weeks": 6, "maintenance_from_week": 7, "maintenance_sessions_per_week": 3},
            "plans_maintenance_sessions_range",
            "plans_template_maintenance",
        ),
        (
            {"strength_sessions_per_week": 4},
            "plans_strength_sessions_range",
            "plans_template_strength_sessions_range",
        ),
    ],
)
def test_a_plan_and_a_template_are_held_to_the_same_schedule_checks(
    runner, coach, fields, plan_rule, template_rule
):
    schedule = {"weeks": 12, "maintenance_from_week": None, "maintenance_sessions_per_week": None}
    schedule.update(fields)

    refused(plan_rule, lambda: PlanFactory(runner=runner, with_items=False, **schedule))
    refused(template_rule, lambda: PlanTemplateFactory(coach=coach, with_items=False, **schedule))
