"""The next-morning check on a phone (issue 26, point 4): the morning after a session the
dashboard asks how the hip feels, 0-10; one tap of 5 answers it in place and says to hold the
next step; the question does not come back that day."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from apps.plans.models import MorningCheck
from tests.e2e.conftest import PHONE
from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "How does your hip feel this morning? 0-10"


def test_a_check_answered_5_holds_the_next_step(live_server, page, csp_violations):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=7))
    complete_session(plan, today - timedelta(days=1))
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "alice@example.com")

    page.goto(f"{live_server.url}/")
    check = page.locator("#morning-check")
    expect(check.get_by_role("group", name=QUESTION)).to_be_visible()
    buttons = check.get_by_role("button")
    expect(buttons).to_have_count(11)
    # Eleven buttons fit the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("window.answeredInPlace = true")  # gone if the page reloads
    check.get_by_role("button", name="5", exact=True).click()

    said = page.locator("#morning-check").get_by_role("status")
    expect(said).to_contain_text("5/10 is more than the 3/10 that is acceptable the morning after")
    expect(said).to_contain_text("hold the next step and step back to an easier day")
    assert page.evaluate("window.answeredInPlace === true")  # htmx, in place
    assert list(MorningCheck.objects.values_list("day", "pain")) == [(today, 5)]

    page.reload()
    expect(page.get_by_text("hold the next step")).to_be_visible()
    expect(page.get_by_text(QUESTION)).to_have_count(0)
    assert csp_violations == []
