"""runs 0002: a run stored with a figure no run has is deleted as the checks are added; the
others stay as they were."""

from datetime import UTC, datetime

import pytest

from tests.migrating import migrate
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

BEFORE = [("runs", "0001_initial")]
AFTER = [("runs", "0002_run_figure_limits")]


def test_runs_no_run_can_have_are_deleted_and_the_others_kept(runner):
    old = migrate(BEFORE)
    runs = old.get_model("runs", "Run").objects
    fields = {field.name for field in runs.model._meta.concrete_fields} - {"id", "runner"}
    values = {
        "good": {},
        "climb": {"elevation_gain_m": 5.8e302},
        "49-days": {"elapsed_seconds": 4_294_967},
        "steep": {"climbs": [{"gain_m": 1e300}]},
    }
    for day, (sha256, changed) in enumerate(values.items(), start=1):
        started_at = datetime(2026, 5, day, 6, tzinfo=UTC)
        run = RunFactory.build(runner=runner, sha256=sha256, started_at=started_at, **changed)
        runs.create(runner_id=runner.pk, **{name: getattr(run, name) for name in fields})

    new = migrate(AFTER)

    kept = new.get_model("runs", "Run").objects.values_list("sha256", "elevation_gain_m")
    assert list(kept) == [("good", 64.0)]
