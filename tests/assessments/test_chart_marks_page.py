"""The tests page's charts mark plan starts, plan changes and instrument changes on their time
axis (apps/plans/timeline.py reads the plans, apps/assessments/marks.py words them)."""

import re
from datetime import timedelta

import pytest

from apps.plans import adherence
from apps.plans.models import Plan, PlanRevision
from apps.plans.timeline import plan_events
from tests.assessments.factories import weekly_tests
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def svgs(page):
    return re.findall(r"<svg.*?</svg>", page, re.S)


def with_history(runner, coach_name="Bob"):
    """Ten weekly tests (the newest four with a goniometer), an ended plan assigned by a coach
    six weeks ago and changed two weeks ago, and a generated plan from a week ago: at least
    eight days apart, each mark has a badge of its own."""
    today = runner.profile.today()
    weekly_tests(runner, 6, from_weeks_ago=5)
    weekly_tests(runner, 4, instrument="goniometer")
    monday = adherence.monday_of(today)
    old = PlanFactory(
        runner=runner,
        starts_on=monday - timedelta(weeks=6),
        author_name=coach_name,
        status=Plan.Status.ENDED,
        with_items=False,
    )
    PlanRevision.objects.create(
        plan=old,
        valid_until=monday - timedelta(weeks=2, days=1),
        starts_on=old.starts_on,
        weeks=6,
        sessions_per_week=3,
    )
    PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=1), with_items=False)
    return today, monday


def when(day, today):
    """A day as the 12-week charts' key names it: with its year when the range spans two."""
    same_year = (today - timedelta(weeks=12)).year == today.year
    return f"{day.day} {day:%b}" if same_year else f"{day.day} {day:%b %Y}"


def test_the_tests_page_marks_plans_and_instruments(runner_client, runner):
    today, monday = with_history(runner)
    PlanFactory(runner=runner, starts_on=today - timedelta(weeks=30), status="ended")  # outside
    PlanFactory(starts_on=today - timedelta(weeks=2))  # another runner's

    page = runner_client.get("/tests/").content.decode()

    keys = [
        f"{when(monday - timedelta(weeks=6), today)}: plan started (assigned by Bob)",
        f"{when(today - timedelta(weeks=4), today)}: instrument changed to goniometer",
        f"{when(monday - timedelta(weeks=2), today)}: plan changed",
        f"{when(monday - timedelta(weeks=1), today)}: plan started (generated from a test)",
    ]
    for svg in svgs(page):
        assert svg.count('class="mark-badge"') == 4
        desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
        assert "Marks on the time axis: 1, " + keys[0] in desc
    for key in keys:
        assert page.count(key) == 3 * 2  # each chart's desc and its key under it
    assert page.count('<ol class="mark-key"') == 3


def test_the_range_switch_keeps_the_marks(runner_client, runner):
    """Over a year a week is 7 px: marks a few weeks apart share a badge, none is lost."""
    with_history(runner)

    partial = runner_client.get(
        "/tests/?range=1y", headers={**HTMX, "HX-Target": "charts"}
    ).content.decode()

    assert 0 < partial.count('class="mark-badge"') <= 3 * 4
    for text in ("plan started (assigned by Bob)", "plan changed", "instrument changed to"):
        assert partial.count(text) == 3 * 2


def test_no_plans_no_instrument_change_no_marks(runner_client, runner):
    weekly_tests(runner, 5)

    page = runner_client.get("/tests/").content.decode()

    assert "mark-badge" not in page
    assert "Marks on the time axis" not in page


def test_a_coach_sees_the_runners_marks(coach_client, coach, runner):
    with_history(runner)

    page = coach_client.get(f"/runners/{runner.pk}/tests/").content.decode()

    assert page.count('class="mark-badge"') == 3 * 4
    assert "plan started (assigned by Bob)" in page


def test_plan_events_read_only_what_the_viewer_may_see(runner, stranger, django_assert_num_queries):
    today, monday = with_history(runner)

    with django_assert_num_queries(1):
        events = plan_events(runner, runner, today - timedelta(weeks=12), today)

    assert [(e.day, e.kind) for e in events] == [
        (monday - timedelta(weeks=6), "start"),
        (monday - timedelta(weeks=2), "change"),
        (monday - timedelta(weeks=1), "start"),
    ]
    assert plan_events(stranger, runner, today - timedelta(weeks=12), today) == []


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/tests/", {}),
        ("/tests/?range=all", {}),
        ("/tests/?range=1y", {**HTMX, "HX-Target": "charts"}),
    ],
)
def test_query_count_stays_the_same_with_more_plans_and_tests(
    runner_client, runner, page_queries, url, headers
):
    with_history(runner)
    few = page_queries(runner_client, url, headers=headers)
    today = runner.profile.today()
    for n in range(2, 12):  # ten more ended plans in the last year, each changed once
        plan = PlanFactory(
            runner=runner,
            starts_on=today - timedelta(weeks=4 * n + 1),
            status=Plan.Status.ENDED,
            with_items=False,
        )
        PlanRevision.objects.create(
            plan=plan,
            valid_until=plan.starts_on + timedelta(weeks=2),
            starts_on=plan.starts_on,
            weeks=6,
            sessions_per_week=3,
        )
    weekly_tests(runner, 100, from_weeks_ago=11, instrument="visual")

    page = runner_client.get(url, headers=headers).content.decode()
    assert "plan changed" in page
    assert page_queries(runner_client, url, headers=headers) == few
