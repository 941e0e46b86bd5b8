"""The "Measure with phone" button shows only where a tilt sensor can answer.

Each test states the device it assumes instead of relying on one Chromium version's defaults:
a touch phone (`has_touch`, `is_mobile`) or a plain desktop context, and whether the browser
has `DeviceOrientationEvent.requestPermission` (iOS, desktop Chromium 156+ and Safari on a Mac
define it; Android and older Chromium do not), set by an init script either way. Readings are
synthetic deviceorientation events: headless Chromium has no sensor. The automatic reading waits
for the phone to keep still for 2 s: those tests drive the page's time with Playwright's clock
(install, then pause and run_for), so they neither wait for real nor depend on the machine's speed.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
ASKS_PERMISSION = "DeviceOrientationEvent.requestPermission = () => Promise.resolve('{answer}');"
NO_PERMISSION_API = "delete DeviceOrientationEvent.requestPermission;"


def open_record_form(page, live_server, device_script):
    UserFactory(email="alice@example.com", display_name="Alice")
    page.add_init_script(device_script)
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/tests/new/")
    return page.locator('[data-tilt-for="id_hip_angle_left"]')


def tilt(page, beta):
    """Sends one orientation reading; beta None is what desktop Chromium sends with no sensor."""
    page.evaluate(
        "beta => window.dispatchEvent(new DeviceOrientationEvent('deviceorientation',"
        " {alpha: beta === null ? null : 0, beta: beta, gamma: beta === null ? null : 0}))",
        beta,
    )


def widget_hidden(page):
    """Read after the page's scripts ran: listeners run inside dispatchEvent, so this is final."""
    page.wait_for_load_state("load")
    return page.evaluate("document.querySelector('[data-tilt-for=\"id_hip_angle_left\"]').hidden")


@pytest.mark.browser_context_args(**PHONE)
def test_phone_that_asks_permission_shows_the_button_and_captures_the_angle(
    live_server, page, csp_violations
):
    widget = open_record_form(page, live_server, ASKS_PERMISSION.format(answer="granted"))
    # iOS sends no reading before a tap grants permission: the button must show without one.
    expect(widget).to_be_visible()

    widget.get_by_role("button", name="Measure with phone").click()
    tilt(page, 1.5)
    widget.get_by_role("button", name="Zero on the table").click()
    tilt(page, 9.6)
    expect(widget.locator("output")).to_have_text("8°")
    widget.get_by_role("button", name="Use this angle").click()

    expect(page.get_by_label("Left hip angle (°)")).to_have_value("8")
    expect(page.get_by_label("Left leg: what it means")).to_contain_text("8° above level")
    assert csp_violations == []


@pytest.mark.browser_context_args(**PHONE)
def test_phone_that_refuses_permission_says_to_type_the_angle(live_server, page):
    widget = open_record_form(page, live_server, ASKS_PERMISSION.format(answer="denied"))
    widget.get_by_role("button", name="Measure with phone").click()
    expect(widget.get_by_role("status")).to_have_text(
        "The phone did not allow access to its tilt sensor. Type the angle instead."
    )
    expect(widget.get_by_role("button", name="Use this angle")).to_be_hidden()


@pytest.mark.browser_context_args(**PHONE)
def test_phone_without_permission_api_shows_the_button_once_a_reading_arrives(live_server, page):
    widget = open_record_form(page, live_server, NO_PERMISSION_API)
    tilt(page, None)
    assert widget_hidden(page)  # no sensor has answered yet

    tilt(page, 4)
    expect(widget).to_be_visible()
    widget.get_by_role("button", name="Measure with phone").click()
    tilt(page, 4)
    expect(widget.locator("output")).to_have_text("4°")


@pytest.mark.browser_context_args(**DESKTOP)
@pytest.mark.parametrize(
    "device_script",
    [ASKS_PERMISSION.format(answer="granted"), NO_PERMISSION_API],
    ids=["with-requestPermission", "without-requestPermission"],
)
def test_desktop_without_a_sensor_never_shows_the_button(live_server, page, device_script):
    open_record_form(page, live_server, device_script)
    tilt(page, None)  # what desktop Chromium sends when there is no sensor
    assert widget_hidden(page)


# Records what the page asks of the vibration motor and the speaker, instead of using them.
RECORD_SIGNALS = """
window.vibrations = [];
navigator.vibrate = pattern => { window.vibrations.push(pattern); return true; };
window.beeps = 0;
const createOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.beeps += 1;
  return createOscillator.call(this);
};
"""


def ready_to_measure(page, live_server, table=1.5):
    """A phone zeroed on a table that reads `table`, the page's clock paused: returns the left
    leg's widget, its "Measure left hip" button not yet tapped."""
    page.clock.install()
    widget = open_record_form(page, live_server, NO_PERMISSION_API + RECORD_SIGNALS)
    tilt(page, table)
    widget.get_by_role("button", name="Measure with phone").click()
    tilt(page, table)
    widget.get_by_role("button", name="Zero on the table").click()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    return widget


