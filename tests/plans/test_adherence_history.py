"""Adherence never rewrites the past: an edit changes the plan from this week on, and a plan
that replaces another mid-week counts the sessions already done that week."""

from datetime import date, timedelta

import pytest

from apps.plans import adherence
from apps.plans.adherence import RED, YELLOW, Revision, Schedule
from apps.plans.models import Plan, PlanRevision
from tests.plans.factories import PlanFactory, complete_session
from tests.plans.test_coach_plans import plan_data

MONDAY = date(2026, 11, 2)


def test_each_week_counts_against_the_schedule_it_had():
    now = Schedule(starts_on=MONDAY, weeks=12, sessions_per_week=5)
    before = Revision(valid_until=MONDAY + timedelta(days=13), schedule=Schedule(MONDAY, 12, 4))
    done = [MONDAY + timedelta(days=7), MONDAY + timedelta(days=8)]  # two in week 2

    weeks = adherence.weekly_adherence(
        now, done, MONDAY + timedelta(days=15), weeks=3, earlier=[before]
    )

    assert [(week.planned, week.done, week.colour) for week in weeks] == [
        (4, 0, RED),
        (4, 2, YELLOW),  # "2 of 4, partly", as it was: not "2 of 5, missed"
        (5, 0, None),  # this week, under way, with the new target
    ]


@pytest.mark.parametrize(
    ("week_start", "expected"),
    [
        (MONDAY, 4),
        (MONDAY + timedelta(weeks=1), 3),
        (MONDAY + timedelta(weeks=2), 5),
    ],
)
def test_the_first_revision_still_valid_applies(week_start, expected):
    revisions = [
        Revision(MONDAY + timedelta(days=13), Schedule(MONDAY, 12, 3)),
        Revision(MONDAY + timedelta(days=6), Schedule(MONDAY, 12, 4)),
    ]
    schedule = adherence.schedule_in_week(Schedule(MONDAY, 12, 5), revisions, week_start)

    assert schedule.sessions_per_week == expected


@pytest.mark.django_db
def test_a_coachs_edit_keeps_the_past_weeks_as_they_were(coach_client, runner, runner_client):
    today = runner.profile.today()
    monday = adherence.monday_of(today)
    plan = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=2), sessions_per_week=4)
    last_week = monday - timedelta(weeks=1)
    for day in (last_week, last_week + timedelta(days=3)):
        complete_session(plan, day)
    before = runner_client.get("/plan/").text
    assert "2 of 4" in before

    data = plan_data(runner, starts_on=plan.starts_on.isoformat(), sessions_per_week="5")
    data.update({"warrior-one-include": "on"})
    coach_client.post(f"/runners/{runner.pk}/plan/{plan.pk}/edit/", data)

    after = runner_client.get("/plan/").text
    assert Plan.objects.get().sessions_per_week == 5
    assert PlanRevision.objects.get().valid_until == monday - timedelta(days=1)
    report = coach_client.get("/coach/report/").text
    assert "2 of 4" in after  # last week, as it was planned
    assert "2 of 5" not in after
    assert "2/4</span> partly" in report  # the coach counts last week as it was planned too


@pytest.mark.django_db
def test_a_plan_that_replaces_another_midweek_counts_the_sessions_already_done(runner):
    from apps.plans.models import StretchSession
    from apps.plans.overview import plan_overview

    today = runner.profile.today()
    monday = adherence.monday_of(today)
    old = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=3), sessions_per_week=3)
    complete_session(old, monday)  # this week, under the old plan
    Plan.objects.filter(pk=old.pk).update(status=Plan.Status.ENDED, ended_on=today)
    new = PlanFactory(runner=runner, starts_on=today, sessions_per_week=3)

    overview = plan_overview(
        StretchSession.objects.owned_by(runner),
        runner,
        new,
        list(new.items.all()),
        today,
        viewer=runner,
        hold=None,
    )

    assert overview["this_week"].done == 1
    assert not overview["today_started"]  # that session was the old plan's
