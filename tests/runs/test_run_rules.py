"""A run's rules in Python (Run.broken_rule, what an account import checks) say what the
database's check constraints say: each bad value is refused by both, a good run by neither."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import CheckConstraint

from apps.runs.models import Run
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    ("runs_day_range", {"day": "1999-12-31"}),
    ("runs_day_range", {"day": "2100-01-01"}),
    ("runs_moving_within_elapsed", {"moving_seconds": 2901}),
    ("runs_climbing_within_elapsed", {"climbing_seconds": 2901}),
    ("runs_distance_not_negative", {"distance_m": -0.5}),
    ("runs_gain_not_negative", {"elevation_gain_m": -1.0}),
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
    ],
)
def test_a_good_run_breaks_no_rule_and_is_saved(runner, values):
    run = RunFactory.build(runner=runner, **values)
    run.day = run._meta.get_field("day").to_python(run.day)

    assert run.broken_rule() is None
    run.save()
