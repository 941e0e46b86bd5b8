"""Stretch and strengthen (issue 26), on a phone: a tight first test gives a plan with stretch
days and strength days; the guided session counts a strength set through at its tempo and
asks how the last set felt."""

import re
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.assessments.models import RedFlagCheck
from apps.plans.models import EffortRating, PlanItem, SetLog
from tests.assessments.factories import AssessmentFactory
from tests.e2e.conftest import PHONE, QUICK_GUIDE
from tests.e2e.guide import guide_to_the_end
from tests.e2e.test_accounts_journey import log_in
from tests.e2e.test_session_handsfree import RECORD_SPEECH
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime(2026, 12, 7, 12, tzinfo=UTC)  # a strength day, whatever day the test runs


def saved(page, done, seconds=10):
    """Waits for the htmx requests the guide queued to reach the database."""
    for _ in range(seconds * 10):
        if done():
            return
        page.wait_for_timeout(100)
    assert done()


def test_a_tight_test_gives_strength_days_and_a_strength_set_is_counted_through(
    live_server, page, settings, monkeypatch, csp_violations
):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)
    settings.GUIDED_SESSION_TIME_SCALE = QUICK_GUIDE
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(runner=runner, taken_on=date(2026, 12, 7), hip_angle_left=9,
                      hip_angle_right=1)  # fmt: skip
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies
    page.set_viewport_size(PHONE)
    page.add_init_script(RECORD_SPEECH)
    log_in(page, live_server.url, "alice@example.com")

    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("button", name="Generate my plan").click()
    week = page.get_by_role("table").filter(has_text="Which days stretch")
    expect(week).to_contain_text("strength on Monday and Thursday, never two days in a row")
    expect(week.get_by_role("row", name=re.compile("^Monday 7 Dec"))).to_contain_text(
        "Stretch and strength"
    )
    expect(week.get_by_role("row", name=re.compile("^Tuesday 8 Dec"))).to_contain_text("Stretch")
    expect(week.get_by_role("row", name=re.compile("^Wednesday 9 Dec"))).to_contain_text("Rest")
    expect(
        page.get_by_text(re.compile("Strength on 2 days a week, never two in a row"))
    ).to_be_visible()

    page.get_by_role("button", name=re.compile("today's session")).click()
    guide = page.locator("#guide")
    guide.get_by_role("button", name="Start").click()
    # The stretches first, then the first strength exercise: its sets counted, then a question.
    question = guide.get_by_text("How did the last set feel?", exact=True)
    expect(question).to_be_visible(timeout=20_000)
    expect(guide).to_contain_text("Lying psoas march")
    expect(guide).to_contain_text("Each repetition: 1 s up, hold 2 s, 2 s down")
    march = PlanItem.objects.get(stretch__slug="lying-psoas-march")
    expect(page.locator(f'input[data-step][value^="{march.pk}:"]:checked')).to_have_count(4)
    saved(page, lambda: SetLog.objects.filter(item=march).count() == 4)  # 2 sets a side
    said = page.evaluate("window.spoken")
    first = said.index("10 repetitions, each 1 s up, hold 2 s, 2 s down. 1")
    # Counted through, then the exercise's own rest before its second set.
    assert said[first + 1 : first + 11] == [*map(str, range(2, 11)), "Rest 60 seconds"]
    guide.get_by_role("button", name="Easy").click()
    expect(page.locator(f"#effort-said-{march.pk}")).to_have_text("Saved.")
    assert EffortRating.objects.get(item=march).effort == "easy"

    # Each strength exercise asks once; the guide goes on to the end.
    guide_to_the_end(page)
    saved(page, lambda: EffortRating.objects.count() == 5)
    assert csp_violations == []
