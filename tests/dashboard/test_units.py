"""The dashboard, the coach's page of a runner and the insights in the reader's units: miles to
a miles runner, kilometres to a km runner, a coach in the coach's own; the pace band and the
flat-run rule stay defined a km, only their words convert."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Profile
from tests.dashboard.test_run_insights import log_weeks
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db


def reads_in(user, units):
    Profile.objects.filter(user=user).update(units=units)


def run_today(runner):
    return RunFactory(
        runner=runner,
        started_at=timezone.now() - timedelta(minutes=50),
        day=runner.profile.today(),
    )


def text_of(page):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize(("units", "distance"), [("km", "9.01 km"), ("mi", "5.60 mi")])
def test_the_dashboard_gives_the_weeks_distance_in_the_runners_units(
    runner_client, runner, units, distance
):
    run_today(runner)
    reads_in(runner, units)

    page = text_of(runner_client.get(reverse("dashboard:training")).content.decode())

    assert f"Run this week: {distance} on 1 day, from your watch." in page


@pytest.mark.parametrize(
    ("coach_units", "shown", "not_shown"),
    [
        ("mi", ("5.60 mi", "8:26 /mi"), ("9.01 km", " /km")),
        ("km", ("9.01 km", "5:14 /km"), (" mi", " /mi")),
    ],
)
def test_a_coach_reads_the_runners_page_in_the_coachs_own_units(
    coach_client, coach, runner, coach_units, shown, not_shown
):
    run_today(runner)
    reads_in(runner, "km" if coach_units == "mi" else "mi")
    reads_in(coach, coach_units)

    page = coach_client.get(reverse("dashboard:runner", args=[runner.pk])).content.decode()

    for figure in shown:
        assert figure in page
    for figure in not_shown:
        assert figure not in page


def test_the_insights_read_in_miles_axes_and_text_alternatives_too(runner_client, runner):
    log_weeks(runner, 8)
    reads_in(runner, "mi")

    page = runner_client.get("/insights/").content.decode()

    # 5:00-5:30 a km, the band as the runs fall in it, worded a mile.
    assert "At a similar pace (runs at 8:03\u20138:51 /mi, your most common)" in page
    assert (
        '<title id="gait-chart-3-title">Step length in inches, at 8:03\u20138:51 /mi</title>'
        in page
    )
    assert (
        "Mean step length in inches, week by week, of the runs at 8:03\u20138:51 /mi only" in page
    )
    assert "from runs climbing under 53 ft a mile;" in page
    table = re.search(r"Weeks with a test or a run.*?</table>", page, re.S).group(0)
    newest = re.search(r'<tr><th scope="row">.*?</tr>', table).group(0)
    assert "44.5 in" in newest  # 1.13 m
    assert "/km" not in page
    assert " cm" not in page
    assert "centimetres" not in page
    # The chart's y axis in inches: 44-47 in, where centimetres would be 113-120.
    step_chart = page[page.index('id="gait-chart-3-title"') :]
    step_chart = step_chart[: step_chart.index("</svg>")]
    labels = [
        int(label) for label in re.findall(r'class="tick-label"[^>]*>(\d+)</text>', step_chart)
    ]
    assert labels
    assert max(labels) < 100


def test_the_insights_read_in_kilometres_to_a_km_runner(runner_client, runner):
    log_weeks(runner, 8)

    page = runner_client.get("/insights/").content.decode()

    assert "Step length in centimetres, at 5:00\u20135:30 /km" in page
    assert "from runs climbing under 10 m a km;" in page
    assert " /mi" not in page
    assert " in<" not in page


@pytest.mark.parametrize("url", ["/training/", "/insights/"])
def test_the_runners_pages_ask_no_more_queries_in_miles(runner_client, runner, page_queries, url):
    log_weeks(runner, 3)
    run_today(runner)
    in_km = page_queries(runner_client, url)

    reads_in(runner, "mi")

    assert page_queries(runner_client, url) == in_km


def test_the_coachs_page_asks_no_more_queries_in_miles(coach_client, coach, runner, page_queries):
    run_today(runner)
    url = reverse("dashboard:runner", args=[runner.pk])
    in_km = page_queries(coach_client, url)

    reads_in(coach, "mi")

    assert page_queries(coach_client, url) == in_km
