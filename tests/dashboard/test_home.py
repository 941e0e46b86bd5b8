from datetime import timedelta

import pytest

from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_a_new_runner_is_asked_for_a_first_test(runner_client):
    page = runner_client.get("/").content.decode()

    assert "Your weekly test is due." in page
    assert "No test yet. Your first test becomes your baseline" in page


def test_the_latest_result_shows_in_plain_words(runner_client, runner):
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=8, hip_angle_right=-2
    )

    page = runner_client.get("/").content.decode()

    assert "Done for this week" in page
    assert "8° above level: tight hip flexors (psoas)" in page
    assert "left 10° tighter than right" in page


def test_last_weeks_test_leaves_this_weeks_due(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today() - timedelta(days=7))

    assert "Your weekly test is due." in runner_client.get("/").content.decode()


def test_the_dashboard_shows_only_the_users_own_tests(coach_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    assert "No test yet" in coach_client.get("/").content.decode()
