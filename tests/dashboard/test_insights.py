"""The insights page (/insights/): sitting against hip angle, week by week."""

from datetime import timedelta

import pytest

from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_insights_say_when_there_is_not_enough_data(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.get("/insights/").content.decode()

    assert "Not enough data yet" in page


def test_insights_correlate_sitting_with_hip_angle_by_week(runner_client, runner):
    today = runner.profile.today()
    for week in range(8):
        day = today - timedelta(weeks=week)
        AssessmentFactory(runner=runner, taken_on=day, hip_angle_left=week, hip_angle_right=week)
        SittingDay.objects.create(runner=runner, day=day, minutes_seated=300 + 30 * week)

    page = runner_client.get("/insights/").content.decode()

    assert "Over 8 weeks, a strong positive correlation (r = 1.00)" in page
    assert page.count("h0") == 8
