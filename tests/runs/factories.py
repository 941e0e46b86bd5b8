from datetime import UTC, datetime, timedelta

import factory

from apps.runs.models import Run


class RunFactory(factory.django.DjangoModelFactory):
    """A 47-minute, 9 km run with running dynamics and one hill."""

    class Meta:
        model = Run

    runner = None
    started_at = factory.Sequence(
        lambda n: datetime(2026, 11, 2, 7, 0, tzinfo=UTC) - timedelta(days=n)
    )
    day = factory.LazyAttribute(lambda run: run.started_at.date())
    sport = "running"
    elapsed_seconds = 2900
    moving_seconds = 2832
    distance_m = 9008.0
    elevation_gain_m = 64.0
    climbing_seconds = 180
    climbs = factory.LazyFunction(
        lambda: [
            {
                "start_offset_s": 600,
                "duration_s": 180,
                "distance_m": 420.0,
                "gain_m": 25.0,
                "grade_pct": 6.0,
            }
        ]
    )
    steps = 7650 * 2
    cadence_spm = 162.0
    step_length_m = 1.18
    gct_balance_left_pct = 50.9
    device = "Garmin fenix 2"
    file_format = "fit"
    file_name = factory.Sequence(lambda n: f"run-{n}.fit")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
