"""plans 0018: the plans already stored keep their sessions as they were (no strength days,
every item the usual version, no rating), and the new limits hold."""

import pytest
from django.db import IntegrityError, transaction

from tests.migrating import migrate

pytestmark = pytest.mark.django_db

BEFORE = [("plans", "0017_seed_strength")]
AFTER = [("plans", "0018_strength_days_and_efforts")]


def test_stored_plans_get_no_strength_days_and_the_usual_versions(runner):
    old = migrate(BEFORE)
    plan = old.get_model("plans", "Plan").objects.create(
        runner_id=runner.pk, title="old", starts_on="2026-01-05", weeks=6, sessions_per_week=3
    )
    stretch = old.get_model("plans", "Stretch").objects.get(slug="edge-of-table")
    old.get_model("plans", "PlanItem").objects.create(
        plan_id=plan.pk, stretch_id=stretch.pk, order=1, sets=3, hold_seconds=30
    )

    new = migrate(AFTER)

    assert new.get_model("plans", "Plan").objects.get().strength_sessions_per_week is None
    item = new.get_model("plans", "PlanItem").objects.get()
    assert (item.version, item.progressed_on) == ("standard", None)
    with pytest.raises(IntegrityError), transaction.atomic():
        new.get_model("plans", "Plan").objects.filter(pk=plan.pk).update(
            strength_sessions_per_week=4
        )
