"""Mid-week without signal (issue 27): a runner's phone goes offline, she logs sitting, does her
guided session and records her weekly test; back online, every write arrives once, in order, the
test's verdict shows, and a tap refused on arrival is shown with its message, never dropped."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from apps.assessments.models import Assessment, RedFlagCheck
from apps.plans.models import PlanItem, SetLog, Stretch, StretchSession
from apps.sitting.models import SittingDay, SittingTap
from tests.assessments.factories import AssessmentFactory
from tests.e2e.conftest import QUICK_GUIDE
from tests.e2e.test_accounts_journey import log_in
from tests.e2e.test_session_handsfree import RECORD_SPEECH
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Resolves once the service worker is active, fails after 20 s (an evaluate has no timeout of
# its own; wait_for_function would poll with an eval the CSP refuses).
UNTIL_THE_WORKER_IS_ACTIVE = """async () => {
  const until = Date.now() + 20000;
  while (!(await navigator.serviceWorker.getRegistration())?.active) {
    if (Date.now() > until) throw new Error("no service worker is active after 20 s");
    await new Promise((done) => setTimeout(done, 50));
  }
}"""


def until_the_worker_answers(page):
    """The page is answered through the service worker. A page whose loading began before the
    worker was active (the dashboard after logging in, while the worker installs) may be left
    out of its claim: the next page load is its, as for a runner's next tap."""
    page.evaluate(UNTIL_THE_WORKER_IS_ACTIVE)
    if not page.evaluate("() => Boolean(navigator.serviceWorker.controller)"):
        page.reload()
    assert page.evaluate("() => Boolean(navigator.serviceWorker.controller)")


TODAYS_PAGES = ["/", "/plan/", "/plan/session/", "/sitting/", "/tests/new/"]
OUTBOX_RECORDS = """() => new Promise((resolve) => {
  const open = indexedDB.open("psoas-outbox", 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore("writes", {keyPath: "id", autoIncrement: true});
  open.onsuccess = () => {
    const get = open.result.transaction("writes").objectStore("writes").getAll();
    get.onsuccess = () => { resolve(get.result.length); open.result.close(); };
  };
})"""


@pytest.fixture
def alice(settings):
    """Alice mid-week: last week's test (its questions answered) and a plan of one stretch, 2 sets
    of 30 s a side, guided at QUICK_GUIDE."""
    settings.GUIDED_SESSION_TIME_SCALE = QUICK_GUIDE
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    earlier = AssessmentFactory(runner=runner, taken_on=runner.profile.today() - timedelta(days=7))
    RedFlagCheck.objects.create(runner=runner, assessment=earlier)
    plan = PlanFactory(runner=runner, with_items=False)
    PlanItem.objects.create(
        plan=plan,
        stretch=Stretch.objects.get(slug="edge-of-table"),
        order=1,
        sets=2,
        hold_seconds=30,
    )
    return runner


def badge(page):
    return page.locator("[data-outbox-badge]")


