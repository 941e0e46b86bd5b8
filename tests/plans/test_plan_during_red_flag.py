"""A coach who assigns or changes a plan while the runner has an open red flag: the editor
says the runner is paused and why, in the coach's words; the plan is saved paused; the runner
then sees no session to start under the care card, and nothing about a generated plan."""

import re

import pytest
from django.core import mail

from apps.assessments import safety
from apps.plans.models import Plan
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory
from tests.plans.test_coach_plans import plan_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_flagged(runner):
    """Alice answered yes to numbness after her test: her plan, whoever assigns it, is paused."""
    test = AssessmentFactory(runner=runner, taken_on=runner.profile.today())
    safety.record_check(runner, ["numbness"], test)
    return runner


def words(html):
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_editor_says_alice_is_paused_and_why(coach_client, alice_flagged, coach):
    plan = PlanFactory(runner=alice_flagged, author=coach)

    new = words(coach_client.get(f"/runners/{alice_flagged.pk}/plan/new/").text)
    edit = words(coach_client.get(f"/runners/{alice_flagged.pk}/plan/{plan.pk}/edit/").text)

    for editor in (new, edit):
        assert "Alice is told to see a physiotherapist or doctor first" in editor
        assert "Alice's plan is paused: red flag since" in editor
        assert "Alice answered yes to: Numbness, tingling or weakness in a leg" in editor
        assert "You reported" not in editor
        assert "Has something changed?" not in editor  # the runner's own questions
    assert "The plan you assign will be paused too" in new
    assert "Changes you save will be paused too" in edit


def test_a_plan_assigned_during_the_flag_is_saved_paused(
    coach_client, alice_flagged, runner_client
):
    saved = coach_client.post(
        f"/runners/{alice_flagged.pk}/plan/new/", plan_data(alice_flagged), follow=True
    )

    plan = Plan.objects.get()
    assert plan.status == Plan.Status.ACTIVE  # it stays the plan, held by the flag
    assert "Plan assigned to Alice. It is paused until the red flag clears." in saved.text
    assert "Paused: red flag" in saved.text  # the coach's plan page
    assert "The plan is paused for now" in mail.outbox[-1].body
    assert "start today's session" not in mail.outbox[-1].body

    home = words(runner_client.get("/").text)
    plan_page = words(runner_client.get("/plan/").text)
    session = words(runner_client.get("/plan/session/").text)
    for page in (home, plan_page):
        assert "See a physiotherapist or doctor first" in page
        assert "Paused: red flag" in page
        assert "Start today's session" not in page
        assert "generated" not in page.lower()  # a coach's plan: no generated plan waits
        assert "plan waits" not in page
    assert "Assigned by Bob" in plan_page
    assert "Today's session is paused" in session
    assert 'name="set"' not in runner_client.get("/plan/session/").text


def test_a_plan_changed_during_the_flag_says_it_stays_paused(
    coach_client, alice_flagged, coach, runner_client
):
    plan = PlanFactory(runner=alice_flagged, author=coach)

    saved = coach_client.post(
        f"/runners/{alice_flagged.pk}/plan/{plan.pk}/edit/",
        plan_data(alice_flagged, title="Gentler block"),
        follow=True,
    )

    assert "Plan updated. It stays paused until the red flag clears." in saved.text
    assert "Today's session is paused" in runner_client.get("/plan/session/").text
