"""A coach with a squad works on the group at once, in the browser: a plan saved as a template,
assigned to a group of 10 in one step (the runner on a red flag left out, and named), and one
message to the group."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.assessments.models import RedFlag
from apps.conversation.models import Comment
from apps.plans.models import Plan
from tests.dashboard.groups import group_of
from tests.e2e.accessibility import assert_accessible
from tests.factories import PASSWORD, CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_as_coach(page, base_url, email):
    page.goto(f"{base_url}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base_url}/coach/")


def test_a_coach_assigns_a_template_to_a_group_of_ten_and_messages_it(
    live_server, page, screenshot, csp_violations
):
    coach = UserFactory(email="bob@example.com", display_name="Bob", role="coach")
    runners = [UserFactory(display_name=f"Runner {number:02}") for number in range(1, 11)]
    leo = UserFactory(display_name="Leo")
    runners[4] = leo
    for runner in runners:
        CoachLinkFactory(runner=runner, coach=coach)
    group = group_of(coach, runners, "Marathon squad")
    RedFlag.objects.create(runner=leo, key="night_or_rest")
    first = runners[0]
    PlanFactory(runner=first, author=coach, title="Spring block", weeks=5, sessions_per_week=3)
    log_in_as_coach(page, live_server.url, "bob@example.com")

    # Runner 01's plan becomes a template of Bob's library.
    page.goto(f"{live_server.url}/runners/{first.pk}/plan/")
    page.get_by_role("link", name="Save as a template").click()
    page.get_by_label("Title").fill("Marathon base")
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_text("Template “Marathon base” saved.")).to_be_visible()
    assert_accessible(page, "templates")

    # Assigned to the group in one step.
    page.get_by_role("link", name="Assign “Marathon base”").click()
    page.get_by_label("Or to a group").select_option(label="Marathon squad")
    assert_accessible(page, "assign")
    page.get_by_role("button", name="Assign “Marathon base”").click()
    report = page.get_by_role("status").filter(has_text="Assigned to")
    expect(report).to_contain_text("Assigned to 9 runners of 10 in Marathon squad")
    expect(report).to_contain_text("Leo: paused on a red flag (pain at night or at rest), see")
    screenshot("template-assigned-to-a-group")
    report.get_by_role("link", name="Leo's page").click()
    expect(page.get_by_role("heading", name="Leo", exact=True)).to_be_visible()

    made = Plan.objects.filter(title="Marathon base", status=Plan.Status.ACTIVE)
    assert sorted(made.values_list("runner_id", flat=True)) == sorted(
        runner.pk for runner in runners if runner != leo
    )
    assert {(plan.weeks, plan.sessions_per_week) for plan in made} == {(5, 3)}
    assert not Plan.objects.filter(runner=leo).exists()
    assert Plan.objects.get(runner=first, title="Spring block").status == Plan.Status.ENDED

    # One message, one comment in each runner's conversation.
    mail.outbox.clear()
    page.goto(f"{live_server.url}/coach/groups/{group.pk}/message/")
    expect(page.get_by_text("It goes to the 10 runners of the group")).to_be_visible()
    page.get_by_label("Message").fill("Long run on Sunday: start easy.")
    page.get_by_role("button", name="Send to the group").click()
    expect(page.get_by_text("Message sent to 9 runners.")).to_be_visible()
    expect(page.get_by_text("Not sent to Leo: no plan or test to write it on yet.")).to_be_visible()
    assert Comment.objects.filter(body="Long run on Sunday: start easy.").count() == 9
    assert len(mail.outbox) == 9
    assert csp_violations == []