def test_writes_made_offline_arrive_once_when_the_phone_is_back_online(
    live_server, page, context, alice, csp_violations, screenshot
):
    log_in(page, live_server.url, "alice@example.com")
    until_the_worker_answers(page)
    for path in TODAYS_PAGES:  # opened this morning, with signal
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/sitting/")

    context.set_offline(True)
    page.reload()  # today's page, from the phone
    expect(page.get_by_role("heading", name="Sitting and daily log")).to_be_visible()
    page.get_by_role("button", name="+1 standing break").click()
    expect(badge(page)).to_have_text("1 tap waiting to send")
    page.get_by_role("button", name="+1 standing break").click()
    expect(badge(page)).to_have_text("2 taps waiting to send")
    page.get_by_role("button", name="+1 h seated").click()
    expect(badge(page)).to_have_text("3 taps waiting to send")
    # Meanwhile her laptop logged the day's sitting in full: the phone's hour will not fit.
    SittingDay.objects.create(runner=alice, day=alice.profile.today(), minutes_seated=23 * 60 + 30)

    # The guided session runs through without signal; no set is asked for again.
    page.goto(f"{live_server.url}/plan/session/")
    guide = page.locator("#guide")
    guide.get_by_role("button", name="Start").click()
    expect(guide).to_contain_text("All sets done", timeout=20_000)
    expect(page.locator("#progress")).to_contain_text("4 of 4 sets done (no signal: kept")
    expect(page.get_by_text("tick it again")).to_have_count(0)
    expect(badge(page)).to_have_text("3 taps and 4 sets waiting to send")
    page.reload()  # the kept sets stay ticked: the guide does not start them again
    expect(page.locator("input[data-step]:checked")).to_have_count(4)
    expect(guide).to_contain_text("All sets done")
    page.get_by_label(re.compile("How did it feel")).fill("3")
    page.get_by_role("button", name="Finish session").click()
    expect(badge(page)).to_have_text("3 taps, 4 sets and 1 finished session waiting to send")

    # The weekly test, kept as a draft: opened again, the form still holds it.
    page.goto(f"{live_server.url}/tests/new/")
    page.get_by_label("Left hip angle (°)").fill("8")
    page.get_by_label("Right hip angle (°)").fill("-2")
    page.get_by_label("Left knee angle (°)").fill("70")
    page.get_by_label("Right knee angle (°)").fill("85")
    page.get_by_role("button", name="Save test").click()
    expect(page.get_by_text("No connection: your test is kept on this phone")).to_be_visible()
    expect(badge(page)).to_have_text(
        "3 taps, 4 sets, 1 finished session and 1 test waiting to send"
    )
    screenshot("offline-test-kept")
    page.reload()
    expect(page.get_by_label("Left hip angle (°)")).to_have_value("8")
    expect(page.get_by_text("Your test is kept on this phone")).to_be_visible()
    # Nothing reached the server yet.
    assert SetLog.objects.count() == 0
    assert Assessment.objects.count() == 1
    assert SittingTap.objects.count() == 0

    context.set_offline(False)
    # Sent in order; the test last, and its result page comes up with the verdict.
    expect(page.get_by_role("heading", name=re.compile("^Test of "))).to_be_visible(timeout=20_000)
    expect(page.locator("[data-outbox-verdict]")).to_contain_text("left 10° tighter than right")
    refused = page.locator("[data-outbox-refused]")
    expect(refused).to_contain_text("+1 h seated would go past the day's limit: nothing added.")
    expect(badge(page)).to_have_text("")
    screenshot("offline-sent-refused-shown")

    day = SittingDay.objects.get(runner=alice)
    assert (day.standing_breaks, day.minutes_seated) == (2, 23 * 60 + 30)
    assert SittingTap.objects.count() == 2
    assert SetLog.objects.count() == 4
    session = StretchSession.objects.get()
    assert (session.performed_on, session.discomfort) == (alice.profile.today(), 3)
    assert session.is_finished
    assert Assessment.objects.count() == 2
    test = Assessment.objects.latest("taken_on")
    assert (test.hip_angle_left, test.hip_angle_right) == (8, -2)
    assert test.idempotency_key is not None

    # Seen, the refusal goes; nothing is left on the phone to send again.
    refused.get_by_role("button", name="Dismiss").click()
    expect(refused).to_be_empty()
    page.goto(f"{live_server.url}/sitting/")
    expect(page.locator("[data-counter=standing_breaks]")).to_have_text("2")
    assert page.evaluate(OUTBOX_RECORDS) == 0
    assert SittingTap.objects.count() == 2
    assert csp_violations == []


def test_a_write_lost_on_the_way_is_kept_and_sent_again_once(live_server, page, alice):
    """The phone says it is online but a request never arrives (a tunnel): the tap and the set
    are kept, sent again at once, and saved once; the guide does not ask to tick the set again."""
    page.add_init_script(RECORD_SPEECH)
    log_in(page, live_server.url, "alice@example.com")
    lost = []

    def lose_the_first(route):
        if not lost:
            lost.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/sitting/add/$"), lose_the_first)
    page.goto(f"{live_server.url}/sitting/")
    page.get_by_role("button", name="+1 standing break").click()
    expect(page.locator("[data-counter=standing_breaks]")).to_have_text("1")
    expect(badge(page)).to_have_text("")
    assert lost
    assert SittingTap.objects.count() == 1
    assert SittingDay.objects.get().standing_breaks == 1

    lost.clear()
    page.route(re.compile(r"/plan/session/set/$"), lose_the_first)
    page.goto(f"{live_server.url}/plan/session/")
    page.locator("#guide").get_by_role("button", name="Start").click()
    expect(page.locator("#guide")).to_contain_text("All sets done", timeout=20_000)
    expect(page.get_by_text("tick it again")).to_have_count(0)
    expect(badge(page)).to_have_text("")
    spoken = page.evaluate("window.spoken")
    assert [line for line in spoken if "tick it again" in line] == []
    assert len([line for line in spoken if "Get into position" in line]) == 4
    page.reload()
    expect(page.locator("#progress")).to_contain_text("4 of 4 sets done")
    assert lost
    assert SetLog.objects.count() == 4


