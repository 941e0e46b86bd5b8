"""Every main page in dark mode at 320 and 390 px and on a desktop, and in light mode at 390 px
and on a desktop: axe-core finds nothing serious (contrast included), nothing scrolls sideways
(tables become stacked rows), no chart label is cut off, and a screenshot of each is kept in
screenshots/ to look through."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.assessments.models import RedFlagCheck
from apps.conversation.models import Comment
from apps.plans import adherence
from apps.plans.models import Plan, PlanRevision
from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory, weekly_tests
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accounts_journey import log_in
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {
    "narrow": {"width": 320, "height": 640},
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
PAGES = {
    "dashboard": "/",
    "record": "/tests/new/",
    "tests": "/tests/",
    "plan": "/plan/",
    "session": "/plan/session/",
    "sitting": "/sitting/",
    "insights": "/insights/",
    "runs": "/runs/",
    "more": "/menu/",
    "account": "/account/",
    "stretches": "/stretches/",
}


OVERFLOWING = """[...document.querySelectorAll('.table-scroll, table, figure, fieldset')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth)"""


# Chart labels that stick out of their SVG's viewBox (and would be cut off).
CLIPPED_LABELS = """[...document.querySelectorAll('svg.chart-svg')].flatMap(svg => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].filter(text => {
    const b = text.getBBox();
    return b.x < -0.5 || b.y < -0.5 || b.x + b.width > box.width + 0.5
      || b.y + b.height > box.height + 0.5;
  }).map(text => text.textContent);
})"""


# Dark at every size (its contrast is the harder one), light at a phone's and a desktop's.
LOOKS = [
    ("dark", "narrow"),
    ("dark", "phone"),
    ("dark", "desktop"),
    ("light", "phone"),
    ("light", "desktop"),
]


@pytest.mark.parametrize(("scheme", "size"), LOOKS)
def test_every_main_page(live_server, browser, scheme, size):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    today = runner.profile.today()
    # A goniometer for the last three weeks, after a coach's plan that changed midway and
    # before today's generated plan: four marks on the tests page's time axis. Left minus
    # right is 5°, on the shaded band's edge.
    tests = [
        *weekly_tests(runner, 3, instrument="goniometer", hip_angle_left=6, hip_angle_right=1),
        *weekly_tests(runner, 9, from_weeks_ago=4, hip_angle_left=6, hip_angle_right=1),
    ]
    RedFlagCheck.objects.create(runner=runner, assessment=tests[-1])
    monday = adherence.monday_of(today)
    earlier = PlanFactory(
        runner=runner,
        author_name="Coach Sam",
        starts_on=monday - timedelta(weeks=8),
        status=Plan.Status.ENDED,
        ended_on=today,
        with_items=False,
    )
    PlanRevision.objects.create(
        plan=earlier,
        valid_until=monday - timedelta(weeks=4, days=1),
        starts_on=earlier.starts_on,
        weeks=6,
        sessions_per_week=3,
    )
    PlanFactory(runner=runner, starts_on=today)
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=420, standing_breaks=3)
    # A run from the watch each of those weeks: the runs page and the insights' runs section.
    for week in range(12):
        started = timezone.now() - timedelta(weeks=week, hours=2)
        RunFactory(
            runner=runner,
            started_at=started,
            day=timezone.localdate(started, runner.profile.zone),
            gct_balance_left_pct=50.4 + week / 5,
            step_length_m=1.1 + week / 100,
        )
    context = browser.new_context(
        viewport=SIZES[size], color_scheme=scheme, timezone_id="Europe/Helsinki"
    )
    page = context.new_page()
    SCREENSHOTS.mkdir(exist_ok=True)

    def check(name):
        assert_accessible(page, f"{name}, {scheme}, {size}")
        page.screenshot(path=str(SCREENSHOTS / f"{scheme}-{size}-{name}.png"), full_page=True)
        # Everything folded away opened too: no table, chart or field may scroll sideways.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        width = page.viewport_size["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        assert page.evaluate(OVERFLOWING) == [], name
        assert page.evaluate(CLIPPED_LABELS) == [], name

    page.goto(live_server.url)
    check("landing")
    log_in(page, live_server.url, "alice@example.com")
    for name, path in {**PAGES, "test-detail": f"/tests/{tests[0].pk}/"}.items():
        page.goto(f"{live_server.url}{path}")
        check(name)

    # And the coach's pages: the roster with alerts, the runner's whole picture, a comment.
    coach = UserFactory(email="bob@example.com", display_name="Bob", role="coach")
    CoachLinkFactory(runner=runner, coach=coach, accepted_at=timezone.now() - timedelta(weeks=9))
    AssessmentFactory(runner=runner, taken_on=today, pain_groin=7, hip_angle_left=16)
    Comment.objects.create(
        runner=runner, coach=coach, by_coach=True, assessment=tests[0], body="Same time next week?"
    )
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("bob@example.com")
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/coach/")
    check("coach-roster")
    for name, path in {
        "coach-runner": f"/coach/runners/{runner.pk}/",
        "coach-test-comments": f"/tests/{tests[0].pk}/",
        "coach-group-invite": "/coach/invite/group/",
    }.items():
        page.goto(f"{live_server.url}{path}")
        check(name)
    context.close()
