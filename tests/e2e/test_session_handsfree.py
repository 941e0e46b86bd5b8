"""The guided session, hands-free (issue 14): a "get into position" countdown before each set,
pause and resume (button and Space bar), spoken cues with a remembered mute, the stretch's
illustration large on a phone, and the completion screen's caution after a hard session.

Playwright's clock drives the timers (page.clock.run_for), so a 30-second hold takes no real
time; the browser's speech synthesis is replaced by a recorder (window.spoken)."""

import re

import pytest
from playwright.sync_api import expect

from apps.plans.models import PlanItem, SetLog, Stretch, StretchSession
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import ALL_SETS_SAVED, SCREENSHOTS
from tests.e2e.test_accounts_journey import PASSWORD
from tests.e2e.test_keyboard import tab_to
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The browser's speech synthesis, recording what it is asked to say instead of saying it.
RECORD_SPEECH = """(() => {
  window.spoken = [];
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
    speaking: false, pending: false, paused: false,
    speak(utterance) { window.spoken.push(utterance.text); },
    cancel() {}, pause() {}, resume() {}, getVoices() { return []; },
  }});
})();"""
# A browser without speech synthesis.
NO_SPEECH = """(() => {
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: undefined});
  window.SpeechSynthesisUtterance = undefined;
})();"""
POSITION = "Get into position: Edge-of-table hip-flexor stretch"


@pytest.fixture
def session_page(live_server, page):
    """Alice's session page: the table stretch, 2 sets of 30 s a side (left 1, left 2, right 1,
    right 2), with speech recorded and the clock in the test's hands."""
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    plan = PlanFactory(runner=runner, with_items=False)
    PlanItem.objects.create(
        plan=plan,
        stretch=Stretch.objects.get(slug="edge-of-table"),
        order=1,
        sets=2,
        hold_seconds=30,
    )
    page.add_init_script(RECORD_SPEECH)
    page.clock.install()
    # Logged in with the keyboard alone: typing, and Enter to send.
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    page.goto(f"{live_server.url}/plan/session/")
    expect(page.locator("#guide")).to_be_visible()
    return page


def spoken(page):
    return page.evaluate("window.spoken")


def timer_seconds(page):
    return int(page.locator("[data-guide-timer]").inner_text().removesuffix(" s"))


def test_a_get_into_position_countdown_comes_before_the_hold(session_page):
    page = session_page
    guide = page.locator("#guide")

    guide.get_by_role("button", name="Start").click()

    expect(guide.locator("[data-guide-phase]")).to_have_text("Get into position")
    expect(guide.locator("[data-guide-timer]")).to_have_text(re.compile(r"^[1-5] s$"))
    assert spoken(page) == [f"{POSITION}, left side"]
    # Screen readers hear it too, with the set.
    expect(guide.get_by_role("status")).to_have_text(f"{POSITION}, left side, set 1 of 2.")
    assert not SetLog.objects.exists()

    page.clock.run_for(5_000)
    expect(guide.locator("[data-guide-phase]")).to_have_text("Hold")
    assert timer_seconds(page) > 25
    assert spoken(page)[-1] == "Hold 30 seconds"


def test_pause_stops_the_timer_where_it_was_and_resume_goes_on(session_page):
    page = session_page
    guide = page.locator("#guide")
    guide.get_by_role("button", name="Start").click()
    page.clock.run_for(8_000)  # 5 s to get into position, 3 s into the hold
    expect(guide.locator("[data-guide-phase]")).to_have_text("Hold")

    guide.get_by_role("button", name="Pause").click()

    expect(guide.get_by_role("button", name="Resume")).to_be_visible()
    expect(guide.get_by_text("Paused", exact=True)).to_be_visible()
    held_at = timer_seconds(page)
    page.clock.run_for(1_500)
    page.wait_for_timeout(300)  # and a little real time
    assert timer_seconds(page) == held_at
    assert spoken(page)[-1] == "Paused"
    # The Space bar resumes where the focus is on no field or button...
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Space")
    expect(guide.get_by_role("button", name="Pause")).to_be_visible()
    expect(guide.get_by_text("Paused", exact=True)).to_be_hidden()
    page.clock.run_for(2_000)
    expect(guide.locator("[data-guide-timer]")).to_have_text(f"{held_at - 2} s")
    # ...and pauses again; in a form field a space is only a space.
    page.keyboard.press("Space")
    expect(guide.get_by_role("button", name="Resume")).to_be_visible()
    page.keyboard.press("Space")
    expect(guide.get_by_role("button", name="Pause")).to_be_visible()
    page.get_by_label(re.compile("How did it feel")).focus()
    page.keyboard.press("Space")
    expect(guide.get_by_role("button", name="Pause")).to_be_visible()


