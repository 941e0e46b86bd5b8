import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from apps.assessments.models import RedFlagCheck
from apps.plans.models import Plan, PlanItem, SetLog, StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.e2e.conftest import ALL_SETS_SAVED, QUICK_GUIDE
from tests.e2e.guide import guide_to_the_end
from tests.e2e.test_accounts_journey import log_in
from tests.factories import CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_runner_generates_a_plan_and_completes_a_guided_session(
    live_server, page, settings, screenshot, csp_violations
):
    settings.GUIDED_SESSION_TIME_SCALE = QUICK_GUIDE
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=9, hip_angle_right=1
    )
    log_in(page, live_server.url, "alice@example.com")

    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    page.get_by_role("button", name="Generate my plan").click()
    # Her first test: the red-flag questions come first; none applies.
    expect(page.get_by_role("heading", name="Before you stretch: a few questions")).to_be_visible()
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    page.get_by_role("button", name="Generate my plan").click()
    expect(page.get_by_text("Left 8° tighter: one extra set on the left")).to_be_visible()
    screenshot("plan-generated")
    # One session planned this week, so this week's colour turns with today's session.
    today = runner.profile.today()
    Plan.objects.update(starts_on=today - timedelta(days=today.weekday()), sessions_per_week=1)
    # The stretches' journey (on a strength day, test_strength_journey.py guides strength).
    PlanItem.objects.filter(stretch__kind="strength").delete()
    page.reload()
    this_week = page.locator(".week-strip li").last
    expect(this_week).to_contain_text("0 of 1")
    expect(this_week).to_contain_text("under way")

    page.get_by_role("button", name=re.compile("today's session")).click()
    guide = page.locator("#guide")
    expect(guide).to_be_visible()
    expect(guide).to_contain_text("Edge-of-table hip-flexor stretch")
    screenshot("session-guided")
    guide.get_by_role("button", name="Start").click()
    # The guide walks every set, ticking and saving each one as it goes.
    expect(page.locator("#progress")).to_contain_text("15 of 15 sets done", timeout=20_000)
    expect(guide).to_contain_text("All sets done")
    assert SetLog.objects.count() == 15
    expect(page.get_by_label(re.compile("How did it feel"))).to_be_focused()

    page.get_by_label(re.compile("How did it feel")).fill("3")
    page.get_by_role("button", name="Finish session").click()
    # The Finish section turns into the session's completion screen (htmx), then back to the plan.
    expect(page.get_by_role("heading", name="Session done")).to_be_focused()
    expect(page.get_by_text("Done today.")).to_be_visible()
    page.get_by_role("link", name="Back to your plan").click()
    expect(this_week).to_contain_text("1 of 1")
    expect(this_week).to_have_class(re.compile("week-green"))
    screenshot("plan-week-done")
    assert StretchSession.objects.get().discomfort == 3
    assert csp_violations == []


