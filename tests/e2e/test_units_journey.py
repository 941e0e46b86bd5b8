"""A runner switches to miles on the profile page and reads a real watch file (the fenix 2 run
of tests/fixtures/activities) in miles: on the runs list, the run's page, the dashboard; their
coach, who chose miles too, reads it in miles on the runner's page."""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from apps.accounts.models import Profile
from apps.runs import parsing, services
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import go_to
from tests.e2e.test_accounts_journey import log_in
from tests.e2e.test_runs_journey import hilly_run
from tests.factories import CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
FENIX = (
    Path(__file__).resolve().parents[1] / "fixtures/activities/fit/activity-small-fenix2-run.fit"
)


def imported(runner, name, data):
    """A file stored as the worker stores it: parsed, then saved for the runner."""
    run = parsing.parse(
        name,
        data,
        hill_grade_pct=settings.RUNS_HILL_GRADE_PCT,
        hill_min_distance_m=settings.RUNS_HILL_MIN_DISTANCE_M,
    )
    return services.store(runner, run, file_name=name)


def test_a_runner_switches_to_miles_and_reads_a_watch_run_in_miles(
    live_server, page, other_context, screenshot, csp_violations
):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    coach = UserFactory(email="bob@example.com", display_name="Bob")
    CoachLinkFactory(runner=runner, coach=coach)
    Profile.objects.filter(user=coach).update(units="mi")
    imported(runner, "fenix2.fit", FENIX.read_bytes())  # 9,008 m in 47:01, 15 Aug 2015
    imported(runner, "today.fit", hilly_run(datetime.now(UTC) - timedelta(hours=1)))  # 1.8 km

    log_in(page, live_server.url, "alice@example.com")
    go_to(page, "Runs")
    expect(page.get_by_role("cell", name="9.01 km")).to_be_visible()

    go_to(page, "Account")
    page.get_by_role("radio", name=re.compile("^Miles")).check()
    page.get_by_role("button", name="Save profile").click()

    go_to(page, "Runs")
    runs = page.get_by_role("table", name="Runs, newest first")
    expect(runs).to_contain_text("5.60 mi")
    expect(runs).to_contain_text("8:24 /mi")
    expect(runs).not_to_contain_text(" km")
    screenshot("units-runs-list-miles")

    runs.get_by_role("link", name="Sat 15 Aug 2015").click()
    expect(page.get_by_role("heading", name="Run of Saturday 15 August 2015")).to_be_visible()
    figures = page.locator("dl.figures")
    expect(figures).to_contain_text("5.60 mi")
    expect(figures).to_contain_text("8:24 /mi")
    expect(figures).to_contain_text("210 ft up, 2 hills")
    expect(figures).to_contain_text("46.3 in")
    hills = page.get_by_role("region", name="Hills")
    expect(hills).to_contain_text("4 % or steeper over 100 m (330 ft)")
    expect(hills).to_contain_text("690 ft at 6 %")  # 210 m
    expect(page.get_by_role("main")).not_to_contain_text("/km")
    screenshot("units-run-page-miles")
    assert_accessible(page, "a run in miles")

    go_to(page, "Home")
    expect(page.get_by_text(re.compile(r"Run this week: 1\.1\d mi on 1 day"))).to_be_visible()

    coach_page = other_context().new_page()
    log_in(coach_page, live_server.url, "bob@example.com")
    coach_page.goto(f"{live_server.url}/coach/runners/{runner.pk}/")
    coach_runs = coach_page.get_by_role("table", name="Runs, newest first")
    expect(coach_runs).to_contain_text("5.60 mi")
    expect(coach_runs).to_contain_text("8:24 /mi")
    assert csp_violations == []


@pytest.mark.parametrize(
    ("locale", "languages", "checked"),
    [
        ("fr-FR", ["en-US", "en"], "Miles"),  # the script reads the browser's own languages
        ("en-US", ["de", "de-DE"], "Kilometres"),
    ],
)
def test_sign_up_refines_the_units_from_the_browsers_languages(
    live_server, other_context, locale, languages, checked
):
    """Playwright's locale sets Accept-Language (the server's choice); navigator.languages is
    made to disagree with it, as a browser's may where a proxy rewrites the header."""
    context = other_context(locale=locale)
    context.add_init_script(
        f"Object.defineProperty(navigator, 'languages', {{get: () => {json.dumps(languages)}}})"
    )
    page = context.new_page()

    page.goto(f"{live_server.url}/signup/")

    expect(page.get_by_role("radio", name=re.compile(f"^{checked}"))).to_be_checked()


@pytest.mark.parametrize(("locale", "checked"), [("en-US", "Miles"), ("fr-FR", "Kilometres")])
def test_without_javascript_sign_up_takes_the_units_from_accept_language(
    live_server, other_context, locale, checked
):
    page = other_context(locale=locale, java_script_enabled=False).new_page()

    page.goto(f"{live_server.url}/signup/")

    expect(page.get_by_role("radio", name=re.compile(f"^{checked}"))).to_be_checked()
