"""bench/scale.py: its world of runners and coaches, its seeding SQL against the database's
rules, and the plan walker that fails the benchmark. The timings themselves are not tested."""

from collections import Counter

import pytest

from apps.accounts.models import CoachLink, User
from apps.assessments.models import Assessment
from apps.plans.models import Plan, SetLog, StretchSession
from apps.sitting.models import SittingDay
from bench import scale


def test_every_coach_has_fifty_active_runners_and_one_runner_in_ten_has_none():
    links = scale.links_of_the_service(10_000, 200)

    active = Counter(coach for _runner, coach, status in links if status == "active")
    assert set(active.values()) == {50}
    linked = {runner for runner, _coach, status in links if status == "active"}
    assert len(linked) == 9_000


def test_the_small_world_holds_everybody_the_measured_coach_ever_linked_with():
    links = scale.links_of_the_service(10_000, 200)

    runners, coaches = scale.measured_world(links)

    assert coaches == {scale.MEASURED_COACH}
    assert scale.MEASURED_RUNNER in runners
    assert {n for n, c, _status in links if c == scale.MEASURED_COACH and n} <= runners
    measured_runners_coaches = {c for n, c, _status in links if n == scale.MEASURED_RUNNER}
    assert measured_runners_coaches == {scale.MEASURED_COACH}


@pytest.mark.django_db
def test_seeding_gives_each_runner_two_years_within_the_databases_rules():
    links = scale.links_of_the_service(100, 2)
    done = set()

    scale.seed({1, 2, 3}, {1}, links, done)

    runner = User.objects.get(email=scale.runner_email(3))
    assert Assessment.objects.filter(runner=runner).count() == scale.TEST_WEEKS
    assert SittingDay.objects.filter(runner=runner).count() == scale.DAYS
    plans = Plan.objects.filter(runner=runner)
    assert [plan.status for plan in plans.order_by("starts_on")] == ["ended"] * 3 + ["active"]
    sessions = StretchSession.objects.filter(runner=runner)
    assert 400 < sessions.count() < 430  # four a week
    logged = SetLog.objects.filter(session__runner=runner)
    assert logged.count() == 12 * sessions.filter(set_logs__isnull=False).distinct().count()
    assert CoachLink.objects.filter(coach__email=scale.coach_email(1), status="active").count() == 3
    # A link waits until both people exist: runner 1's physio, coach 2, comes later.
    assert CoachLink.objects.filter(runner__email=scale.runner_email(1)).count() == 1
    assert len(done) == 5  # three active, runner 2's ended one, coach 1's open invite


def test_a_sequential_scan_of_runner_data_is_an_offender_and_of_the_catalogue_is_not():
    plan = {
        "Node Type": "Nested Loop",
        "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "plans_stretch"},
            {
                "Node Type": "Index Scan",
                "Relation Name": "plans_setlog",
                "Index Name": "plans_setlog_session_id",
                "Index Cond": "(session_id = 1)",
            },
            {"Node Type": "Seq Scan", "Relation Name": "sitting_sittingday"},
            {
                "Node Type": "Index Only Scan",
                "Relation Name": "assessments_assessment",
                "Index Name": "assessments_one_test_per_runner_per_day",
            },
        ],
    }

    assert list(scale.unindexed_reads(plan)) == [
        ("sitting_sittingday", "Seq Scan"),
        (
            "assessments_assessment",
            "Index Only Scan of all of assessments_one_test_per_runner_per_day",
        ),
    ]
