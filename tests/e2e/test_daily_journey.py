import re

import pytest
from playwright.sync_api import expect

from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory
from tests.e2e.conftest import go_to
from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_runner_logs_sitting_sees_the_dashboard_update_and_follows_guidance(
    live_server, page, screenshot, csp_violations
):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_uphill=True)
    log_in(page, live_server.url, "alice@example.com")
    expect(page.get_by_text("Nothing logged yet.")).to_be_visible()
    expect(page.locator(".advice-avoid-hills")).to_contain_text("running uphill hurts")

    page.get_by_role("button", name="Log sitting").click()
    card = page.locator("#today-card")
    seated = card.locator('[data-counter="minutes_seated"]')
    # A long desk day, tapped in quick succession: each tap made while the one before is still
    # on its way is queued and sent after it, none lost.
    card.get_by_role("button", name="+1 h seated").click()
    page.evaluate("for (let n = 0; n < 7; n++) document.getElementById('add-seated-60').click()")
    expect(seated).to_have_text("8 h")
    card.get_by_role("button", name="+30 min seated").click()
    expect(seated).to_have_text("8 h 30 min")
    card.get_by_role("button", name="Undo the last tap").click()
    expect(seated).to_have_text("8 h")
    # The week table under the card says the same, without a reload.
    today = runner.profile.today()
    todays_row = page.get_by_role("row", name=re.compile(f"^{today:%a} {today.day} {today:%b}"))
    expect(todays_row.locator('[data-label="Seated"]')).to_have_text("8 h")
    expect(page.get_by_role("main")).to_contain_text("Seated 8 h this week")
    screenshot("sitting-today")
    assert SittingDay.objects.get().minutes_seated == 480

    go_to(page, "Home")
    expect(page.get_by_text("This week: 8 h a day.")).to_be_visible()
    stand_up = page.locator(".advice-stand-up")
    expect(stand_up).to_contain_text("You sat 8 h on")
    screenshot("dashboard-guidance")

    stand_up.get_by_role("link", name="Today's stretches").click()
    expect(page).to_have_url(re.compile(r"/plan/$"))
    expect(page.get_by_role("heading", name="Your stretch plan")).to_be_visible()
    assert csp_violations == []