def test_mute_silences_the_voice_and_is_remembered(session_page):
    page = session_page
    guide = page.locator("#guide")
    mute = guide.get_by_role("button", name="Mute voice")
    expect(mute).to_have_attribute("aria-pressed", "false")

    mute.click()

    expect(mute).to_have_attribute("aria-pressed", "true")
    page.reload()
    mute = page.locator("#guide").get_by_role("button", name="Mute voice")
    expect(mute).to_have_attribute("aria-pressed", "true")
    page.locator("#guide").get_by_role("button", name="Start").click()
    page.clock.run_for(6_000)
    expect(guide.locator("[data-guide-phase]")).to_have_text("Hold")
    assert spoken(page) == []
    # The screen and the status region still say it all.
    expect(guide.get_by_role("status")).to_contain_text("Hold 30 seconds")
    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("localStorage.getItem('psoas-session-voice-muted')") == "0"


def test_no_mute_button_where_the_browser_cannot_speak(live_server, page):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    PlanFactory(runner=runner)
    page.add_init_script(NO_SPEECH)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    page.goto(f"{live_server.url}/plan/session/")

    guide = page.locator("#guide")
    guide.get_by_role("button", name="Start").click()

    expect(guide.locator("[data-guide-phase]")).to_have_text("Get into position")
    expect(guide.locator("[data-guide-mute]")).to_be_hidden()


def test_a_keyboard_only_runner_is_guided_through_the_whole_session(session_page):
    page = session_page
    guide = page.locator("#guide")

    tab_to(page, guide.get_by_role("button", name="Start"))
    page.keyboard.press("Enter")
    expect(guide.locator("[data-guide-phase]")).to_have_text("Get into position")
    page.clock.run_for(7_000)
    # Pause and resume from the keyboard: Pause sits just before the (now) Restart button.
    page.keyboard.press("Shift+Tab")
    expect(guide.get_by_role("button", name="Pause")).to_be_focused()
    page.keyboard.press("Space")
    expect(guide.get_by_role("button", name="Resume")).to_be_focused()
    held_at = timer_seconds(page)
    page.clock.run_for(1_500)
    assert timer_seconds(page) == held_at
    page.keyboard.press("Enter")
    expect(guide.get_by_role("button", name="Pause")).to_be_focused()

    # The rest of the session: 4 sets of 30 s, rests and a switch of sides, well under 3 min.
    page.clock.run_for(170_000)

    expect(guide).to_contain_text("All sets done")
    expect(page.locator("#progress")).to_contain_text("4 of 4 sets done")
    discomfort = page.get_by_label(re.compile("How did it feel"))
    expect(discomfort).to_be_focused()
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Session done")).to_be_focused()
    expect(page.locator("#finish")).to_contain_text("Done today. Well stretched.")
    assert StretchSession.objects.get().discomfort == 2
    assert SetLog.objects.count() == 4

    said = [text for text in spoken(page) if text not in ("Paused", "Hold")]
    left, right = f"{POSITION}, left side", f"{POSITION}, right side"
    hold = ["Hold 30 seconds", "10 seconds"]
    assert said == [
        left, *hold, "Rest",
        left, *hold, f"Switch sides. {right}", *hold, "Rest",
        right, *hold, "Done. Rate how it felt, then finish the session.",
    ]  # fmt: skip


