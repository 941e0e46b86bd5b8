"""A plan that follows the tests (issue 26, point 3), on a phone: a generated plan, then two
tests at level in a row move it to maintenance early, announced on the dashboard with its
reason and the test that caused it, and the plan page shows the new schedule."""

import re
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.assessments.models import RedFlagCheck
from tests.assessments.factories import AssessmentFactory
from tests.e2e.conftest import PHONE
from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime(2026, 12, 7, 12, tzinfo=UTC)


def test_two_tests_at_level_move_the_plan_to_maintenance_with_its_reason(
    live_server, page, monkeypatch, csp_violations
):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(runner=runner, taken_on=date(2026, 11, 16), hip_angle_left=9,
                      hip_angle_right=1)  # fmt: skip
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Generate my plan").click()
    expect(
        page.get_by_text(re.compile("6 sessions a week, then 3 a week from week 7"))
    ).to_be_visible()
    AssessmentFactory(runner=runner, taken_on=date(2026, 11, 30), hip_angle_left=1,
                      hip_angle_right=0)  # fmt: skip

    page.get_by_role("navigation").get_by_role("link", name="Tests").click()
    page.get_by_role("button", name="Record a test").click()
    page.get_by_label("Left hip angle (°)").fill("-1")
    page.get_by_label("Right hip angle (°)").fill("0")
    page.get_by_role("button", name="Save test").click()
    expect(page.get_by_text("Test saved.")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    news = page.locator(".block-decision")
    expect(news.get_by_role("heading")).to_have_text("Your plan changed: maintenance early")
    expect(news).to_contain_text(
        "Both hips about level or below on the tests of 30 November and 7 December"
    )
    expect(news).to_contain_text("3 sessions a week for 6 weeks")
    news.get_by_role("link", name="test of 7 December").click()
    expect(page).to_have_url(re.compile(r"/tests/\d+/$"))

    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    expect(page.get_by_role("heading", name="Hip-flexor maintenance plan")).to_be_visible()
    expect(page.locator(".block-decision")).to_contain_text("maintenance starts early")
    assert csp_violations == []
