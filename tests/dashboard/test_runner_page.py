"""A runner's whole picture: for a linked coach, read-only, and as the runner's own report."""

from datetime import timedelta

import pytest

from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory, weekly_tests
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def url(runner):
    return f"/coach/runners/{runner.pk}/"


def test_the_coach_sees_the_runners_whole_picture(coach_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7), pain_groin=2)
    AssessmentFactory(
        runner=runner, taken_on=today, hip_angle_left=9, hip_angle_right=1, pain_groin=7
    )
    plan = PlanFactory(runner=runner, title="Base block", starts_on=monday - timedelta(weeks=1))
    session = complete_session(plan, today)
    session.discomfort = 8
    session.save()
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=9 * 60)

    page = coach_client.get(url(runner)).text

    assert "<h1>Alice</h1>" in page
    assert "Linked with you since" in page
    assert "<strong>Left:</strong>" in page
    assert "<strong>Right:</strong>" in page
    assert page.count('class="chart-svg"') == 3
    assert 'data-label="Groin" class="pain-high">7</td>' in page
    assert "<strong>Base block</strong>" in page
    assert 'class="week-strip"' in page
    assert "8/10: past a gentle pull" in page
    assert 'data-label="Hours a day">9.0 h</td>' in page
    assert "/edit/" not in page  # read-only


def test_the_runner_reads_it_as_their_own_report(runner_client, runner):
    AssessmentFactory(runner=runner)

    page = runner_client.get(url(runner)).text

    assert "Your progress report" in page
    assert "print or save as PDF" in page
    assert "alice@example.com" in page


def test_without_tests_or_plan_it_says_so(coach_client, runner):
    page = coach_client.get(url(runner)).text

    assert "No test yet." in page
    assert f'href="/runners/{runner.pk}/plan/new/">Assign one</a>' in page


def test_its_queries_do_not_grow_with_history(coach_client, runner, page_queries):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(weeks=3))
    AssessmentFactory(runner=runner, taken_on=today)
    complete_session(plan, today)
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=60)
    few = page_queries(coach_client, url(runner))

    weekly_tests(runner, 40)
    for day in range(1, 20):
        complete_session(plan, today - timedelta(days=day))
        SittingDay.objects.create(runner=runner, day=today - timedelta(days=day), minutes_seated=60)

    assert page_queries(coach_client, url(runner)) == few
