"""A run's figures in words: durations, pace, ground contact balance by Garmin's zones."""

from datetime import UTC, date, datetime, timedelta

import pytest

from apps.runs import parsing, services
from apps.runs.models import Run
from apps.runs.presenting import climbs_of, duration, gct_words, pace, run_rows
from tests.runs.factories import RunFactory


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "\u2013"), (0, "0:00"), (59.6, "1:00"), (2832, "47:12"), (3729, "1:02:09")],
)
def test_duration(seconds, text):
    assert duration(seconds) == text


def test_pace_per_km():
    assert pace(314.4, "km") == "5:14 /km"
    assert pace(None, "km") == "\u2013"


@pytest.mark.parametrize(
    ("left", "zone", "words"),
    [
        (50.0, "even", "50.0 % L / 50.0 % R: even"),
        (50.7, "even", "50.7 % L / 49.3 % R: even"),
        (49.3, "even", "49.3 % L / 50.7 % R: even"),
        (50.8, "lean", "50.8 % L / 49.2 % R: a little longer on the left foot"),
        (47.8, "lean", "47.8 % L / 52.2 % R: a little longer on the right foot"),
        (52.3, "marked", "52.3 % L / 47.7 % R: longer on the left foot"),
        (None, "", ""),
    ],
)
def test_ground_contact_balance_in_garmins_zones(left, zone, words):
    assert gct_words(left) == (words, zone)


@pytest.mark.django_db
def test_a_row_gives_the_start_in_the_runners_time_zone(runner):
    run = RunFactory.build(
        runner=runner, started_at=datetime(2026, 7, 1, 5, 30, tzinfo=UTC), climbs=[]
    )
    from zoneinfo import ZoneInfo

    row = run_rows([run], ZoneInfo("Europe/Helsinki"), units="km")[0]
    assert row["start_time"] == "08:30"
    assert row["distance"] == "9.01 km"
    assert row["cadence"] == "162 steps/min"
    assert row["strides"] == 7650
    assert row["climbing"] == "64 m up, no hill"


def test_climbs_in_words():
    run = Run(
        climbs=[
            {"start_offset_s": 750, "duration_s": 160, "distance_m": 420.4,
             "gain_m": 25.2, "grade_pct": 6.0}
        ]
    )  # fmt: skip
    assert climbs_of(run, "km") == ["at 12:30, 420 m at 6 % (25 m up, 2:40)"]
    assert climbs_of(run, "mi") == ["at 12:30, 1,380 ft at 6 % (83 ft up, 2:40)"]


@pytest.mark.django_db
def test_a_days_runs_add_up_in_one_query(runner, django_assert_num_queries):
    day = date(2026, 11, 2)
    RunFactory(runner=runner, started_at=datetime(2026, 11, 2, 7, tzinfo=UTC), day=day)
    RunFactory(
        runner=runner, started_at=datetime(2026, 11, 2, 18, tzinfo=UTC), day=day,
        steps=None, climbing_seconds=0, climbs=[],
    )  # fmt: skip
    RunFactory(runner=runner, started_at=datetime(2026, 11, 9, 7, tzinfo=UTC))
    with django_assert_num_queries(1):
        days = services.run_days(Run.objects.owned_by(runner), day, day + timedelta(days=6))
    assert list(days) == [day]
    assert days[day] == services.RunDay(
        runs=2, moving_seconds=2 * 2832, climbing_seconds=180, steps=15300, distance_m=18016.0
    )


@pytest.mark.django_db
def test_a_run_before_2000_is_refused(runner):
    parsed = parsing.ParsedRun(
        sport="running", started_at=datetime(1999, 6, 1, tzinfo=UTC), elapsed_s=600,
        moving_s=600, distance_m=2000.0, elevation_gain_m=None, climbing_s=0, climbs=(),
        steps=None, cadence_spm=None, step_length_m=None, gct_balance_left_pct=None,
        device="", fmt="gpx", sha256="a" * 64,
    )  # fmt: skip
    with pytest.raises(parsing.Refused) as refused:
        services.store(runner, parsed, file_name="old.gpx")
    assert refused.value.code == "too_old"
    assert not Run.objects.exists()
