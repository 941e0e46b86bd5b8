import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.models import CoachLink, User
from tests.e2e.conftest import BROWSER_TIMEZONE, go_to
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Hip-flexors-stay-long-2026"


def test_runner_signs_up_logs_out_and_logs_in_again(live_server, page, screenshot, csp_violations):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Long, level hip flexors for runners")).to_be_visible()
    screenshot("landing")
    page.get_by_role("button", name="Sign up free").click()
    screenshot("signup")

    sign_up(page, "Runner.One@Example.com", "Runner One", NEW_PASSWORD, screenshot)

    expect(page.get_by_role("heading", name="Hello, Runner One")).to_be_visible()
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    screenshot("dashboard-new-runner")
    # The first-run checklist, each step leading to the next.
    first_steps = page.locator("article.first-steps")
    expect(first_steps.get_by_role("listitem")).to_have_count(4)
    first_steps.get_by_role("button", name="Next: check your time zone and test day").click()
    page.get_by_role("button", name="Save profile").click()
    page.get_by_role("button", name="Next: record your first test").click()
    expect(page.get_by_role("heading", name="Record your weekly test")).to_be_visible()
    go_to(page, "Home")
    expect(first_steps.locator("li.step-done")).to_have_count(1)
    user = User.objects.get()
    assert user.email == "runner.one@example.com"
    # static/js/app.js filled in the browser's time zone (set in tests/e2e/conftest.py).
    assert user.profile.timezone == BROWSER_TIMEZONE

    go_to(page, "Log out")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    page.get_by_label("E-mail").fill("RUNNER.ONE@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Hello, Runner One")).to_be_visible()
    assert csp_violations == []


def test_coach_accepts_an_invite_and_sees_the_runner_in_the_roster(
    live_server, other_context, csp_violations
):
    UserFactory(email="alice@example.com", display_name="Alice")
    UserFactory(email="bob@example.com", display_name="Bob")

    runner_page = other_context(viewport={"width": 390, "height": 844}).new_page()
    runner_page.on(
        "console", lambda m: csp_violations.append(m.text) if "Content Security" in m.text else None
    )
    log_in(runner_page, live_server.url, "alice@example.com")
    go_to(runner_page, "My coaches")
    runner_page.get_by_role("button", name="Create invite link").click()
    expect(runner_page.get_by_text("Invite link created")).to_be_visible()
    invite_url = runner_page.locator("input.invite-link").input_value()
    assert "/invites/" in invite_url
    runner_page.screenshot(path=str(screenshot_path("my-coaches-invite")), full_page=True)

    coach_page = other_context(viewport={"width": 1280, "height": 900}).new_page()
    coach_page.on(
        "console", lambda m: csp_violations.append(m.text) if "Content Security" in m.text else None
    )
    coach_page.goto(invite_url)
    # Not logged in: who invites, then the login page, then straight back to the invite.
    expect(coach_page.get_by_role("heading", name="Alice invites you")).to_be_visible()
    coach_page.get_by_role("link", name="I have an account: log in").click()
    coach_page.get_by_label("E-mail").fill("bob@example.com")
    coach_page.get_by_label("Password").fill(PASSWORD)
    coach_page.get_by_role("button", name="Log in").click()
    expect(coach_page.get_by_role("heading", name="Alice invites you")).to_be_visible()
    coach_page.get_by_role("button", name="Accept invite").click()

    expect(coach_page.get_by_role("heading", name="Your runners")).to_be_visible()
    roster_link = coach_page.get_by_role("link", name="Alice")
    expect(roster_link).to_be_visible()
    expect(
        coach_page.get_by_role("navigation").get_by_role("link", name="Coach", exact=True)
    ).to_be_visible()
    coach_page.screenshot(path=str(screenshot_path("coach-roster")), full_page=True)
    roster_link.click()
    expect(coach_page.get_by_role("heading", name="Alice")).to_be_visible()
    assert CoachLink.objects.get().status == "active"

    # The runner sees Bob among her coaches and can end the link.
    runner_page.reload()
    expect(runner_page.get_by_text("Bob (bob@example.com)")).to_be_visible()
    assert csp_violations == []


def sign_up(page, email, name, password, screenshot=None):
    """From the sign-up page: the address, then the e-mailed link, then the password."""
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Your name").fill(name)
    # The browser's own time zone is preselected (static/js/app.js); a runner by default.
    expect(page.get_by_label("Your time zone")).to_have_value(BROWSER_TIMEZONE)
    expect(page.get_by_label("A runner")).to_be_checked()
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    if screenshot:
        screenshot("signup-sent")
    link = re.search(r"https?://\S+/signup/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_label("Choose a password").fill(password)
    page.get_by_label("The password again").fill(password)
    page.get_by_role("button", name="Finish signing up").click()


def test_a_visitor_signs_up_from_a_coachs_invite_and_lands_linked(
    live_server, page, other_context, csp_violations
):
    """The invite's page names the coach; the confirm link, opened in another browser (the
    e-mail read on another device), still carries the invite: one tick, and they are linked."""
    bob = UserFactory(email="bob@example.com", display_name="Bob", role="coach")
    invite = CoachLink.objects.create(coach=bob, direction=CoachLink.Direction.COACH_INVITES_RUNNER)

    page.goto(f"{live_server.url}/invites/{invite.token}/")
    expect(page.get_by_role("heading", name="Bob invites you")).to_be_visible()
    page.get_by_role("button", name="Create an account and accept").click()
    expect(page.get_by_text("Bob (bob@example.com) invites you")).to_be_visible()
    page.get_by_label("E-mail").fill("leo@example.com")
    page.get_by_label("Your name").fill("Leo")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    link = re.search(r"https?://\S+/signup/\S+", mail.outbox[-1].body).group(0)

    phone = other_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(link)
    expect(phone.get_by_label("Link with Bob now")).to_be_checked()
    phone.get_by_label("Choose a password").fill(NEW_PASSWORD)
    phone.get_by_label("The password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Finish signing up").click()

    expect(phone.get_by_text("You are now linked with Bob.")).to_be_visible()
    go_to(phone, "My coaches")
    expect(phone.get_by_text("Bob (bob@example.com)")).to_be_visible()
    expect(phone.get_by_text("No coach sees your data yet")).to_have_count(0)
    assert CoachLink.objects.active().get().runner.email == "leo@example.com"
    assert csp_violations == []


def log_in(page, base_url, email):
    page.goto(f"{base_url}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()


def screenshot_path(name):
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
