"""The runner's plan page (/plan/): the plan, the week strip and the streak."""

from datetime import date, timedelta

import pytest

from apps.plans.models import SetLog, StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def test_no_plan_and_no_test_says_what_to_do_first(runner_client):
    page = runner_client.get("/plan/").content.decode()

    assert "Record your first test, then generate a plan" in page


def test_a_runner_with_a_test_and_no_plan_is_told_both_doses_a_plan_may_have(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.get("/plan/").content.decode()

    assert (
        "Build a plan from your latest test: 30-second holds, 6 sessions a week for 6 weeks, "
        "then 3, when the test shows tightness, with an extra set on your tighter side when the "
        "difference is real; 3 sessions a week for 6 weeks, to keep your length, when it shows "
        "none." in page
    )


def test_the_week_strip_colours_the_week(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=1), sessions_per_week=1)
    complete_session(plan, monday - timedelta(days=7))

    page = runner_client.get("/plan/").content.decode()

    assert 'class="week week-green"' in page
    assert "1 week in a row on track." in page


def test_a_later_change_of_the_plan_does_not_rewrite_past_weeks(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=1), sessions_per_week=1)
    complete_session(plan, monday - timedelta(days=7))
    plan.items.update(sets=6)  # the coach raises every dose afterwards

    assert 'class="week week-green"' in runner_client.get("/plan/").content.decode()


def test_the_streak_counts_beyond_the_six_weeks_shown(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(
        runner=runner, starts_on=monday - timedelta(weeks=10), weeks=20, sessions_per_week=1
    )
    for week in range(1, 11):
        complete_session(plan, monday - timedelta(weeks=week))

    assert "10 weeks in a row on track." in runner_client.get("/plan/").content.decode()


def test_a_plan_started_mid_week_counts_its_first_part_week(runner):
    """Viewed on the Monday after a Wednesday start, the week strip and the streak include the
    first (part) week, whatever weekday the test runs on."""
    from apps.plans.models import StretchSession
    from apps.plans.overview import plan_overview

    wednesday = date(2026, 11, 4)
    plan = PlanFactory(runner=runner, starts_on=wednesday, sessions_per_week=3)  # Mon, Thu, Sat
    complete_session(plan, date(2026, 11, 5))
    complete_session(plan, date(2026, 11, 7))
    items = list(plan.items.select_related("stretch"))

    overview = plan_overview(
        StretchSession.objects.owned_by(runner),
        runner,
        plan,
        items,
        today=date(2026, 11, 9),
        viewer=runner,
        hold=None,
    )

    first_week = overview["weeks"][0]
    assert (first_week.week_start, first_week.planned, first_week.done) == (
        date(2026, 11, 2),
        2,
        2,
    )
    assert overview["streak"] == 1


@pytest.mark.parametrize("url", ["/plan/", "/"])
def test_a_plan_that_starts_next_week_shows_before_it_starts(runner_client, runner, url):
    today = runner.profile.today()
    PlanFactory(runner=runner, starts_on=today + timedelta(days=8), title="Next week's plan")

    response = runner_client.get(url)

    assert response.status_code == 200
    assert "0 of 0" in response.content.decode()


def test_a_plan_past_its_last_week_says_so(runner_client, runner):
    PlanFactory(runner=runner, starts_on=runner.profile.today() - timedelta(weeks=7), weeks=6)

    assert "last week ended on" in runner_client.get("/plan/").content.decode()


def test_plan_page_query_count_does_not_grow_with_history(runner_client, runner, page_queries):
    plan = PlanFactory(
        runner=runner, starts_on=runner.profile.today() - timedelta(weeks=10), weeks=12
    )
    few = page_queries(runner_client, "/plan/")
    for day in range(60):
        session = StretchSession.objects.create(
            runner=runner, plan=plan, performed_on=runner.profile.today() - timedelta(days=day + 1)
        )
        SetLog.objects.create(session=session, item=plan.items.first(), side="left", set_number=1)

    assert page_queries(runner_client, "/plan/") == few


def test_the_page_opens_with_today_s_session_and_a_large_start(runner_client, runner):
    PlanFactory(runner=runner, sessions_per_week=7, reason="Left hip 8° above level.")

    page = runner_client.get("/plan/").content.decode()
    main = page[page.index("<main") :]

    today = main.index('<h2 id="today-heading">Today</h2>')
    start = main.index('class="start-button" href="/plan/session/">Start today')
    stretch = main.index('href="/stretches/')
    reason = main.index('<p class="reason">Left hip 8° above level.</p>')
    assert today < start < stretch < main.index('id="plan-heading"') < reason
