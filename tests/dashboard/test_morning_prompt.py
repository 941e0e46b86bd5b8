"""The dashboard asks "How does your hip feel this morning? 0-10" the day after a session or a
run (the runner's own day), once; quiet when nothing happened the day before, gone the day after
a skipped one, and not while a red flag pauses the plan. The page costs the same queries
however long the history."""

from datetime import UTC, datetime, time, timedelta

import pytest

from apps.assessments import safety
from apps.plans.models import MorningCheck
from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory, complete_session
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

QUESTION = "How does your hip feel this morning? 0-10"


def days_ago(runner, days):
    return runner.profile.today() - timedelta(days=days)


def session_on(runner, day):
    plan = runner.plans.first() or PlanFactory(runner=runner, starts_on=day - timedelta(days=60))
    return complete_session(plan, day)


def run_on(runner, day):
    return RunFactory(runner=runner, started_at=datetime.combine(day, time(7), UTC), day=day)


def asked(client):
    return QUESTION in client.get("/").text


def test_asked_the_morning_after_a_session(runner_client, runner):
    session_on(runner, days_ago(runner, 1))

    page = runner_client.get("/").text

    assert QUESTION in page
    assert [f'name="pain" value="{n}"' in page for n in range(11)] == [True] * 11
    assert f'name="day" value="{runner.profile.today().isoformat()}"' in page


def test_asked_the_morning_after_a_run_from_the_watch(runner_client, runner):
    run_on(runner, days_ago(runner, 1))

    assert asked(runner_client)


def test_asked_the_morning_after_a_run_typed_in(runner_client, runner):
    SittingDay.objects.create(runner=runner, day=days_ago(runner, 1), run_minutes=30)

    assert asked(runner_client)


def test_quiet_when_nothing_happened_yesterday(runner_client, runner):
    session_on(runner, days_ago(runner, 2))
    run_on(runner, days_ago(runner, 3))
    session_on(runner, runner.profile.today())  # today's: asked tomorrow
    SittingDay.objects.create(runner=runner, day=days_ago(runner, 1), minutes_seated=300)

    assert not asked(runner_client)


def test_asked_on_the_runner_s_own_day(runner_client, runner):
    # UTC+14 and UTC-11 are 25 hours apart: in one of them today is not UTC's today.
    utc_today = datetime.now(UTC).date()
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        runner.profile.timezone = zone
        if runner.profile.today() != utc_today:
            break
    runner.profile.save()
    session_on(runner, days_ago(runner, 1))

    assert asked(runner_client)


def test_not_asked_twice(runner_client, runner):
    session_on(runner, days_ago(runner, 1))
    runner_client.post("/plan/morning-check/", {"pain": "1"})

    page = runner_client.get("/").text

    assert QUESTION not in page
    assert "1/10: up to 3/10 the morning after is acceptable" in page


def test_a_skipped_check_is_gone_the_next_day_without_an_alert(runner_client, runner):
    session_on(runner, days_ago(runner, 2))  # asked yesterday, never answered

    page = runner_client.get("/").text

    assert QUESTION not in page
    assert "morning" not in page.split('id="advice-heading"', 1)[1].lower()


def test_yesterday_s_answer_is_not_repeated_today(runner_client, runner):
    MorningCheck.objects.create(runner=runner, day=days_ago(runner, 1), pain=6)

    page = runner_client.get("/").text

    assert "6/10" not in page
    assert QUESTION not in page


def test_not_asked_while_a_red_flag_pauses_the_plan(runner_client, runner):
    session_on(runner, days_ago(runner, 1))
    safety.record_check(runner, ["numbness"], AssessmentFactory(runner=runner))

    assert not asked(runner_client)


def test_the_dashboard_costs_the_same_queries_as_history_grows(runner_client, runner, page_queries):
    session_on(runner, days_ago(runner, 1))
    MorningCheck.objects.create(runner=runner, day=days_ago(runner, 2), pain=1)
    few = page_queries(runner_client, "/")
    for day in range(3, 40):
        session_on(runner, days_ago(runner, day))
        run_on(runner, days_ago(runner, day))
        MorningCheck.objects.create(runner=runner, day=days_ago(runner, day), pain=day % 11)

    assert page_queries(runner_client, "/") == few
