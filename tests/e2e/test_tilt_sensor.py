"""The "Measure with phone" button shows only where a tilt sensor can answer.

Each test states the device it assumes instead of relying on one Chromium version's defaults:
a touch phone (`has_touch`, `is_mobile`) or a plain desktop context, and whether the browser
has `DeviceOrientationEvent.requestPermission` (iOS, desktop Chromium 156+ and Safari on a Mac
define it; Android and older Chromium do not), set by an init script either way. Readings are
synthetic deviceorientation events: headless Chromium has no sensor.
"""

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
