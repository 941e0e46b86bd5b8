"""A coach with a squad of 30, on a laptop and on a phone: the runner who needs a doctor today
first, the squad on one or two laptop screens, a group's alerts marked seen in one step, and
the squad report printed to PDF on two A4 pages at most."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from apps.accounts.models import CoachLink
from apps.assessments import safety
from apps.dashboard.models import RunnerGroup, SeenAlert
from tests.assessments.factories import AssessmentFactory
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import PASSWORD, CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
NAMES = [
    *("Aino", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo"),
    *("Kai", "Lea", "Max", "Nia", "Oli", "Pia", "Quin", "Ravi", "Sol", "Tess"),
    *("Uma", "Vic", "Wes", "Xan", "Yara", "Zack", "Ada", "Bo", "Cy", "Zoe"),
]


def seed_squad():
    """Bob and 30 runners, each with four weekly tests and a plan with sessions; Zoe (last by
    name) answered yes to a change in bladder or bowel control; the first ten form a group."""
    coach = UserFactory(email="bob@example.com", display_name="Bob", role="coach")
    links = []
    for number, name in enumerate(NAMES):
        runner = UserFactory(display_name=name)
        links.append(CoachLinkFactory(runner=runner, coach=coach))
        today = runner.profile.today()
        plan = PlanFactory(runner=runner, starts_on=today - timedelta(weeks=6), weeks=12)
        for days_ago in range(0, 21, 3 + number % 3):
            complete_session(plan, today - timedelta(days=days_ago))
        for weeks_ago in range(4):
            AssessmentFactory(
                runner=runner,
                taken_on=today - timedelta(weeks=weeks_ago),
                hip_angle_left=4 + (number * 7 + weeks_ago) % 12,
                hip_angle_right=2,
                pain_groin=(number + weeks_ago) % 4,
            )
    safety.record_check(links[-1].runner, ["bladder_bowel"])
    group = RunnerGroup.objects.create(coach=coach, name="Marathon squad")
    group.links.set(links[:10])
    return coach, links, group


def log_in(page, url):
    page.goto(f"{url}/login/")
    page.get_by_label("E-mail").fill("bob@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your runners")).to_be_visible()


def first_row(page):
    return page.locator("table.roster tbody tr").first


def test_a_squad_of_30_on_a_laptop_and_a_phone(live_server, browser):
    seed_squad()
    SCREENSHOTS.mkdir(exist_ok=True)
    sizes = {}
    for size, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, timezone_id="Europe/Helsinki")
        page = context.new_page()
        log_in(page, live_server.url)
        expect(first_row(page)).to_contain_text("Zoe")
        expect(first_row(page)).to_contain_text("Urgent: a doctor today")
        for sort in ("name", "imbalance"):  # urgent first, whatever the order
            page.get_by_label("Sort by").select_option(sort)
            expect(page).to_have_url(re.compile(f"sort={sort}"))
            expect(first_row(page)).to_contain_text("Zoe")
        expect(page.locator("table.roster tbody tr")).to_have_count(30)
        sizes[size] = page.locator("table.roster").bounding_box()["height"]
        assert_accessible(page, f"roster-{size}")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(SCREENSHOTS / f"squad-{size}-roster.png"), full_page=True)
        context.close()
    # A squad of 30 on two laptop screens; on a phone about 130 px a runner, not 420.
    assert sizes["laptop"] <= 2 * LAPTOP["height"], sizes
    assert sizes["phone"] <= 30 * 130, sizes


def test_a_groups_alerts_seen_in_one_step_and_its_report_on_two_pages(live_server, browser):
    _coach, links, group = seed_squad()
    context = browser.new_context(viewport=LAPTOP, timezone_id="Europe/Helsinki")
    page = context.new_page()
    log_in(page, live_server.url)

    page.get_by_label("Group").select_option(label="Marathon squad")
    expect(page).to_have_url(re.compile(f"group={group.pk}"))
    expect(page.locator("table.roster tbody tr")).to_have_count(10)
    page.get_by_role("button", name="Mark every alert in Marathon squad seen").click()
    expect(
        page.get_by_text(re.compile(r"\d+ alerts? in Marathon squad marked as seen"))
    ).to_be_visible()
    expect(page.locator("table.roster tbody tr").filter(has_text="nothing new")).to_have_count(10)
    in_group = {link.runner_id for link in links[:10]}
    assert set(SeenAlert.objects.values_list("runner_id", flat=True)) <= in_group
    assert SeenAlert.objects.count() >= 9

    # One runner's alerts, from the row, in place.
    page.get_by_label("Group").select_option(label="Every runner")
    page.get_by_label("Name").fill("Kai")
    expect(page).to_have_url(re.compile("q=Kai"))  # the search's table is in
    kai = page.get_by_role("row", name=re.compile("Kai"))
    expect(page.locator("table.roster tbody tr")).to_have_count(1)
    kai.locator("summary").click()
    if kai.get_by_role("button", name=re.compile("^All seen")).count():
        kai.get_by_role("button", name=re.compile("^All seen")).click()
    else:
        kai.get_by_role("button", name=re.compile("^Seen")).click()
    expect(page.get_by_role("row", name=re.compile("Kai"))).to_contain_text("nothing new")
    assert SeenAlert.objects.filter(runner=links[10].runner).exists()

    # The squad report of every runner, printed by Chromium: two A4 pages at most.
    page.goto(f"{live_server.url}/coach/report/")
    expect(page.get_by_role("heading", name="Squad report")).to_be_visible()
    expect(page.locator("table.squad-report tbody tr")).to_have_count(30)
    expect(page.locator("table.squad-report tbody tr").first).to_contain_text("Zoe")
    assert_accessible(page, "squad-report")
    page.screenshot(path=str(SCREENSHOTS / "squad-report.png"), full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(SCREENSHOTS / "print-squad-report.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (SCREENSHOTS / "squad-report.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
    assert CoachLink.objects.active().count() == 30
    context.close()
