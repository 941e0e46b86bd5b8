"""The runner's and the coach's whole stories, at a phone size and a desktop size, with axe-core
run on every main page and a screenshot of each in screenshots/."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from apps.accounts.models import CoachLink
from apps.plans.models import StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import ALL_SETS_SAVED, QUICK_GUIDE, SCREENSHOTS, go_to
from tests.e2e.guide import guide_to_the_end
from tests.e2e.test_accounts_journey import sign_up
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import UserFactory
from tests.plans.factories import complete_session

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "Stretch-daily-2026"


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    """A fresh browser context at one size, with a checker for each main page."""
    context = browser.new_context(viewport=SIZES[request.param], timezone_id="Europe/Helsinki")
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    SCREENSHOTS.mkdir(exist_ok=True)

    def check(name, on=page):
        """axe-core finds nothing serious, nothing scrolls sideways; a screenshot to look at."""
        assert_accessible(on, name)
        width = on.viewport_size["width"]
        assert on.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows"
        tab_bar = on.locator("nav.tab-bar")
        if tab_bar.count():  # logged in: a one-row tab bar on a phone, the header's links wider
            if width < 768:
                assert tab_bar.bounding_box()["height"] < 80, f"{name}: the tab bar wraps"
                assert not on.locator(".nav-links-full").is_visible()
            else:
                assert not tab_bar.is_visible()
        on.screenshot(path=str(SCREENSHOTS / f"story-{request.param}-{name}.png"), full_page=True)

    yield page, check, context
    assert violations == [], violations
    context.close()


def test_the_runners_story(live_server, sized, settings):
    page, check, _context = sized
    settings.GUIDED_SESSION_TIME_SCALE = QUICK_GUIDE
    page.goto(live_server.url)
    check("landing")
    page.get_by_role("button", name="Sign up free").click()
    check("signup")
    sign_up(page, "runner@example.com", "Riley", PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Riley")).to_be_visible()
    check("dashboard-empty")

    page.get_by_role("button", name="Record this week's test").click()
    page.get_by_label("Phone").check()
    page.get_by_label("Left hip angle (°)").fill("7")
    page.get_by_label("Right hip angle (°)").fill("1")
    page.get_by_label("Left knee angle (°)").fill("62")
    page.get_by_label("Right knee angle (°)").fill("70")
    expect(page.locator("#feedback")).to_contain_text("left 6° tighter than right")
    check("record-test")
    page.get_by_role("button", name="Save test").click()
    expect(page.get_by_text("Test saved.")).to_be_visible()
    # A first test asks the red-flag questions before the result.
    expect(page.get_by_role("heading", name="Before you stretch: a few questions")).to_be_visible()
    check("safety-questions")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("None of these applies")).to_be_visible()
    check("test-detail")
    page.get_by_role("navigation").get_by_role("link", name="Tests").click()
    expect(page.locator("svg.chart-svg").first).to_have_attribute("data-points", "2")
    check("tests-charts")

    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    page.get_by_role("button", name="Generate my plan").click()
    expect(page.get_by_text("Left 6° tighter: one extra set on the left")).to_be_visible()
    check("plan")
    page.get_by_role("button", name=re.compile("today's session")).click()
    check("session")
    page.locator("#guide").get_by_role("button", name="Start").click()
    guide_to_the_end(page)
    expect(page.locator("#progress")).to_contain_text(ALL_SETS_SAVED)
    page.get_by_label(re.compile("How did it feel")).fill("2")
    page.get_by_role("button", name="Finish session").click()
    expect(page.get_by_text("Done today.")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Sitting").click()
    page.locator("#today-card").get_by_role("button", name="+1 h seated").click()
    expect(page.locator('[data-counter="minutes_seated"]')).to_have_text("1 h")
    check("sitting")
    go_to(page, "Home")
    expect(page.get_by_text("This week: 1 h a day.")).to_be_visible()
    expect(page.get_by_text("Done today.")).to_be_visible()
    check("dashboard")
    page.get_by_role("link", name=re.compile("Insights")).click()
    check("insights")
    go_to(page, "Account")
    check("account")


def test_the_coachs_story(live_server, sized, other_context):
    page, check, _context = sized
    runner = UserFactory(email="riley@example.com", display_name="Riley")
    UserFactory(email="casey@example.com", display_name="Casey", role="coach")

    # A coach logs in to the roster, and on a phone its tab leads the bar.
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("casey@example.com")
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your runners")).to_be_visible()
    page.get_by_role("button", name="Create runner invite link").click()
    invite_url = page.locator("input.invite-link").input_value()
    check("coach-invite")

    runner_page = other_context(viewport={"width": 390, "height": 844}).new_page()
    runner_page.goto(invite_url)
    runner_page.get_by_role("link", name="I have an account: log in").click()
    runner_page.get_by_label("E-mail").fill("riley@example.com")
    runner_page.get_by_label("Password").fill("correct-horse-battery-staple-42")
    runner_page.get_by_role("button", name="Log in").click()
    expect(runner_page.get_by_text("invites you to link with them")).to_be_visible()
    check("invite-accept", on=runner_page)
    runner_page.get_by_role("button", name="Accept invite").click()
    expect(runner_page.get_by_text("Casey (casey@example.com)")).to_be_visible()

    page.reload()
    expect(page.get_by_role("link", name="Riley")).to_be_visible()
    check("roster")
    page.get_by_role("link", name="No plan: assign one").click()
    page.get_by_label("Title").fill("Base block")
    for name in (
        "Title",
        "Starts on",
        "Length in weeks",
        "Sessions per week",
        "Maintenance from week",
        "Maintenance sessions per week",
    ):
        label = page.get_by_text(name, exact=True).bounding_box()
        field = page.get_by_label(name, exact=True).bounding_box()
        # Each label sits just above its own field, at every size.
        assert abs(label["x"] - field["x"]) < 2, name
        assert 0 < field["y"] - label["y"] < 100, name  # a help line may sit between
    check("assign-plan")
    page.get_by_role("button", name="Assign plan").click()
    expect(page.get_by_text("Plan assigned to Riley.")).to_be_visible()
    check("coach-runner-plan")

    # A comment on the plan, a reply from the runner's phone: only the two of them see it.
    page.get_by_label("Write to the runner").fill("Start gently: two sessions this week is fine.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Comment sent.")).to_be_visible()
    runner_page.goto(f"{live_server.url}/plan/")
    expect(runner_page.get_by_text("Start gently: two sessions this week is fine.")).to_be_visible()
    runner_page.get_by_label("Write to Casey").fill("Will do, thanks!")
    runner_page.get_by_role("button", name="Send").click()
    expect(runner_page.get_by_text("Comment sent.")).to_be_visible()
    check("runner-plan-comments", on=runner_page)
    page.reload()
    expect(page.locator(".comment-list")).to_contain_text("Will do, thanks!")

    plan = runner.plans.get()
    complete_session(plan, runner.profile.today())
    page.goto(f"{live_server.url}/coach/")
    riley = page.get_by_role("row", name=re.compile("Riley"))
    expect(riley).to_contain_text("1 of")
    check("roster-adherence")
    assert StretchSession.objects.filter(runner=runner).count() == 1

    # An alert says what triggered it, links to it, and goes once marked seen (htmx, in place).
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7), pain_groin=2)
    AssessmentFactory(runner=runner, taken_on=today, pain_groin=6, hip_angle_left=20)
    page.reload()
    riley = page.get_by_role("row", name=re.compile("Riley"))
    expect(riley).to_contain_text("groin pain 2 → 6/10")
    expect(riley).to_contain_text("twice the 5° threshold or more")
    page.get_by_label("Only runners with alerts").check()
    expect(page).to_have_url(re.compile(r"alerts=on"))
    check("roster-alerts")
    riley.locator("summary").click()  # the most serious alert; the others in its details
    riley.get_by_role("button", name=re.compile(r"^Seen\W+Pain up, Riley$")).click()
    expect(riley).not_to_contain_text("groin pain")
    expect(riley).to_contain_text("twice the 5° threshold")
    page.reload()
    expect(page.get_by_role("row", name=re.compile("Riley"))).not_to_contain_text("groin pain")

    # The runner's whole picture, and the report printed to PDF by Chromium: one or two A4 pages.
    riley.get_by_role("link", name="Riley", exact=True).click()
    expect(page.get_by_role("heading", name="Riley", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Pain by region")).to_be_visible()
    check("runner-page")
    page.emulate_media(media="print")
    page.screenshot(
        path=str(SCREENSHOTS / f"print-{request_size(page)}-runner.png"), full_page=True
    )
    pdf = page.pdf(format="A4", print_background=True)
    (SCREENSHOTS / f"report-{request_size(page)}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
    page.emulate_media(media="screen")

    # A comment on the day's session, from the whole picture; the runner replies from the plan.
    session_link = f"{today:%a} {today.day} {today:%b}"
    page.get_by_role("link", name=session_link).click()
    expect(page.get_by_role("heading", name="Stretch session of Riley")).to_be_visible()
    page.get_by_label("Write to the runner").fill("Well done: ease into the last set.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Comment sent.")).to_be_visible()
    check("session-comments")
    runner_page.goto(f"{live_server.url}/plan/")
    runner_page.get_by_role("link", name=session_link).click()
    expect(runner_page.get_by_text("Well done: ease into the last set.")).to_be_visible()
    runner_page.get_by_label("Write to Casey").fill("Thanks, I will.")
    runner_page.get_by_role("button", name="Send").click()
    expect(runner_page.get_by_text("Comment sent.")).to_be_visible()
    check("runner-session-comments", on=runner_page)
    page.reload()
    expect(page.locator(".comment-list")).to_contain_text("Thanks, I will.")

    page.goto(f"{live_server.url}/coach/")
    riley = page.get_by_role("row", name=re.compile("Riley"))

    # A squad at once: one bad address refuses the list, saying which; then each gets an e-mail.
    page.get_by_role("link", name="Invite several runners at once by e-mail").click()
    field = page.get_by_label("Runners' e-mail addresses")
    field.fill("sam@example.com\nlee@example\nriley@example.com")
    page.get_by_role("button", name="Send invites").click()
    expect(page.locator("#error-summary")).to_contain_text("Not e-mail addresses: lee@example.")
    field.fill("sam@example.com\nlee@example.com\nriley@example.com")
    page.get_by_role("button", name="Send invites").click()
    expect(page.get_by_role("heading", name="2 invites sent")).to_be_visible()
    expect(page.get_by_text("Already your runners, skipped: riley@example.com.")).to_be_visible()
    check("group-invite")
    page.goto(f"{live_server.url}/coach/")
    riley = page.get_by_role("row", name=re.compile("Riley"))

    # Stopping is on the runner's page, not on every row of the roster.
    riley.get_by_role("link", name="Riley", exact=True).click()
    page.get_by_role("button", name="Stop coaching Riley").click()
    # First the page that says what happens; the link ends only on its button.
    expect(page.get_by_role("heading", name="Stop coaching Riley?")).to_be_visible()
    assert CoachLink.objects.filter(runner=runner, status="active").exists()
    check("end-link")
    page.get_by_role("button", name="Stop coaching Riley").click()
    expect(
        page.get_by_text("You are no longer linked with Riley, who has been told.")
    ).to_be_visible()
    assert not CoachLink.objects.filter(runner=runner, status="active").exists()


def request_size(page):
    return "phone" if page.viewport_size["width"] < 768 else "desktop"


def test_the_accessibility_check_can_fail(live_server, page):
    page.goto(f"{live_server.url}/login/")
    page.evaluate(
        "() => document.querySelector('main').append(Object.assign(document.createElement('img'),"
        " {src: '/static/img/favicon.svg'}))"
    )

    from tests.e2e.accessibility import axe_violations

    assert any(violation.startswith("image-alt") for violation in axe_violations(page))
