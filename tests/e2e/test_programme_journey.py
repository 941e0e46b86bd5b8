"""Stretch and strengthen, the issue's journey on one phone over eleven days (issue 26): a tight
first test gives a plan with stretch days and strength days; a guided strength set is counted
through; two tests at level move the plan to maintenance, shown with its reason; a red flag
(a pain of 8/10) then cleared by a later test starts the walk-run block; a walk-run logged, and
the next-morning check answered 5/10 holds the next step."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.plans.models import EffortRating, PlanItem, SetLog, WalkRun
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import PHONE, QUICK_GUIDE
from tests.e2e.guide import guide_to_the_end
from tests.e2e.test_accounts_journey import log_in, screenshot_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime(2026, 12, 7, 12, tzinfo=UTC)  # a strength day, whatever day the test runs


def record_test(page, base_url, *, left, right, hip_pain=None):
    """This morning's test through the form, as the runner taps it in."""
    page.goto(f"{base_url}/")
    page.get_by_role("navigation").get_by_role("link", name="Tests").click()
    page.get_by_role("button", name="Record a test").click()
    page.get_by_label("Phone").check()  # a first test says it; later ones keep the last choice
    page.get_by_label("Left hip angle (°)").fill(str(left))
    page.get_by_label("Right hip angle (°)").fill(str(right))
    if hip_pain is not None:
        page.locator("summary", has_text="Pain").click()  # folded until opened
        page.get_by_label("Hip", exact=True).fill(str(hip_pain))
    page.get_by_role("button", name="Save test").click()


def test_the_programme_from_a_tight_test_to_the_way_back_to_running(
    live_server, page, settings, monkeypatch, csp_violations
):
    clock = {"now": MONDAY}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    def on(days):
        clock["now"] = MONDAY + timedelta(days=days)

    settings.GUIDED_SESSION_TIME_SCALE = QUICK_GUIDE
    UserFactory(email="alice@example.com", display_name="Alice")
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "alice@example.com")
    base = live_server.url

    # Monday 7 December: a tight first test; its questions (a first test asks them): none.
    record_test(page, base, left=9, right=1)
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    page.get_by_role("button", name="Generate my plan").click()
    week = page.get_by_role("table").filter(has_text="Which days stretch")
    expect(week.get_by_role("row", name=re.compile("^Monday 7 Dec"))).to_contain_text(
        "Stretch and strength"
    )
    expect(week.get_by_role("row", name=re.compile("^Tuesday 8 Dec"))).to_contain_text("Stretch")
    expect(week.get_by_role("row", name=re.compile("^Thursday 10 Dec"))).to_contain_text(
        "Stretch and strength"
    )

    # The guided session, a strength day: every set counted through, each strength exercise's
    # last set rated.
    page.get_by_role("button", name="Start today's session").click()
    page.locator("#guide").get_by_role("button", name="Start").click()
    guide_to_the_end(page)
    march = PlanItem.objects.get(stretch__slug="lying-psoas-march")
    assert SetLog.objects.filter(item=march).count() == 4  # 2 sets a side, counted rep by rep
    assert EffortRating.objects.filter(item=march).exists()

    # Two tests at level in a row: maintenance early, with its reason.
    on(3)
    record_test(page, base, left=1, right=0)
    expect(page.get_by_text("Test saved.")).to_be_visible()
    on(7)
    record_test(page, base, left=-1, right=0)
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    news = page.locator(".block-decision")
    expect(news.get_by_role("heading")).to_have_text("Your plan changed: maintenance early")
    expect(news).to_contain_text(
        "Both hips about level or below on the tests of 10 December and 14 December"
    )

    # Tuesday: the hip hurts, 8/10: a red flag pauses everything; Wednesday's test at 2/10
    # clears it, and the way back to running starts with walk-runs.
    on(8)
    record_test(page, base, left=0, right=0, hip_pain=8)
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    expect(page.get_by_text("Paused: red flag", exact=True)).to_be_visible()
    expect(page.locator("#back-to-running")).to_have_count(0)
    on(9)
    record_test(page, base, left=0, right=0, hip_pain=2)
    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    block = page.locator("#back-to-running")
    expect(block).to_contain_text(
        "Step 1 of 9: 10 \N{MULTIPLICATION SIGN} 1 min running, 1 min walking, on the flat, "
        "easy (20 min)."
    )
    expect(block).to_contain_text("After a red flag cleared")

    # Thursday: the walk-run, 2/10 during it, one tap.
    on(10)
    page.reload()
    block = page.locator("#back-to-running")
    block.get_by_role("group", name=re.compile("Done today's walk-run")).get_by_role(
        "button", name="2", exact=True
    ).click()
    expect(block).to_contain_text("Today's walk-run is logged")
    assert list(WalkRun.objects.values_list("pain_during", flat=True)) == [2]

    # Friday morning: 5/10. The next step is held, and the block steps back.
    on(11)
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    page.locator("#morning-check").get_by_role("button", name="5", exact=True).click()
    expect(page.locator("#morning-check").get_by_role("status")).to_contain_text(
        "hold the next step"
    )
    page.get_by_role("navigation").get_by_role("link", name="Plan").click()
    block = page.locator("#back-to-running")
    expect(block).to_contain_text("Step 1 of 9")
    expect(block).to_contain_text(
        "The morning after Thursday 17 December the hip was 5/10, more than the 3/10 that is "
        "acceptable: the pain had not settled: stay at step 1, and no running until a morning is "
        "at 3/10 or less"
    )
    expect(block.get_by_role("row", name=re.compile("^Thu 17 Dec"))).to_contain_text("5/10")
    expect(block).to_contain_text("No running today: your hip has not settled.")
    assert_accessible(page, "plan page with a return to running")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=screenshot_path("programme-back-to-running"), full_page=True)
    assert csp_violations == []
