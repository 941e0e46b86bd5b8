from datetime import timedelta

import pytest

from apps.plans.models import StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.factories import CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def test_the_roster_shows_each_runners_week_imbalance_and_flags(coach_client, coach, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(runner=runner, starts_on=monday, sessions_per_week=1)
    complete_session(plan, monday)
    AssessmentFactory(runner=runner, taken_on=today, hip_angle_left=9, hip_angle_right=1)
    quiet = UserFactory(display_name="Quiet Quinn")
    CoachLinkFactory(runner=quiet, coach=coach)
    AssessmentFactory(runner=quiet, taken_on=today - timedelta(days=30))

    page = coach_client.get("/coach/").content.decode()

    rows = page.split("<tr>")
    alice_row = next(row for row in rows if ">Alice<" in row)
    assert "1 of 1 sessions, on track" in alice_row
    assert "left +8°" in alice_row
    assert "no session for" not in alice_row
    quinn_row = next(row for row in rows if ">Quiet Quinn<" in row)
    assert "No plan: assign one" in quinn_row
    assert "no session for 14 days" in quinn_row
    assert "no test for 14 days" in quinn_row


def test_the_roster_shows_only_linked_runners(stranger_client, runner):
    AssessmentFactory(runner=runner)

    assert "Alice" not in stranger_client.get("/coach/").content.decode()


def test_roster_queries_do_not_grow_with_runners_or_history(
    coach_client, coach, runner, page_queries
):
    PlanFactory(runner=runner)
    AssessmentFactory(runner=runner)
    few = page_queries(coach_client, "/coach/")

    for _ in range(5):
        other = UserFactory()
        CoachLinkFactory(runner=other, coach=coach)
        plan = PlanFactory(runner=other)
        for day in range(10):
            AssessmentFactory(runner=other, taken_on=other.profile.today() - timedelta(weeks=day))
            StretchSession.objects.create(
                runner=other, plan=plan, performed_on=other.profile.today() - timedelta(days=day)
            )

    assert page_queries(coach_client, "/coach/") == few
