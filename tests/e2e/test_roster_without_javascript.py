"""The roster without JavaScript: the order form and each alert's "Seen" button still work
(the buttons submit the table's one form, each to its own runner's address), in the alert's
details, which open without JavaScript too."""

import re

import pytest
from playwright.sync_api import expect

from apps.dashboard.models import SeenAlert
from tests.assessments.factories import AssessmentFactory
from tests.factories import PASSWORD, CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_marking_an_alert_seen_and_sorting_work_without_javascript(live_server, browser):
    coach = UserFactory(email="bob@example.com", display_name="Bob", role="coach")
    for name, groin in (("Alice", 7), ("Zed", 8)):
        runner = UserFactory(display_name=name)
        CoachLinkFactory(runner=runner, coach=coach)
        AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_groin=groin)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("bob@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    zed = page.get_by_role("row", name=re.compile("Zed"))
    zed.locator("summary").click()  # the alert's details open without JavaScript too
    zed.get_by_role("button", name=re.compile(r"^Seen\W+Pain up, Zed$")).click()

    expect(page.get_by_text("Alert marked as seen.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Zed"))).not_to_contain_text("groin pain")
    expect(page.get_by_role("row", name=re.compile("Alice"))).to_contain_text("groin pain 7/10")
    assert SeenAlert.objects.get().runner.profile.display_name == "Zed"

    page.get_by_label("Sort by").select_option("name")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    context.close()