def test_a_test_refused_on_arrival_is_shown_and_kept_on_the_form(live_server, page, context, alice):
    """The test kept offline is for a date her laptop recorded meanwhile: back online, the phone
    says why it was not saved and keeps what she typed, on the form, to change and send again."""
    log_in(page, live_server.url, "alice@example.com")
    until_the_worker_answers(page)
    page.goto(f"{live_server.url}/tests/new/")

    context.set_offline(True)
    page.get_by_label("Left hip angle (°)").fill("8")
    page.get_by_label("Right hip angle (°)").fill("-2")
    page.get_by_label("Left knee angle (°)").fill("70")
    page.get_by_label("Right knee angle (°)").fill("85")
    page.get_by_role("button", name="Save test").click()
    expect(badge(page)).to_have_text("1 test waiting to send")
    AssessmentFactory(runner=alice, taken_on=alice.profile.today())  # from her laptop

    context.set_offline(False)
    refused = page.locator("[data-outbox-refused]")
    expect(refused).to_contain_text(
        "The test was not saved. Date: You already recorded a test on this date.",
        timeout=20_000,
    )
    expect(badge(page)).to_have_text("")
    assert Assessment.objects.count() == 2
    page.reload()
    expect(refused).to_contain_text("You already recorded a test on this date.")
    expect(page.get_by_label("Left hip angle (°)")).to_have_value("8")
    expect(page.get_by_text("Your test kept on this phone was not saved")).to_be_visible()
    assert Assessment.objects.count() == 2


def test_undo_without_signal_takes_back_the_tap_kept_on_the_phone(
    live_server, page, context, alice
):
    log_in(page, live_server.url, "alice@example.com")
    page.goto(f"{live_server.url}/sitting/")
    page.get_by_role("button", name="+1 standing break").click()
    expect(page.locator("[data-counter=standing_breaks]")).to_have_text("1")

    context.set_offline(True)
    page.get_by_role("button", name="+1 standing break").click()
    expect(badge(page)).to_have_text("1 tap waiting to send")
    page.get_by_role("button", name="Undo the last tap").click()
    expect(page.get_by_text("Undone: +1 standing break (it had not been sent).")).to_be_visible()
    expect(badge(page)).to_have_text("")
    page.get_by_role("button", name="Undo the last tap").click()
    expect(page.get_by_text("No signal: undo the last tap once the phone is back")).to_be_visible()

    context.set_offline(False)
    page.reload()
    expect(page.locator("[data-counter=standing_breaks]")).to_have_text("1")
    assert SittingDay.objects.get().standing_breaks == 1
    assert SittingTap.objects.count() == 1  # the tap sent with signal; the undone one never left


def test_a_test_sent_while_she_is_on_another_page_says_its_verdict_there(
    live_server, page, context, alice
):
    log_in(page, live_server.url, "alice@example.com")
    until_the_worker_answers(page)
    page.goto(f"{live_server.url}/sitting/")
    page.goto(f"{live_server.url}/tests/new/")

    context.set_offline(True)
    page.get_by_label("Left hip angle (°)").fill("8")
    page.get_by_label("Right hip angle (°)").fill("-2")
    page.get_by_label("Left knee angle (°)").fill("70")
    page.get_by_label("Right knee angle (°)").fill("85")
    page.get_by_role("button", name="Save test").click()
    expect(badge(page)).to_have_text("1 test waiting to send")
    page.goto(f"{live_server.url}/sitting/")
    page.get_by_role("button", name="+1 standing break").click()
    expect(badge(page)).to_have_text("1 tap and 1 test waiting to send")

    context.set_offline(False)
    sent = page.locator("[data-outbox-sent]")
    expect(sent).to_contain_text("was sent and saved. Hip imbalance: left 10° tighter than right")
    expect(page.locator("[data-counter=standing_breaks]")).to_have_text("1")
    sent.get_by_role("link", name="See the result").click()
    expect(page.get_by_role("heading", name=re.compile("^Test of "))).to_be_visible()
    assert Assessment.objects.count() == 2


def test_a_walk_run_logged_offline_arrives_once_and_redraws_the_block(
    live_server, page, context, alice, csp_violations
):
    """Back to running without signal: the walk-run's one tap is kept on the phone and sent once
    back online; the block's card says it is logged."""
    from apps.plans.models import ReturnCause, ReturnToRun, WalkRun

    ReturnToRun.objects.create(
        runner=alice, cause=ReturnCause.PAIN_PAUSE, started_on=alice.profile.today()
    )
    log_in(page, live_server.url, "alice@example.com")
    until_the_worker_answers(page)
    page.goto(f"{live_server.url}/plan/")
    block = page.locator("#back-to-running")

    context.set_offline(True)
    block.get_by_role("button", name="2", exact=True).click()
    expect(badge(page)).to_have_text("1 walk-run waiting to send")
    assert WalkRun.objects.count() == 0

    context.set_offline(False)
    expect(badge(page)).to_have_text("", timeout=20_000)
    expect(page.locator("#back-to-running")).to_contain_text("Today's walk-run is logged")
    assert list(WalkRun.objects.values_list("pain_during", flat=True)) == [2]
    assert csp_violations == []
