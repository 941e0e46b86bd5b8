"""In the browser: a red flag holds the generated plan until the runner says none applies, and
high pain starts the plan gently."""

import pytest
from playwright.sync_api import expect

from apps.assessments.models import RedFlagCheck
from apps.plans.models import Plan
from tests.assessments.factories import AssessmentFactory
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEE = "See a physiotherapist or doctor before stretching or running on it."


def test_a_red_flag_holds_the_plan_until_none_applies(live_server, page, screenshot):
    UserFactory(email="alice@example.com", display_name="Alice")
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/tests/new/")
    page.get_by_label("Phone").check()
    page.get_by_label("Left hip angle (°)").fill("6")
    page.get_by_label("Right hip angle (°)").fill("2")
    page.locator("summary", has_text="Pain").click()  # folded until opened
    page.get_by_label("Groin").fill("5")
    page.get_by_role("button", name="Save test").click()

    expect(page.get_by_role("heading", name="Before you stretch: a few questions")).to_be_visible()
    assert_accessible(page, "red-flag questions")
    page.get_by_label("Pain at night, or while you were resting?").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator(".red-flags")).to_contain_text(SEE)
    screenshot("red-flag-detail")

    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    expect(page.locator(".red-flags")).to_contain_text(SEE)
    page.get_by_role("button", name="Generate my plan").click()
    expect(page.get_by_text("Your plan waits until then.")).to_be_visible()
    assert not Plan.objects.exists()

    page.get_by_role("link", name="Has something changed?").click()
    night = page.get_by_label("Pain at night, or while you were resting?")
    expect(night).to_be_checked()  # the sign still open comes ticked: unticking it is an answer
    night.uncheck()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("The hold is lifted: your plan starts again.")).to_be_visible()
    expect(page.locator(".red-flags")).to_have_count(0)
    page.get_by_role("button", name="Generate my plan").click()
    expect(page.get_by_text("Your plan is ready.")).to_be_visible()


def test_pain_running_uphill_starts_the_plan_gently(live_server, page, screenshot):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_uphill=True)
    RedFlagCheck.objects.create(runner=runner)
    log_in(page, live_server.url, "alice@example.com")

    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    page.get_by_role("button", name="Generate my plan").click()
    expect(page.get_by_text("the first week is gentler")).to_be_visible()
    expect(page.get_by_text("Gentle start, until")).to_be_visible()
    page.get_by_role("button", name="Start today's session").click()
    expect(
        page.get_by_text(
            "A gentle week: a set fewer of each stretch and no dynamic stretches (no lunges in "
            "repetitions; the held standing lunge stays)"
        )
    ).to_be_visible()
    expect(page.get_by_text("Half-kneeling lunge")).to_have_count(0)
    screenshot("session-gentle")
    assert_accessible(page, "gentle session")
