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

    height = page.evaluate("document.documentElement.scrollHeight")

    assert page.viewport_size == PHONE
    assert height <= 2 * PHONE["height"], f"{height} px"
    # What it holds still shows: the latest result's finding, today's session, sitting.
    expect(page.locator(".finding-line")).to_contain_text("Both sides")
    expect(page.get_by_role("button", name="Start today's session")).to_be_visible()
    expect(page.get_by_role("heading", name="Sitting")).to_be_visible()
