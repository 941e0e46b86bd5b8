"""The answer first, on a phone (390 x 844): the demo runner's whole dashboard in two screens,
the plan's Start and the test form's four numbers on the first one."""

import json
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from apps.dashboard.management.commands.seed_demo import DEMO_RUNNER
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_runner(page, live_server, settings, tmp_path):
    """The demo runner of `make run` (a year of tests, a plan, sitting and runs), logged in."""
    settings.DEBUG = True
    credentials = tmp_path / "demo.json"
    call_command("seed_demo", credentials_file=str(credentials))
    password = json.loads(credentials.read_text())[DEMO_RUNNER]
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill(DEMO_RUNNER)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    return page


def test_the_dashboard_of_a_runner_with_history_fits_two_phone_screens(demo_runner):
    page = demo_runner
    page.wait_for_load_state("load")
    # The day after a session the dashboard first asks how the hip feels (one row of eleven
    # buttons, 1,790 px in all with it): one tap answers it, and the day's dashboard is measured.
    question = page.get_by_role("group", name=re.compile("How does your hip feel"))
    if question.is_visible():
        question.get_by_role("button", name="2", exact=True).click()
        expect(page.locator("#morning-check")).to_contain_text("This morning")

    height = page.evaluate("document.documentElement.scrollHeight")

    assert page.viewport_size == PHONE
    assert height <= 2 * PHONE["height"], f"{height} px"
    # What it holds still shows: the latest result's finding, today's session, sitting.
    expect(page.locator(".finding-line", has_text="Both sides")).to_be_visible()
    expect(page.get_by_role("button", name="Start today's session")).to_be_visible()
    expect(page.get_by_role("heading", name="Sitting")).to_be_visible()


def first_screen_bottom(page):
    """Where the first screen ends above the tab bar, in CSS pixels."""
    tab_bar = page.get_by_role("navigation", name="Sections").bounding_box()
    return tab_bar["y"] if tab_bar else PHONE["height"]


def test_the_test_form_s_four_numbers_are_on_the_first_phone_screen(demo_runner, live_server):
    page = demo_runner
    page.goto(f"{live_server.url}/tests/new/")
    page.wait_for_load_state("load")
    bottom = first_screen_bottom(page)

    for label in ("Left hip angle", "Right hip angle", "Left knee angle", "Right knee angle"):
        field = page.get_by_label(f"{label} (°)")
        expect(field).to_be_visible()
        assert field.bounding_box()["y"] + field.bounding_box()["height"] <= bottom, label
    # The optional parts wait folded below them.
    expect(page.get_by_label("Notes")).to_be_hidden()
    page.locator("summary", has_text="Notes").click()
    expect(page.get_by_label("Notes")).to_be_visible()


def test_the_plan_opens_with_a_large_start_on_the_first_screen(demo_runner, live_server):
    page = demo_runner
    page.goto(f"{live_server.url}/plan/")
    page.wait_for_load_state("load")

    start = page.get_by_role("button", name=re.compile("^(Start|Resume|Open) today's session"))
    box = start.bounding_box()

    assert box["y"] + box["height"] <= first_screen_bottom(page)
    assert box["height"] >= 48  # a thumb's target, larger than the page's other buttons
    assert box["width"] >= PHONE["width"] * 0.8
