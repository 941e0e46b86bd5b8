"""plans 0014: a generated plan's reason stops speaking to the runner (a coach reads it too),
in the plans already stored; a coach's own words elsewhere are left alone."""

import pytest

from tests.migrating import migrate

pytestmark = pytest.mark.django_db

BEFORE = [("plans", "0013_plan_item_stretch_changed_on")]
AFTER = [("plans", "0014_plan_reason_in_no_ones_voice")]
OLD = (
    "From your test of 5 January 2026. Hip angle about level or below on both sides, and "
    "nothing tight: the maintenance dose only, to keep your result. Your latest test reports "
    "high pain or pain running uphill: the first week is gentler. 6 weeks of 3 sessions a "
    "week; your weekly test shows if you need more."
)


def test_stored_reasons_speak_of_the_test_not_to_the_runner(runner):
    plans = migrate(BEFORE).get_model("plans", "Plan").objects
    common = {"runner_id": runner.pk, "starts_on": "2026-01-05", "weeks": 6}
    plans.create(title="generated", reason=OLD, sessions_per_week=3, **common)
    plans.create(title="coach", reason="", notes="Your result is fine.", sessions_per_week=3,
                 status="ended", **common)  # fmt: skip

    new = migrate(AFTER).get_model("plans", "Plan").objects

    reason = new.get(title="generated").reason
    assert "your" not in reason.lower()
    assert reason.startswith("From the test of 5 January 2026. ")
    assert "The latest test reports high pain" in reason
    assert "to keep the result." in reason
    assert "the weekly test shows if more is needed." in reason
    assert new.get(title="coach").notes == "Your result is fine."
