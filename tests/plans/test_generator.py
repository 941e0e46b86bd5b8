import pytest

from apps.assessments.scoring import Thresholds
from apps.plans.generator import StretchDose, generate_plan, seconds_per_side

CATALOGUE = (
    StretchDose("edge-of-table", "Edge of table", 3, 30, None),
    StretchDose("half-kneeling-lunge", "Lunge", 1, None, 20, rep_hold_seconds=3),
    StretchDose("warrior-one", "Warrior I", 2, 30, None),
)


DEFAULT = Thresholds(hip_degrees=5, knee_degrees=10)  # the product's defaults, docs/domain.md
# About level, per instrument: the phone's band and an eyeball's.
BANDS = {"phone": Thresholds(5, 10, level_band=3), "visual": Thresholds(5, 10, level_band=5)}


def plan_for(hip_left, hip_right, knee_left=85, knee_right=85, thresholds=DEFAULT, instrument=None):
    return generate_plan(
        hip_left=hip_left,
        hip_right=hip_right,
        knee_left=knee_left,
        knee_right=knee_right,
        stretches=CATALOGUE,
        thresholds=BANDS[instrument] if instrument else thresholds,
    )


@pytest.mark.parametrize(
    ("left", "right", "extra", "phrase"),
    [
        (8, 1, "left", "Left 7° tighter: one extra set on the left"),
        (-2, 4, "right", "Right 6° tighter: one extra set on the right"),
        (6, 2, "", "within 5° of each other: the same dose on both sides"),
        (5, 0, "left", "Left 5° tighter"),  # exactly the threshold counts as real
    ],
)
def test_the_tighter_side_gets_one_extra_set_when_the_imbalance_is_real(left, right, extra, phrase):
    plan = plan_for(left, right)

    assert {item.extra_set_side for item in plan.items} == {extra}
    assert phrase in plan.reason


@pytest.mark.parametrize(
    ("hips", "knees", "instrument", "maintenance_only"),
    [
        ((-3, -5), (85, 85), "phone", True),  # both below level, 2° apart
        ((2, 0), (85, 85), "phone", True),  # within the phone's ±3°: about level
        ((4.5, 1), (85, 85), "visual", True),  # within an eyeball's ±5°
        ((4.5, 1), (85, 85), "phone", False),  # beyond the phone's ±3°: tight
        ((8, 3), (85, 85), "phone", False),
        ((-1, -7), (85, 85), "phone", True),  # a real imbalance (6°), both passing
        ((0, 0), (60, 75), "phone", True),  # a real knee imbalance (15°), neither knee tight
        ((0, 0), (38, 40), "phone", False),  # knees well under the athletes' mean
    ],
)
def test_a_test_showing_no_tightness_gets_the_maintenance_dose_only(
    hips, knees, instrument, maintenance_only
):
    plan = plan_for(*hips, *knees, instrument=instrument)

    if maintenance_only:
        assert (plan.weeks, plan.sessions_per_week) == (6, 3)
        assert (plan.maintenance_from_week, plan.maintenance_sessions_per_week) == (None, None)
        assert plan.title == "Hip-flexor maintenance plan"
        assert "and nothing tight: the maintenance dose only" in plan.reason
        assert "6 weeks of 3 sessions a week, the dose that keeps length" in plan.reason
        assert "to build length" not in plan.reason
    else:
        assert (plan.weeks, plan.sessions_per_week) == (12, 6)
        assert (plan.maintenance_from_week, plan.maintenance_sessions_per_week) == (7, 3)
        assert "6 weeks of 6 sessions a week to build length, then 3 a week" in plan.reason
        assert "maintenance dose only" not in plan.reason


def test_a_real_difference_between_two_passing_sides_keeps_its_extra_set_at_maintenance():
    plan = plan_for(-1, -7, instrument="phone")

    assert (plan.weeks, plan.sessions_per_week) == (6, 3)
    assert {item.extra_set_side for item in plan.items} == {"left"}
    assert "Left 6° tighter: one extra set on the left" in plan.reason


