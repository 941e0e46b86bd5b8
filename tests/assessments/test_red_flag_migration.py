"""assessments 0005: the holds of the old rule carry over. The latest check decided then: its
flags open, as answered; a pain of 7+ on the latest test opens the hold of severe pain."""

from datetime import date

import pytest

from tests.migrating import migrate

pytestmark = pytest.mark.django_db

BEFORE = [("assessments", "0004_tenderness_trials_red_flags")]
AFTER = [("assessments", "0005_red_flag_holds")]


def test_the_latest_answers_and_a_severe_pain_open_flags(runner, coach, stranger):
    old = migrate(BEFORE)
    Assessment = old.get_model("assessments", "Assessment")
    Check = old.get_model("assessments", "RedFlagCheck")
    fields = {"instrument": "phone", "hip_angle_left": 4, "hip_angle_right": 1}
    # Alice: night pain answered, then "none applies any more": nothing held.
    Check.objects.create(runner_id=runner.pk, flags=["night_or_rest"])
    Check.objects.create(runner_id=runner.pk, flags=[])
    # Bob: numbness on his latest answers, and groin pain 8 on his latest test.
    Assessment.objects.create(
        runner_id=coach.pk, taken_on=date(2026, 11, 1), pain_groin=2, **fields
    )
    latest = Assessment.objects.create(
        runner_id=coach.pk, taken_on=date(2026, 11, 8), pain_groin=8, **fields
    )
    Check.objects.create(runner_id=coach.pk, assessment=latest, flags=["numbness", "severe"])
    # Charlie: pain 9 on an old test, 2 on his latest: nothing held.
    Assessment.objects.create(
        runner_id=stranger.pk, taken_on=date(2026, 10, 1), pain_hip=9, **fields
    )
    Assessment.objects.create(
        runner_id=stranger.pk, taken_on=date(2026, 10, 8), pain_hip=2, **fields
    )

    new = migrate(AFTER)

    flags = new.get_model("assessments", "RedFlag").objects
    assert sorted(flags.values_list("runner_id", "key", "test_id", "cleared_at")) == [
        (coach.pk, "numbness", latest.pk, None),
        (coach.pk, "severe", latest.pk, None),
    ]
