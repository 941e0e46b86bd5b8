"""Generating a plan from the latest test (/plan/generate/); the rules themselves are in
test_generator.py."""

from datetime import timedelta

import pytest

from apps.assessments.models import RedFlagCheck
from apps.plans.models import Plan
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_generating_needs_a_test_first(runner_client, runner):
    response = runner_client.post("/plan/generate/", follow=True)

    assert "Record a test first" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_plan_is_generated_from_the_latest_test(runner_client, runner):
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(days=14), hip_angle_left=2
    )
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=9, hip_angle_right=2
    )

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    plan = Plan.objects.get()
    assert (plan.runner, plan.author, plan.status) == (runner, None, "active")
    assert (plan.weeks, plan.sessions_per_week, plan.maintenance_sessions_per_week) == (12, 6, 3)
    assert set(
        plan.items.filter(stretch__kind="stretch").values_list("extra_set_side", flat=True)
    ) == {"left"}
    assert "Left 7° tighter: one extra set on the left" in page
    assert "Generated from your latest test" in page
    assert (
        "Edge-of-table hip-flexor stretch</a>: 3 \N{MULTIPLICATION SIGN} 30 s per side, +1 set"
        in page
    )


def test_a_test_at_or_below_level_generates_the_maintenance_dose_saying_so(runner_client, runner):
    AssessmentFactory(
        runner=runner,
        taken_on=runner.profile.today(),
        hip_angle_left=-4,
        hip_angle_right=-2,
        knee_angle_left=64,
        knee_angle_right=66,
    )
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    plan = Plan.objects.get()
    assert (plan.weeks, plan.sessions_per_week, plan.maintenance_from_week) == (6, 3, None)
    assert "Hip-flexor maintenance plan" in page
    assert ", 3 sessions a week." in page
    assert "and nothing tight: the maintenance dose only, to keep the result." in page
    assert "to build length" not in page


def test_a_thigh_above_level_generates_a_build_plan_naming_no_single_muscle(runner_client, runner):
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=9, hip_angle_right=7
    )
    RedFlagCheck.objects.create(runner=runner)

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    assert "points to tight hip flexors." in page
    assert "tight hip flexors (psoas/iliacus)." not in page
    assert "6 weeks of 6 sessions a week to build length" in page


def test_a_new_plan_ends_the_old_one_which_stays_in_history(runner_client, runner):
    old = PlanFactory(runner=runner, title="Old plan")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    old.refresh_from_db()
    assert (old.status, old.ended_on) == ("ended", runner.profile.today())
    assert Plan.objects.filter(runner=runner, status="active").count() == 1
    assert "Earlier plans" in page
    assert "Old plan" in page


def test_a_runner_with_a_coach_does_not_generate_plans(runner_client, runner, coach):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    assert "Your coach assigns your plans" in page
    assert not Plan.objects.exists()
