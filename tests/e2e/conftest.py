"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

import os
import re
import shutil
from importlib import import_module
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BROWSER_TESTS = Path(__file__).resolve().parent
# Under CI the browser tests must run: a run that has them and no Chromium stops with this line.
NO_CHROMIUM_IN_CI = (
    f"CI: browser tests must run but {CHROMIUM} is missing (apt-get install -y chromium)."
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PHONE = {"width": 390, "height": 844}
BROWSER_TIMEZONE = "Europe/Helsinki"
# GUIDED_SESSION_TIME_SCALE for tests that let the guide walk every set: a 30 s hold lasts 30 ms
# and a 10 s rest 10 ms, so a 15-set session runs in about a second. Each set is still ticked and
# saved through htmx one after the other (the checklist form queues its requests).
QUICK_GUIDE = 0.001
# The progress line once every set of the session is saved, e.g. "15 of 15 sets done".
ALL_SETS_SAVED = re.compile(r"\b(\d+) of \1 sets done")


# The longest browser tests (each story walks every main page at two sizes). They run first among
# the browser tests, so that with several workers (make test) no worker is left with a story to
# run while the others have finished.
LONGEST_FIRST = ("tests/e2e/test_stories.py",)


def pytest_collection_modifyitems(config, items):
    browser_tests = [i for i, item in enumerate(items) if "tests/e2e/" in str(item.path)]
    for i in browser_tests:
        items[i].add_marker(pytest.mark.e2e)
    ordered = sorted(
        (items[i] for i in browser_tests),
        key=lambda item: not str(item.path).endswith(LONGEST_FIRST),
    )
    for i, item in zip(browser_tests, ordered, strict=True):
        items[i] = item
    if Path(CHROMIUM).exists() or not any("tests/e2e/" in str(i.path) for i in items):
        return
    if os.environ.get("CI"):  # never skipped under CI (tests/conftest.py stops most runs earlier)
        raise pytest.UsageError(NO_CHROMIUM_IN_CI)
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM}: apt-get install -y chromium")
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which(CHROMIUM) or CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "timezone_id": BROWSER_TIMEZONE}


@pytest.fixture
def other_context(browser):
    """other_context(**options): a browser context with these options only (another person, another
    device), closed when the test ends as the `page` fixture's is. pytest-playwright's own
    new_context adds browser_context_args, and refuses a viewport of its own."""
    contexts = []

    def make(**options):
        contexts.append(browser.new_context(**options))
        return contexts[-1]

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves the current page to screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def csp_violations(page):
    """Collects Content-Security-Policy violations reported by the browser on every page."""
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


@pytest.fixture(autouse=True)
def stretch_catalogue(request):
    """Browser tests run in real transactions, and the flush between them empties every table,
    the stretch catalogue seeded by a data migration included: seed it again, as it ships."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    from django.apps import apps

    seed_stretches = import_module("apps.plans.migrations.0002_seed_stretches").seed
    mark_catalogue = import_module("apps.plans.migrations.0011_coach_exercises").mark_catalogue
    correct_cautions = import_module("apps.plans.migrations.0012_correct_stretch_cautions").correct
    seed_strength = import_module("apps.plans.migrations.0017_seed_strength").seed
    request.getfixturevalue("transactional_db")
    seed_stretches(apps, None)
    mark_catalogue(apps, None)
    correct_cautions(apps, None)
    seed_strength(apps, None)


# The More page's words for the header's links that are not in the phone's tab bar.
MENU_NAMES = {
    "Account": "Profile, reminders and your data",
    "Coach": "Coach: your runners",
    "Runs": "Runs: import from your watch",
}


def go_to(page, name):
    """Follow a main link as a person would at this size: from the header on a wide screen;
    on a phone from the tab bar, or through its More page for the places it does not hold."""
    # Which links show depends on the stylesheet: before it has loaded, a phone shows the
    # header's links too, and one judged visible then is hidden by the time it is clicked.
    page.wait_for_load_state("load")
    header = page.get_by_role("navigation", name="Main")
    if name == "Log out":
        button = header.get_by_role("button", name="Log out")
        if not button.is_visible():
            page.get_by_role("navigation", name="Sections").get_by_role("link", name="More").click()
            button = page.get_by_role("main").get_by_role("button", name="Log out")
        button.click()
        return
    link = header.get_by_role("link", name=name, exact=True)
    if link.is_visible():
        link.click()
        return
    tabs = page.get_by_role("navigation", name="Sections")
    tab = tabs.get_by_role("link", name=name, exact=True)
    if tab.count():
        tab.click()
        return
    tabs.get_by_role("link", name="More").click()
    page.get_by_role("navigation", name="Everything else").get_by_role(
        "link", name=MENU_NAMES.get(name, name), exact=True
    ).click()
