"""A run's rules in Python (Run.broken_rule, what an account import checks) say what the
database's check constraints say: each bad value is refused by both, a good run by neither."""

import dataclasses

import pytest
from django.db import IntegrityError, transaction
from django.db.models import CheckConstraint

from apps.runs.models import CLIMB_LIMITS, Run
from apps.runs.parsing import Climb
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db


def climb(**figures):
    """The factory's climb, these figures changed."""
    good = {"start_offset_s": 600, "duration_s": 180, "distance_m": 420.0, "gain_m": 25.0}
    return {**good, "grade_pct": 6.0, **figures}


BAD_VALUES = [
    ("runs_day_range", {"day": "1999-12-31"}),
    ("runs_day_range", {"day": "2100-01-01"}),
    ("runs_elapsed_range", {"elapsed_seconds": 8 * 24 * 3600 + 1}),
    ("runs_moving_within_elapsed", {"moving_seconds": 2901}),
    ("runs_climbing_within_elapsed", {"climbing_seconds": 2901}),
    ("runs_distance_range", {"distance_m": -0.5}),
    ("runs_distance_range", {"distance_m": 1_500_000.1}),
    ("runs_gain_range", {"elevation_gain_m": -1.0}),
    ("runs_gain_range", {"elevation_gain_m": 1e300}),
    ("runs_steps_range", {"steps": 4_608_001}),
    ("runs_climbs_range", {"climbs": [climb(), climb(gain_m=5.8e302)]}),
    ("runs_climbs_range", {"climbs": [climb(grade_pct=100.1)]}),
    ("runs_climbs_range", {"climbs": [climb(start_offset_s=-1)]}),
    ("runs_climbs_range", {"climbs": [climb(duration_s=8 * 24 * 3600 + 1)]}),
    ("runs_climbs_range", {"climbs": [climb(distance_m=1_500_001)]}),
    ("runs_climbs_range", {"climbs": [climb(gain_m="steep")]}),
    ("runs_climbs_range", {"climbs": [{"gain_m": 25.0}]}),
    ("runs_climbs_range", {"climbs": {"gain_m": 25.0}}),
    ("runs_climbs_range", {"climbs": "hilly"}),
    ("runs_cadence_range", {"cadence_spm": 400.0}),
    ("runs_cadence_range", {"cadence_spm": 0.0}),
    ("runs_step_length_range", {"step_length_m": 5.0}),
    ("runs_step_length_range", {"step_length_m": 0.0}),
    ("runs_gct_balance_range", {"gct_balance_left_pct": 100.1}),
    ("runs_gct_balance_range", {"gct_balance_left_pct": -0.1}),
    ("runs_cadence_range", {"cadence_spm": float("nan")}),
    ("runs_file_format_valid", {"file_format": "kml"}),
]


def test_every_check_constraint_of_a_run_has_a_bad_value_here():
    checks = {c.name for c in Run._meta.constraints if isinstance(c, CheckConstraint)}

    assert {name for name, _ in BAD_VALUES} == checks


@pytest.mark.parametrize(("constraint", "values"), BAD_VALUES)
def test_a_bad_value_breaks_the_rule_in_python_and_in_the_database(runner, constraint, values):
    run = RunFactory.build(runner=runner, **values)
    run.day = run._meta.get_field("day").to_python(run.day)

    assert run.broken_rule()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        run.save()
    assert refused.value.__cause__.diag.constraint_name == constraint


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"cadence_spm": None, "step_length_m": None, "gct_balance_left_pct": None},
        {"distance_m": 0.0, "elevation_gain_m": 0.0, "moving_seconds": 2900},
        {"cadence_spm": 399.9, "step_length_m": 4.99, "gct_balance_left_pct": 100.0},
        {"day": "2000-01-01"},
        {"elapsed_seconds": 8 * 24 * 3600, "distance_m": 1_500_000.0, "steps": 4_608_000},
        {"elevation_gain_m": 50_000.0, "climbs": []},
        {"climbs": [climb(start_offset_s=0, grade_pct=100, gain_m=50_000, distance_m=50_000)]},
    ],
)
def test_a_good_run_breaks_no_rule_and_is_saved(runner, values):
    run = RunFactory.build(runner=runner, **values)
    run.day = run._meta.get_field("day").to_python(run.day)

    assert run.broken_rule() is None
    run.save()


def test_every_figure_of_a_climb_has_its_limits():
    assert CLIMB_LIMITS.keys() == {field.name for field in dataclasses.fields(Climb)}