def test_a_thigh_above_level_points_to_the_hip_flexors_not_to_one_muscle():
    reason = plan_for(8, 1, instrument="phone").reason

    assert (
        "Hip angle above level on the left, beyond the ±3° of measurement error: points to "
        "tight hip flexors." in reason
    )
    assert "psoas" not in reason


def test_a_real_knee_imbalance_picks_the_side_when_the_hips_are_even():
    plan = plan_for(2, 1, knee_left=60, knee_right=75)

    assert {item.extra_set_side for item in plan.items} == {"left"}
    assert "Left knee bends 15° less" in plan.reason


def test_the_catalogue_seeded_in_the_database_matches_domain_doses(db):
    from apps.plans.models import Stretch

    doses = {
        stretch.slug: (stretch.default_sets, stretch.default_hold_seconds, stretch.default_reps)
        for stretch in Stretch.objects.stretches()
    }

    # docs/domain.md: hold 30-60 s, 2-3 repetitions; the lunge 20 repetitions of 2-3 s per side.
    assert doses == {
        "edge-of-table": (3, 30, None),
        "half-kneeling-lunge": (1, None, 20),
        "warrior-one": (2, 30, None),
    }
    assert Stretch.objects.get(slug="half-kneeling-lunge").rep_hold_seconds in (2, 3)


def test_default_doses_come_from_the_catalogue():
    plan = plan_for(8, 3)

    doses = {(item.slug, item.sets, item.hold_seconds, item.reps) for item in plan.items}
    assert doses == {
        ("edge-of-table", 3, 30, None),
        ("half-kneeling-lunge", 1, None, 20),
        ("warrior-one", 2, 30, None),
    }


def test_a_tight_rectus_femoris_is_mentioned():
    assert (
        "Knee bend well under the athletes' average on the left: the rectus femoris is likely "
        "tight too" in plan_for(8, 3, knee_left=38).reason
    )
    assert "Knee bend" not in plan_for(8, 3, knee_left=60).reason  # within what athletes measure


@pytest.mark.parametrize(("left", "right"), [(8, 3), (-3, -5)])
def test_at_least_ten_minutes_a_week_per_side_even_in_maintenance(left, right):
    plan = plan_for(left, right)
    by_slug = {dose.slug: dose for dose in CATALOGUE}

    per_session = sum(seconds_per_side(item, by_slug[item.slug], "left") for item in plan.items)
    fewest_sessions = plan.maintenance_sessions_per_week or plan.sessions_per_week

    assert per_session * fewest_sessions >= 10 * 60
    assert "About 10 minutes a week per side of stretching" in plan.reason


@pytest.mark.django_db
def test_generated_plans_follow_both_thresholds_in_settings(settings, runner):
    from apps.plans import services
    from tests.assessments.factories import AssessmentFactory

    settings.REAL_CHANGE_KNEE_DEGREES = 6
    test = AssessmentFactory(
        runner=runner, hip_angle_left=1, hip_angle_right=0, knee_angle_left=60, knee_angle_right=68
    )

    plan = services.generate_plan_for(runner, test, runner.profile.today())

    # 8° less bend on the left: real at a 6° threshold (and not at the default 10°).
    assert set(
        plan.items.filter(stretch__kind="stretch").values_list("extra_set_side", flat=True)
    ) == {"left"}
    assert "Left knee bends 8° less" in plan.reason


def test_a_gentle_start_leaves_out_the_dynamic_stretch_and_says_the_held_lunge_stays():
    plan = generate_plan(
        hip_left=8,
        hip_right=3,
        knee_left=85,
        knee_right=85,
        stretches=CATALOGUE,
        thresholds=DEFAULT,
        gentle=True,
    )

    assert plan.gentle_weeks == 1
    assert (
        "the first week is gentler, a set fewer of each stretch and no dynamic stretches (no "
        "lunges in repetitions; the held standing lunge stays)" in plan.reason
    )