def test_a_half_done_session_resumes_after_the_tab_is_closed(live_server, other_context, settings):
    settings.GUIDED_SESSION_TIME_SCALE = 100  # holds far too long to finish by themselves
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies
    context = other_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Generate my plan").click()
    expect(page.get_by_text("Your plan is ready.")).to_be_visible()
    page.goto(f"{live_server.url}/plan/session/")
    boxes = page.locator("input[data-step]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(page.locator("#progress")).to_contain_text("2 of")
    page.close()  # the tab is closed mid-session

    again = context.new_page()
    again.goto(f"{live_server.url}/plan/")
    expect(again.get_by_role("button", name="Resume today's session")).to_be_visible()
    again.get_by_role("button", name="Resume today's session").click()
    expect(again.locator("#progress")).to_contain_text("2 of")
    expect(again.locator("input[data-step]").nth(1)).to_be_checked()
    expect(again.locator("#guide")).to_contain_text("set 3 of")


def test_a_coach_assigns_a_plan_that_the_runner_then_sees(live_server, other_context):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    coach = UserFactory(email="bob@example.com", display_name="Bob")
    CoachLinkFactory(runner=runner, coach=coach)

    coach_page = other_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(coach_page, live_server.url, "bob@example.com")
    coach_page.get_by_role("link", name="Coach", exact=True).click()
    coach_page.get_by_role("link", name="No plan: assign one").click()
    expect(coach_page.get_by_role("heading", name="Assign a plan to Alice")).to_be_visible()
    coach_page.get_by_label("Title").fill("Marathon block")
    coach_page.get_by_label("Sessions per week", exact=True).fill("4")
    warrior = coach_page.get_by_role("group", name="Standing lunge (Warrior I)")
    warrior.get_by_label("Include").uncheck()
    # Strength: the bridge at 3 x 12 on two days a week; maintenance at 2 a week from week 5.
    bridge = coach_page.get_by_role("group", name="Bridge (strength)", exact=True)
    bridge.get_by_label("Include").check()
    expect(bridge.get_by_label("Repetitions")).to_have_value("10")
    bridge.get_by_label("Sets", exact=True).fill("3")
    bridge.get_by_label("Repetitions").fill("12")
    coach_page.get_by_role("button", name="Assign plan").click()
    # Strength ticked without its days: refused beside the field, nothing saved.
    strength = coach_page.get_by_role("group", name="Strength", exact=True)
    expect(
        strength.get_by_text("Choose the strength days: a strength exercise is ticked below.")
    ).to_be_visible()
    assert not Plan.objects.exists()
    strength.get_by_label("Strength days a week").select_option(
        label="2 days (Monday and Thursday)"
    )
    phases = coach_page.get_by_role("group", name="Phases")
    phases.get_by_label("Maintenance from week").fill("5")
    phases.get_by_label("Maintenance sessions per week").fill("2")
    coach_page.get_by_role("button", name="Assign plan").click()
    expect(coach_page.get_by_text("Plan assigned to Alice.")).to_be_visible()
    expect(coach_page.get_by_role("heading", name="This week: Build, week 1 of 4")).to_be_visible()

    runner_page = other_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(runner_page, live_server.url, "alice@example.com")
    runner_page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    expect(runner_page.get_by_role("heading", name="Marathon block")).to_be_visible()
    expect(runner_page.get_by_text("Assigned by Bob.")).to_be_visible()
    expect(runner_page.get_by_text("4 sessions a week, then 2 a week from week 5")).to_be_visible()
    expect(runner_page.get_by_role("heading", name="This week: Build, week 1 of 4")).to_be_visible()
    expect(
        runner_page.get_by_text("strength on Monday and Thursday, never two days in a row")
    ).to_be_visible()
    expect(runner_page.get_by_role("link", name="Bridge", exact=True)).to_be_visible()
    plan = Plan.objects.get()
    assert (plan.strength_sessions_per_week, plan.maintenance_from_week) == (2, 5)
    assert list(plan.items.values_list("stretch__slug", flat=True)) == [
        "edge-of-table",
        "half-kneeling-lunge",
        "bridge",
    ]
    assert (
        plan.items.get(stretch__slug="bridge").sets,
        plan.items.get(stretch__slug="bridge").reps,
    ) == (3, 12)


# The browser stalls 50 ms once, between a countdown's start and its first tick (the sixth
# countdown's, a 10 ms rest or a 30 ms hold at QUICK_GUIDE), as a busy machine may: the countdown
# is over at its first tick. window.stalls counts the stalls made, so the test knows it made one.
STALL_ONCE = """(() => {
  const now = Date.now.bind(Date);
  let late = 0, firstTicks = 0;
  window.stalls = 0;
  Date.now = () => {
    if (/at tick[^]*at countdown/.test(new Error().stack) && ++firstTicks === 6) {
      late += 50;
      window.stalls += 1;
    }
    return now() + late;
  };
})();"""


def test_the_guide_goes_on_after_a_countdown_that_is_over_at_its_first_tick(
    live_server, page, settings
):
    settings.GUIDED_SESSION_TIME_SCALE = QUICK_GUIDE
    PlanFactory(runner=UserFactory(email="alice@example.com", display_name="Alice"))
    page.add_init_script(STALL_ONCE)
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/plan/session/")

    page.locator("#guide").get_by_role("button", name="Start").click()

    expect(page.locator("#guide")).to_contain_text("All sets done", timeout=20_000)
    expect(page.locator("#progress")).to_contain_text(ALL_SETS_SAVED)
    assert page.evaluate("window.stalls") == 1


def test_skip_moves_on_without_counting_the_set_as_done(live_server, page, settings):
    settings.GUIDED_SESSION_TIME_SCALE = 100  # nothing finishes by itself
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Generate my plan").click()
    expect(page.get_by_text("Your plan is ready.")).to_be_visible()
    page.goto(f"{live_server.url}/plan/session/")
    guide = page.locator("#guide")

    guide.get_by_role("button", name="Start").click()
    expect(guide).to_contain_text("Left side, set 1 of")
    guide.get_by_role("button", name="Skip this set").click()

    expect(guide).to_contain_text("Left side, set 2 of")
    expect(page.locator("input[data-step]").first).not_to_be_checked()
    assert not SetLog.objects.exists()


def test_keyboard_only_runner_runs_a_guided_session(live_server, page, settings):
    settings.GUIDED_SESSION_TIME_SCALE = QUICK_GUIDE
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Generate my plan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your plan is ready.")).to_be_visible()

    page.get_by_role("button", name=re.compile("today's session")).focus()
    page.keyboard.press("Enter")
    page.locator("#guide").get_by_role("button", name="Start").focus()
    page.keyboard.press("Enter")
    guide_to_the_end(page, keyboard=True)
    expect(page.locator("#guide")).to_contain_text("All sets done", timeout=20_000)
    expect(page.locator("#progress")).to_contain_text(ALL_SETS_SAVED)
    # The guide hands the keyboard focus to the rating when every set is done.
    discomfort = page.get_by_label(re.compile("How did it feel"))
    expect(discomfort).to_be_focused()
    page.keyboard.type("1")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Done today.")).to_be_visible()
    assert StretchSession.objects.get().discomfort == 1


def test_a_coach_writes_an_exercise_puts_it_in_a_plan_and_the_runner_does_it(
    live_server, other_context, csp_violations
):
    from apps.accounts.models import Profile
    from tests.factories import PASSWORD

    runner = UserFactory(email="alice@example.com", display_name="Alice")
    coach = UserFactory(email="bob@example.com", display_name="Bob")
    Profile.objects.filter(user=coach).update(role="coach")
    CoachLinkFactory(runner=runner, coach=coach)

    coach_page = other_context(viewport={"width": 1280, "height": 900}).new_page()
    coach_page.goto(f"{live_server.url}/login/")
    coach_page.get_by_label("E-mail").fill("bob@example.com")
    coach_page.get_by_label("Password").fill(PASSWORD)
    coach_page.get_by_role("button", name="Log in").click()
    expect(coach_page.get_by_role("heading", name="Your runners")).to_be_visible()
    coach_page.get_by_role("link", name="your exercises").click()
    coach_page.get_by_role("button", name="Write an exercise").click()
    coach_page.get_by_label("Name").fill("Couch stretch")
    coach_page.get_by_label("Instructions").fill("Kneel with the back foot up on a sofa.")
    coach_page.get_by_label("Cues").fill("Pelvis tucked\nRibs down")
    coach_page.get_by_label("Hold", exact=True).check()
    coach_page.get_by_label("Sets").fill("2")
    coach_page.get_by_label("Hold (seconds)").fill("3")
    coach_page.get_by_role("button", name="Save exercise").click()
    # A hold of 3 s is refused beside its field, and nothing is saved.
    expect(coach_page.get_by_text("Enter seconds from 5 to 120.").first).to_be_visible()
    coach_page.get_by_label("Hold (seconds)").fill("40")
    coach_page.get_by_role("button", name="Save exercise").click()
    expect(coach_page.get_by_text("“Couch stretch” is ready for your plans.")).to_be_visible()

    coach_page.goto(f"{live_server.url}/coach/")
    coach_page.get_by_role("link", name="No plan: assign one").click()
    own = coach_page.get_by_role("group", name="Couch stretch (your exercise)")
    own.get_by_label("Include").check()
    coach_page.get_by_role("button", name="Assign plan").click()
    expect(coach_page.get_by_text("Plan assigned to Alice.")).to_be_visible()

    runner_page = other_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(runner_page, live_server.url, "alice@example.com")
    runner_page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    runner_page.get_by_role("link", name="Couch stretch").click()
    expect(runner_page.get_by_role("heading", name="Couch stretch")).to_be_visible()
    expect(runner_page.get_by_text("Pelvis tucked")).to_be_visible()
    runner_page.goto(f"{live_server.url}/plan/session/")
    exercise = runner_page.get_by_role(
        "group", name=re.compile("^Couch stretch: 2 \N{MULTIPLICATION SIGN} 40 s")
    )
    expect(exercise.get_by_text("Ribs down")).to_be_visible()
    # No broken picture: a coach's exercise has no drawing, and none is asked for.
    broken = runner_page.evaluate(
        "[...document.images].filter(i => i.getAttribute('src') && !i.naturalWidth).length"
    )
    assert broken == 0
    assert csp_violations == []
