"""In the browser: a first test with groin pain 7 pauses the coach's plan; today's session says
why and what to do instead; "none applies any more" does not release it; a later test at 3/10
does; the coach's roster says "paused: red flag" and then not."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_accounts_journey import log_in, screenshot_path
from tests.factories import PASSWORD, CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)


def record_test(page, base_url, *, day, groin):
    page.goto(f"{base_url}/tests/new/")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Phone").check()
    page.get_by_label("Left hip angle (°)").fill("6")
    page.get_by_label("Right hip angle (°)").fill("2")
    page.locator("summary", has_text="Pain").click()  # folded until opened
    page.get_by_label("Groin").fill(str(groin))
    page.get_by_role("button", name="Save test").click()


def roster_row(coach_page, base_url):
    coach_page.goto(f"{base_url}/coach/")
    return coach_page.get_by_role("row", name="Alice")


def test_a_red_flag_holds_the_plan_until_a_later_test_releases_it(
    live_server, page, other_context, screenshot
):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    coach = UserFactory(email="bob@example.com", display_name="Bob", role="coach")
    CoachLinkFactory(runner=runner, coach=coach)
    PlanFactory(runner=runner, author=coach, title="Bob's spring plan", sessions_per_week=6)
    today = runner.profile.today()
    coach_page = other_context(viewport={"width": 1280, "height": 900}).new_page()
    coach_page.goto(f"{live_server.url}/login/")
    coach_page.get_by_label("E-mail").fill("bob@example.com")
    coach_page.get_by_label("Password").fill(PASSWORD)
    coach_page.get_by_role("button", name="Log in").click()
    expect(roster_row(coach_page, live_server.url)).not_to_contain_text("paused: red flag")

    log_in(page, live_server.url, "alice@example.com")
    record_test(page, live_server.url, day=today - timedelta(days=7), groin=7)
    expect(page.get_by_role("heading", name="Before you stretch: a few questions")).to_be_visible()
    expect(page.get_by_text("In the last two weeks, have you had any of these?")).to_be_visible()
    page.get_by_role("button", name="Save my answers").click()  # nothing else applies
    card = page.locator(".care-card")
    expect(card).to_contain_text("Your plan is paused since")
    expect(card).to_contain_text("Pain of 7/10 or more")
    expect(card).to_contain_text("See a physiotherapist or doctor before stretching or running")
    screenshot("red-flag-care-card")

    page.goto(f"{live_server.url}/plan/")
    expect(page.get_by_text("Paused: red flag", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Start today's session")).to_have_count(0)
    page.goto(f"{live_server.url}/plan/session/")
    expect(page.get_by_role("heading", name="Today's session is paused")).to_be_visible()
    expect(page.get_by_text("Until then, no stretching and no running.")).to_be_visible()
    expect(page.locator("input[name=set]")).to_have_count(0)
    screenshot("session-paused")
    assert_accessible(page, "paused session")
    expect(roster_row(coach_page, live_server.url)).to_contain_text("paused: red flag")
    expect(roster_row(coach_page, live_server.url)).to_contain_text("pain of 7/10 or more")

    # "None of these applies any more" alone does not release a pain of 7.
    page.get_by_role("link", name="Has something changed?").click()
    expect(page.get_by_role("heading", name="Has something changed?")).to_be_visible()
    expect(page.get_by_text("stays until a later test scores every pain below 7")).to_be_visible()
    page.get_by_label("Pain of 7 out of 10 or worse?").uncheck()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your plan stays paused.")).to_be_visible()
    page.goto(f"{live_server.url}/plan/session/")
    expect(page.get_by_role("heading", name="Today's session is paused")).to_be_visible()

    # A later test at 3/10 does.
    record_test(page, live_server.url, day=today, groin=3)
    expect(page.get_by_role("heading", name=f"Test of {today:%A %-d %B %Y}")).to_be_visible()
    expect(page.locator(".care-card")).to_have_count(0)
    page.goto(f"{live_server.url}/plan/session/")
    expect(page.get_by_role("heading", name="Today's session")).to_be_visible()
    expect(page.locator("input[name=set]").first).to_be_attached()
    expect(roster_row(coach_page, live_server.url)).not_to_contain_text("paused: red flag")

    coach_page.goto(f"{live_server.url}/coach/runners/{runner.pk}/")
    flags = coach_page.get_by_role("table", name="Warning signs Alice reported")
    expect(flags).to_contain_text("Pain of 7/10 or more")
    expect(flags).to_contain_text(f"the test of {today:%-d %b} scored every pain below 7/10")
    coach_page.screenshot(path=str(screenshot_path("coach-red-flag-history")), full_page=True)
