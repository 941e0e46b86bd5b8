"""Keyboard only: recording a test with Tab, the arrow keys, typing and Enter, no pointer."""

import pytest
from playwright.sync_api import expect

from apps.assessments.models import Assessment, RedFlagCheck
from tests.assessments.factories import weekly_tests
from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus, as a keyboard user would; fail if it never
    comes (unreachable by keyboard)."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached by Tab: {locator}")


def test_a_runner_records_a_test_with_the_keyboard_alone(live_server, page):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    (earlier,) = weekly_tests(runner, 1, instrument="phone")
    RedFlagCheck.objects.create(runner=runner, assessment=earlier)
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/tests/new/")

    phone = page.get_by_label("Phone")
    tab_to(page, phone)  # the usual instrument, preselected, takes the group's focus
    expect(phone).to_be_checked()
    # The four numbers first, left and right side by side, then the folded optional parts.
    tab_to(page, page.get_by_label("Left hip angle (°)"))
    page.keyboard.type("7")
    tab_to(page, page.get_by_label("Right hip angle (°)"))
    page.keyboard.type("1")
    tab_to(page, page.get_by_label("Left knee angle (°)"))
    page.keyboard.type("60")
    tab_to(page, page.get_by_label("Right knee angle (°)"))
    page.keyboard.type("75")
    folded = page.locator("summary", has_text="Knee-to-chest")
    tab_to(page, folded)
    page.keyboard.press("Enter")  # opens it
    stayed_down = page.get_by_label("Stayed down").first
    tab_to(page, page.locator('input[name="knee_to_chest_left"][value="not_done"]'))
    page.keyboard.press("ArrowDown")
    expect(stayed_down).to_be_checked()
    expect(page.get_by_label("Left leg: what it means")).to_contain_text("7° above level")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Test saved.")).to_be_visible()
    saved = Assessment.objects.exclude(pk=earlier.pk).get()
    assert (saved.hip_angle_left, saved.knee_angle_left, saved.hip_angle_right) == (7, 60, 1)
    assert saved.knee_angle_right == 75
    assert saved.knee_to_chest_left == "stayed_down"