def current_step(widget):
    return widget.locator('[data-tilt-step][aria-current="step"]')


@pytest.mark.browser_context_args(**PHONE)
def test_a_phone_kept_still_for_two_seconds_is_read_with_a_beep_and_a_buzz(
    live_server, page, csp_violations
):
    page.clock.install()
    widget = open_record_form(page, live_server, NO_PERMISSION_API + RECORD_SIGNALS)
    status = widget.locator("[data-tilt-status]")
    tilt(page, 1.5)
    widget.get_by_role("button", name="Measure with phone").click()
    expect(current_step(widget)).to_contain_text("tap Zero on the table")
    expect(status).to_have_text(re.compile("^Step 1 of 3"))
    expect(widget.get_by_role("button", name="Measure left hip")).to_be_hidden()  # zero first

    tilt(page, 1.5)
    widget.get_by_role("button", name="Zero on the table").click()
    expect(current_step(widget)).to_contain_text("lay the phone along the middle of the thigh")
    expect(status).to_contain_text("Step 2 of 3")
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)

    widget.get_by_role("button", name="Measure left hip").click()
    expect(current_step(widget)).to_contain_text("Keep still")
    expect(status).to_have_text(re.compile("^Step 3 of 3: keep still"))
    tilt(page, 9.6)  # laid on the thigh: 8.1° above the table
    page.clock.run_for(1000)
    tilt(page, 9.8)  # within the stillness window
    page.clock.run_for(1200)

    field = page.get_by_label("Left hip angle (°)")
    expect(field).to_have_value("8")  # (9.6 + 9.8) / 2 - 1.5 = 8.2, to the half degree
    expect(status).to_have_text("Left hip: 8° taken.")
    expect(current_step(widget)).to_have_count(0)
    expect(widget.locator("[data-tilt-step].done")).to_have_count(3)
    assert page.evaluate("window.vibrations") == [200]
    assert page.evaluate("window.beeps") == 1
    page.clock.resume()  # htmx's 500 ms delay before the live verdict
    expect(page.get_by_label("Left leg: what it means")).to_contain_text("8° above level")
    # Further readings change nothing once the angle is taken.
    tilt(page, 20)
    page.clock.run_for(2500)
    expect(field).to_have_value("8")
    assert csp_violations == []


@pytest.mark.browser_context_args(**PHONE)
def test_a_phone_that_keeps_moving_is_not_read_until_it_keeps_still(live_server, page):
    widget = ready_to_measure(page, live_server)
    widget.get_by_role("button", name="Measure left hip").click()
    field = page.get_by_label("Left hip angle (°)")
    for beta in [9.6, 11.0, 9.6, 11.0, 9.6, 11.0, 9.6, 11.0]:  # 1.4° apart: more than the window
        tilt(page, beta)
        page.clock.run_for(600)
    assert field.input_value() == ""
    assert page.evaluate("window.vibrations") == []
    expect(widget.locator("[data-tilt-status]")).to_have_text(re.compile("^Step 3 of 3"))

    page.clock.run_for(2100)  # no new reading: the last one (11°) has stayed for 2 s
    expect(field).to_have_value("9.5")
    expect(widget.locator("[data-tilt-status]")).to_have_text("Left hip: 9.5° taken.")


@pytest.mark.browser_context_args(**PHONE)
def test_a_phone_still_lying_on_the_table_is_not_read_as_a_level_thigh(live_server, page):
    widget = ready_to_measure(page, live_server)
    widget.get_by_role("button", name="Measure left hip").click()
    page.clock.run_for(3000)
    expect(widget.locator("[data-tilt-status]")).to_contain_text("still reads the table")
    assert page.get_by_label("Left hip angle (°)").input_value() == ""

    # Lifted and laid on a level thigh: 0° is read once the phone has moved.
    tilt(page, 6)
    page.clock.run_for(300)
    tilt(page, 1.7)
    page.clock.run_for(2100)
    expect(page.get_by_label("Left hip angle (°)")).to_have_value("0")


@pytest.mark.browser_context_args(**PHONE)
def test_measuring_can_be_cancelled_and_gives_up_after_30_seconds(live_server, page):
    widget = ready_to_measure(page, live_server)
    status = widget.locator("[data-tilt-status]")
    widget.get_by_role("button", name="Measure left hip").click()
    widget.get_by_role("button", name="Cancel").click()
    expect(status).to_have_text(re.compile("^Measuring stopped"))
    expect(current_step(widget)).to_contain_text("lay the phone along the middle of the thigh")
    tilt(page, 9.6)
    page.clock.run_for(2500)
    assert page.get_by_label("Left hip angle (°)").input_value() == ""

    widget.get_by_role("button", name="Measure left hip").click()
    for _ in range(16):  # never still for 2 s
        tilt(page, 9.6)
        page.clock.run_for(1000)
        tilt(page, 12)
        page.clock.run_for(1000)
    expect(status).to_have_text(re.compile("^No steady reading in 30 seconds"))
    expect(widget.get_by_role("button", name="Measure left hip")).to_be_visible()
    expect(widget.get_by_role("button", name="Cancel")).to_be_hidden()
    assert page.get_by_label("Left hip angle (°)").input_value() == ""


