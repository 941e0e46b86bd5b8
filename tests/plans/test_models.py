"""What the database itself refuses in plans, whatever the forms let through."""

import pytest
from django.db import IntegrityError

from tests.plans.factories import PlanFactory

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