def assert_fits(page, width):
    """At `width` px: no sideways scroll, and the guide's buttons in one row, labels whole."""
    page.set_viewport_size({"width": width, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "scrolls sideways"
    controls = page.locator("#guide [data-guide-controls] button").filter(visible=True)
    tops = {round(button.bounding_box()["y"]) for button in controls.all()}
    assert len(tops) <= 1, f"the guide's buttons wrap at {width} px"
    cut = controls.evaluate_all(
        "buttons => buttons.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.innerText)"
    )
    assert cut == [], f"button labels cut off at {width} px"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_guide_fits_and_the_illustration_is_large(session_page, scheme):
    """At 390 and 320 px: no sideways scroll, one row of buttons, the illustration nearly as wide
    as the screen; axe finds nothing serious. Screenshots of each state for a person to look at."""
    page = session_page
    page.emulate_media(color_scheme=scheme)
    guide = page.locator("#guide")
    SCREENSHOTS.mkdir(exist_ok=True)

    def shot(state):
        page.set_viewport_size({"width": 390, "height": 844})
        guide.screenshot(path=str(SCREENSHOTS / f"session-handsfree-{scheme}-{state}.png"))

    assert guide.locator("[data-guide-figure]").bounding_box()["width"] >= 300
    assert_fits(page, 390)
    assert_fits(page, 320)
    shot("ready")
    guide.get_by_role("button", name="Start").click()
    assert_fits(page, 320)
    assert_fits(page, 390)
    shot("position")
    page.clock.run_for(9_000)
    shot("hold")
    guide.get_by_role("button", name="Pause").click()
    page.mouse.move(0, 0)  # no hover colour, and its transition over, for axe
    page.wait_for_timeout(300)
    assert_fits(page, 320)
    guide.screenshot(path=str(SCREENSHOTS / f"session-handsfree-{scheme}-paused-320.png"))
    assert_accessible(page, f"paused session, {scheme}")
    shot("paused")
    guide.get_by_role("button", name="Resume").click()
    page.clock.run_for(27_000)
    expect(guide.locator("[data-guide-phase]")).to_have_text("Rest")
    shot("rest")
    page.clock.run_for(130_000)
    expect(guide).to_contain_text("All sets done")
    shot("all-sets-done")
    page.get_by_label(re.compile("How did it feel")).fill("8")
    page.get_by_role("button", name="Finish session").click()
    # A hard session: the completion screen gives the caution, not "well stretched".
    finish = page.locator("#finish")
    expect(finish).to_contain_text("Done today, but it felt uncomfortable (8/10)")
    expect(finish).not_to_contain_text("Well stretched")
    expect(page.locator("#progress")).to_have_text("4 of 4 sets done, finished.")
    expect(guide).to_be_hidden()  # nothing left to guide
    assert_fits(page, 320)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, f"finished session, {scheme}")
    page.screenshot(
        path=str(SCREENSHOTS / f"session-handsfree-{scheme}-finished.png"), full_page=True
    )


def test_without_javascript_the_checklist_and_the_rating_still_work(live_server, other_context):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    PlanFactory(runner=runner)
    page = other_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    ).new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/plan/session/")

    expect(page.locator("#guide")).to_be_hidden()
    boxes = page.locator("input[data-step]")
    for n in range(boxes.count()):
        boxes.nth(n).check()
    page.get_by_role("button", name="Save ticked sets").click()
    expect(page.locator("#progress")).to_contain_text(ALL_SETS_SAVED)
    page.get_by_label(re.compile("How did it feel")).fill("7")
    page.get_by_role("button", name="Finish session").click()

    # The plan page, as before, with the caution instead of "well stretched".
    expect(page).to_have_url(f"{live_server.url}/plan/")
    expect(page.get_by_text("Done today, but it felt uncomfortable (7/10).")).to_be_visible()
    expect(page.get_by_text("Well stretched")).to_have_count(0)
