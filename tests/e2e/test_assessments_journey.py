import csv
import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from apps.assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory
from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_runner_records_a_test_with_live_feedback_sees_it_charted_and_exports_it(
    live_server, page, screenshot, csp_violations
):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(days=7), hip_angle_left=12
    )
    log_in(page, live_server.url, "alice@example.com")

    page.get_by_role("navigation").get_by_role("link", name="Tests").click()
    page.get_by_role("button", name="Record a test").click()
    page.get_by_label("Left hip angle (°)").fill("8")
    page.get_by_label("Right hip angle (°)").fill("-2")
    page.get_by_label("Left knee angle (°)").fill("70")
    page.get_by_label("Right knee angle (°)").fill("85")
    feedback = page.locator("#feedback")
    left_card = page.get_by_label("Left leg: what it means")
    # Live feedback, before anything is saved: each leg's beside its fields, then the comparison.
    expect(left_card).to_contain_text("8° above level: points to tight hip flexors")
    expect(left_card).to_contain_text("knee 70°: short of the classic 80° mark")
    expect(feedback).to_contain_text("left 10° tighter than right")
    screenshot("record-test-feedback")
    page.get_by_label("Right hip angle (°)").fill("95")
    expect(page.get_by_label("Right leg: what it means")).to_contain_text(
        "Right hip angle (°): Enter an angle between"
    )
    expect(page.get_by_label("Right leg: what it means")).not_to_contain_text("Hip:")
    # Saved anyway: refused, with the summary at the top, focused, linking to the field.
    page.get_by_role("button", name="Save test").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("One thing to fix")
    summary.get_by_role("link", name=re.compile("Right hip angle")).click()
    expect(page.get_by_label("Right hip angle (°)")).to_be_focused()
    screenshot("record-test-refused")
    page.get_by_label("Right hip angle (°)").fill("-2")
    expect(page.get_by_label("Right leg: what it means")).to_contain_text("Hip:")
    assert Assessment.objects.count() == 1

    page.get_by_role("button", name="Save test").click()
    expect(page.get_by_text("Test saved.")).to_be_visible()
    expect(page.get_by_text("Left hip: -4°, within measurement error")).to_be_visible()
    screenshot("test-detail")

    page.get_by_role("link", name="All tests").click()
    hip_chart = page.locator("svg.chart-svg").first
    expect(hip_chart).to_have_attribute("data-points", "4")  # 2 tests x 2 legs
    page.get_by_role("link", name="1 year").click()
    expect(page.locator('.range-switch a[aria-current="true"]')).to_have_text("1 year")
    screenshot("tests-charts")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(download_info.value.path().read_text())))
    assert [(row["date"], row["hip_angle_left"]) for row in rows][-1] == (
        runner.profile.today().isoformat(),
        "8",
    )
    assert csp_violations == []


def test_keyboard_only_runner_can_record_a_test(live_server, page):
    UserFactory(email="alice@example.com", display_name="Alice")
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/tests/new/")

    page.get_by_label("Goniometer").focus()
    page.keyboard.press("ArrowDown")  # radio buttons move with the arrow keys: Inclinometer
    page.keyboard.press("Tab")  # leaves the radio group for the left hip angle
    page.keyboard.type("5")
    page.get_by_label("Right hip angle (°)").focus()
    page.keyboard.type("0")
    page.keyboard.press("Enter")  # submits the form from a text field

    # A first test asks the red-flag questions: none ticked, submitted from the keyboard.
    expect(page).to_have_url(re.compile(r"/tests/\d+/safety/$"))
    page.get_by_label("Pain at night, or while you were resting?").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tests/\d+/$"))
    test = Assessment.objects.get()
    assert (test.instrument, test.hip_angle_left, test.hip_angle_right) == ("inclinometer", 5, 0)
