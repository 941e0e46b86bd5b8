from datetime import timedelta

import pytest

from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory, weekly_tests
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_a_new_runner_sees_what_to_do_first(runner_client):
    page = runner_client.get("/").content.decode()

    assert "Your weekly test is due." in page
    assert "No test yet. Your first test becomes your baseline" in page
    assert "No stretch plan yet." in page
    assert "Nothing logged yet." in page
    assert "Nothing to flag." in page


def test_the_dashboard_ties_tests_stretching_and_sitting_together(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    for weeks in range(4):
        AssessmentFactory(
            runner=runner, taken_on=today - timedelta(weeks=weeks), hip_angle_left=10 - weeks * 0
        )
    PlanFactory(runner=runner)
    SittingDay.objects.create(
        runner=runner, day=monday, minutes_seated=600, core_reps=400, run_minutes=60
    )
    SittingDay.objects.create(runner=runner, day=monday - timedelta(days=3), minutes_seated=300)

    page = runner_client.get("/").content.decode()

    assert 'class="line line-imbalance"' in page  # the sparkline
    assert "persistent" in page  # left 6° tighter on every test
    assert 'This week: <span class="badge badge-none">0 of' in page
    assert "This week: <strong>10 h</strong> a day; last week 5 h a day." in page
    assert "Psoas cycles this week: <strong>5400</strong> per side" in page
    assert "Stand up and stretch" in page
    assert "Core volume may be keeping the psoas short" in page
    assert "400 sit-ups and crunches logged this week." in page


@pytest.mark.parametrize("url", ["/", "/insights/", "/sitting/"])
def test_query_count_is_the_same_for_one_and_ten_years(runner_client, runner, page_queries, url):
    today = runner.profile.today()

    def history(years):
        weeks = range(52 * (years - 1), 52 * years)
        weekly_tests(runner, len(weeks), from_weeks_ago=weeks[0])
        SittingDay.objects.bulk_create(
            SittingDay(
                runner=runner,
                day=today - timedelta(weeks=week),
                minutes_seated=300 + week,
                run_minutes=30,
            )
            for week in weeks
        )

    PlanFactory(runner=runner)
    history(1)
    one_year = page_queries(runner_client, url)
    for year in range(2, 11):
        history(year)

    assert page_queries(runner_client, url) == one_year


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


def test_pain_advice_follows_only_a_recent_test(runner_client, runner):
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(days=30), pain_uphill=True
    )

    assert "Avoid hills for now" not in runner_client.get("/").content.decode()


def test_a_day_with_only_a_run_does_not_lower_the_sitting_average(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    SittingDay.objects.create(runner=runner, day=monday, minutes_seated=600)
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=0, run_minutes=40)

    assert "This week: <strong>10 h</strong> a day" in runner_client.get("/").content.decode()