@pytest.mark.browser_context_args(**PHONE)
def test_one_zero_serves_both_legs(live_server, page):
    ready_to_measure(page, live_server)  # zeroed from the left leg's widget
    right = page.locator('[data-tilt-for="id_hip_angle_right"]')
    right.get_by_role("button", name="Measure with phone").click()
    expect(right.locator("output")).to_have_text("0°")
    expect(right.locator("[data-tilt-status]")).to_have_text(re.compile("^Step 2 of 3"))
    expect(right.get_by_role("button", name="Measure right hip")).to_be_focused()

    right.get_by_role("button", name="Measure right hip").click()
    tilt(page, -2)  # the thigh 3.5° below the table
    page.clock.run_for(2100)
    expect(page.get_by_label("Right hip angle (°)")).to_have_value("-3.5")
    expect(right.locator("[data-tilt-status]")).to_have_text("Right hip: -3.5° taken.")
    assert page.get_by_label("Left hip angle (°)").input_value() == ""


@pytest.mark.browser_context_args(**PHONE)
def test_a_phone_reading_is_saved_as_measured_with_the_phone(live_server, page):
    """The instrument decides the bands, the baseline and the chart lines: a phone reading
    must not be saved under the goniometer chosen last week. The live angle shown is the
    angle taken."""
    from datetime import date

    from apps.accounts.models import User
    from apps.assessments.models import Assessment

    widget = ready_to_measure(page, live_server)
    alice = User.objects.get(email="alice@example.com")
    Assessment.objects.create(
        runner=alice,
        taken_on=date(2026, 1, 5),
        instrument="goniometer",
        hip_angle_left=4,
        hip_angle_right=2,
    )
    page.reload()  # the goniometer of the test before comes preselected
    widget = page.locator('[data-tilt-for="id_hip_angle_left"]')
    tilt(page, 1.5)
    widget.get_by_role("button", name="Measure with phone").click()
    tilt(page, 1.5)
    widget.get_by_role("button", name="Zero on the table").click()
    expect(page.get_by_label("Goniometer")).to_be_checked()

    widget.get_by_role("button", name="Measure left hip").click()
    tilt(page, 9.6)
    page.clock.run_for(1000)
    tilt(page, 9.8)  # the latest reading alone would read 8.5°; the 2 s still read 8.2°
    page.clock.run_for(1200)

    expect(page.get_by_label("Left hip angle (°)")).to_have_value("8")
    expect(widget.locator("output")).to_have_text("8°")
    expect(page.get_by_label("Phone")).to_be_checked()
    tilt(page, 20)  # picked up again: the angle taken stays on the screen
    expect(widget.locator("output")).to_have_text("8°")

    page.clock.resume()
    page.get_by_label("Right hip angle (°)").fill("3")
    page.get_by_role("button", name="Save test").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    saved = Assessment.objects.get(runner=alice, hip_angle_left=8)
    assert saved.instrument == "phone"


@pytest.mark.browser_context_args(**PHONE)
def test_the_knee_is_the_shin_s_tilt_against_the_thigh_s(live_server, page, csp_violations):
    open_record_form(page, live_server, ASKS_PERMISSION.format(answer="granted"))
    hip = page.locator('[data-tilt-for="id_hip_angle_left"]')
    knee = page.locator('[data-tilt-for="id_knee_angle_left"]')
    expect(knee).to_be_visible()

    # Without a hip angle there is no thigh to measure the shin against.
    knee.get_by_role("button", name="Measure with phone").click()
    tilt(page, 0)
    knee.get_by_role("button", name="Zero on the table").click()
    knee.get_by_role("button", name="Measure left knee").click()
    expect(knee.locator("[data-tilt-status]")).to_contain_text("left hip angle first")

    # The thigh 6° above level (the hip, by phone), then the shin 80° below level.
    hip.get_by_role("button", name="Measure with phone").click()
    tilt(page, 6)
    hip.get_by_role("button", name="Use this angle").click()
    expect(page.get_by_label("Left hip angle (°)")).to_have_value("6")
    tilt(page, -80)
    expect(knee.locator("output")).to_have_text("86°")
    knee.get_by_role("button", name="Use this angle").click()

    expect(page.get_by_label("Left knee angle (°)")).to_have_value("86")
    expect(knee.locator("[data-tilt-status]")).to_have_text("Left knee: 86° taken.")
    expect(page.get_by_label("Phone")).to_be_checked()
    expect(page.get_by_label("Left leg: what it means")).to_contain_text("knee 86°")
    assert csp_violations == []
