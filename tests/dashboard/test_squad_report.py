"""The squad report (apps/dashboard/squad.py): a group's last four weeks of tests, sessions and
open alerts on one printable page; and the roster's trend mark."""

from datetime import timedelta

import pytest

from apps.assessments.scoring import Thresholds
from apps.dashboard.models import RunnerGroup, SeenAlert
from apps.dashboard.roster import NARROWER, STEADY, WIDER, imbalance_trend
from apps.plans.adherence import monday_of
from tests.assessments.factories import AssessmentFactory
from tests.factories import CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory, complete_session

LIMITS = Thresholds(hip_degrees=5, knee_degrees=5)


@pytest.mark.parametrize(
    ("latest", "previous", "trend"),
    [
        (None, 4.0, None),  # one test only
        (4.0, None, None),
        (4.0, 4.0, STEADY),
        (0.0, 4.9, STEADY),  # within what the instrument tells apart
        (0.0, 5.0, NARROWER),
        (3.0, 9.5, NARROWER),
        (10.0, 5.0, WIDER),
        (9.9, 5.0, STEADY),
    ],
)
def test_the_trend_of_the_imbalance_between_the_last_two_tests(latest, previous, trend):
    assert imbalance_trend(latest, previous, LIMITS) == trend


@pytest.mark.django_db
def test_the_roster_marks_a_widening_imbalance(coach_client, runner):
    today = runner.profile.today()
    AssessmentFactory(
        runner=runner, taken_on=today - timedelta(days=7), hip_angle_left=2, hip_angle_right=1
    )
    AssessmentFactory(runner=runner, taken_on=today, hip_angle_left=15, hip_angle_right=0)

    row = coach_client.get("/coach/").text.split(">Alice</a>")[1].split("</tr>")[0]

    assert "imbalance larger than at the test before" in row
    assert 'class="trend trend-wider"' in row


@pytest.mark.django_db
def test_the_report_shows_four_weeks_of_tests_sessions_and_every_open_alert(
    coach_client, coach, runner
):
    today = runner.profile.today()
    monday = monday_of(today)
    plan = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=5), sessions_per_week=2)
    for week in (1, 2):
        complete_session(plan, monday - timedelta(weeks=week))
        complete_session(plan, monday - timedelta(weeks=week) + timedelta(days=2))
    AssessmentFactory(
        runner=runner, taken_on=monday - timedelta(weeks=6), hip_angle_left=9
    )  # too old
    AssessmentFactory(
        runner=runner, taken_on=monday - timedelta(weeks=2), hip_angle_left=8, hip_angle_right=1
    )
    latest = AssessmentFactory(runner=runner, taken_on=today, hip_angle_left=15, hip_angle_right=0)
    SeenAlert.objects.create(coach=coach, runner=runner, key=f"imbalance:{latest.pk}")
    UserFactory(display_name="Nobody's")  # not linked

    page = coach_client.get("/coach/report/").text

    row = page.split(">Alice</a>")[1].split("</tr>")[0]
    assert "2: left +7° &rarr; " in row  # two tests in the four weeks, the first and the latest
    assert f'>left +15°</a> <span class="helptext">{today:%-d %b}</span>' in row
    assert "left +9°" not in row  # six weeks ago
    assert row.count("2/2</span> on track") == 2
    assert "Imbalance" in row  # seen on the roster, still open: the report shows it
    for week in range(4):
        assert f"Week of {(monday - timedelta(weeks=3 - week)):%-d %b}" in page
    assert "1 runner, the 4 weeks from" in page
    assert "1 tested" in page
    assert "Nobody" not in page


@pytest.mark.django_db
def test_the_report_of_a_group_is_its_runners_only(coach_client, coach, runner):
    ben = UserFactory(display_name="Ben")
    CoachLinkFactory(runner=ben, coach=coach)
    group = RunnerGroup.objects.create(coach=coach, name="Track")
    group.links.add(ben.coach_links.get())

    page = coach_client.get(f"/coach/report/?group={group.pk}").text

    assert "Squad report: Track" in page
    assert ">Ben</a>" in page
    assert ">Alice</a>" not in page


@pytest.mark.django_db
def test_another_coachs_group_report_is_not_found(coach_client, stranger_client, coach):
    group = RunnerGroup.objects.create(coach=coach, name="Track")

    assert stranger_client.get(f"/coach/report/?group={group.pk}").status_code == 404
    assert coach_client.get(f"/coach/report/?group={group.pk}").status_code == 200


@pytest.mark.django_db
def test_the_urgent_runner_heads_the_report(coach_client, coach, runner):
    from apps.assessments import safety

    zoe = UserFactory(display_name="Zoe")
    CoachLinkFactory(runner=zoe, coach=coach)
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=15, hip_angle_right=0
    )
    safety.record_check(zoe, ["bladder_bowel"])

    page = coach_client.get("/coach/report/").text

    assert page.index(">Zoe</a>") < page.index(">Alice</a>")
    assert "1 urgent (a doctor today)" in page
