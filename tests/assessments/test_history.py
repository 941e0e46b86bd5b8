import re
from datetime import date, timedelta

import pytest

from psoas_tracker import charts
from tests.assessments.factories import AssessmentFactory, weekly_tests

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_no_tests_invites_the_first_one(runner_client):
    page = runner_client.get("/tests/").content.decode()

    assert "No tests yet" in page
    assert "Record your first test" in page
    assert "<svg" not in page


def test_history_is_newest_first_and_pages_with_load_more(runner_client, runner):
    tests = weekly_tests(runner, 12)

    page = runner_client.get("/tests/").content.decode()
    dates = re.findall(r'href="/tests/(\d+)/"', page)
    assert [int(pk) for pk in dates] == [test.pk for test in tests[:10]]
    assert 'hx-get="?page=2"' in page

    more = runner_client.get("/tests/?page=2", headers=HTMX).content.decode()
    assert "<html" not in more
    assert [int(pk) for pk in re.findall(r'href="/tests/(\d+)/"', more)] == [
        tests[10].pk,
        tests[11].pk,
    ]
    assert "Load older tests" not in more


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("x", 1), ("0", 1), ("-3", 1), ("2", 2), ("3", 2), ("99999999999999999999999", 2)],
)
def test_a_page_number_that_is_no_page_shows_the_first_or_the_last(
    runner_client, runner, asked, shown
):
    tests = weekly_tests(runner, 12)
    expected = tests[:10] if shown == 1 else tests[10:]

    response = runner_client.get(f"/tests/?page={asked}")

    assert response.status_code == 200
    pks = [int(pk) for pk in re.findall(r'href="/tests/(\d+)/"', response.content.decode())]
    assert pks == [test.pk for test in expected]


def test_the_last_row_of_a_page_knows_the_test_before_it(runner_client, runner):
    """Persistence needs the test just older than the page: real on both, same side."""
    weekly_tests(
        runner, 11, hip_angle_left=9, hip_angle_right=0, knee_angle_left=70, knee_angle_right=70
    )

    page = runner_client.get("/tests/").content.decode()

    assert page.count("persistent") == 10


def test_load_more_works_without_javascript(runner_client, runner):
    weekly_tests(runner, 12)

    page = runner_client.get("/tests/?page=2").content.decode()

    assert "<html" in page
    assert "Newer tests" in page


def svg_points(page, chart_number, key):
    svg = re.findall(r"<svg.*?</svg>", page, re.S)[chart_number]
    paths = re.findall(rf'class="markers markers-{key}" d="([^"]*)"', svg)
    return paths[0].count("h0") if paths else 0


def test_charts_plot_the_tests_in_the_range_and_switch_with_htmx(runner_client, runner):
    weekly_tests(runner, 20)

    page = runner_client.get("/tests/").content.decode()  # 12 weeks by default
    assert svg_points(page, 0, "left") == 11
    assert 'aria-current="true">12 weeks' in page

    partial = runner_client.get("/tests/?range=1y", headers={**HTMX, "HX-Target": "charts"})
    content = partial.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="charts"')
    assert svg_points(content, 0, "left") == 20

    # Without JavaScript the same switch is a plain link with a query parameter.
    full = runner_client.get("/tests/?range=all").content.decode()
    assert "<html" in full
    assert svg_points(full, 0, "left") == 20


def test_the_plotted_values_match_the_data(runner_client, runner):
    today = runner.profile.today()
    AssessmentFactory(
        runner=runner, taken_on=today - timedelta(days=14), hip_angle_left=10, hip_angle_right=0
    )
    AssessmentFactory(
        runner=runner, taken_on=today - timedelta(days=7), hip_angle_left=0, hip_angle_right=0
    )

    page = runner_client.get("/tests/").content.decode()

    hip_svg = re.findall(r"<svg.*?</svg>", page, re.S)[0]
    left = re.search(r'class="line line-left" d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"', hip_svg)
    zero_line_y = float(re.search(r'class="reference" [^>]*y1="([\d.]+)"', hip_svg).group(1))
    assert float(left.group(4)) == zero_line_y  # the second test sits on the 0° line
    assert float(left.group(2)) < zero_line_y  # the first one, at +10°, above it
    table = re.search(r'<table id="chart-data"[^>]*>.*?</table>', page, re.S).group(0)
    table = re.sub(r' data-label="[^"]*"', "", table)  # each cell's column, for narrow screens
    first_day = (today - timedelta(days=14)).isoformat()
    # The instrument by its name, as the history shows it, not its key.
    assert f"<th scope=row>{first_day}</th><td>Phone</td><td>10</td><td>0</td><td>10</td>" in table


def test_the_hip_chart_says_a_reading_above_the_band_points_to_tight_hip_flexors(
    runner_client, runner
):
    weekly_tests(runner, 3)

    page = runner_client.get("/tests/").content.decode()

    assert (
        "a reading is about level, within measurement error; above it, a reading points to "
        "tight hip flexors." in page
    )
    assert "the hip flexors are tight" not in page


def test_one_test_is_plotted_as_points_without_a_line(runner_client, runner):
    weekly_tests(runner, 1)

    page = runner_client.get("/tests/").content.decode()

    assert svg_points(page, 0, "left") == 1
    assert 'class="line line-left"' not in page


def test_other_instruments_are_marked_in_history_and_charts(runner_client, runner):
    weekly_tests(runner, 3)
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), instrument="goniometer")

    page = runner_client.get("/tests/").content.decode()

    assert page.count("other instrument</strong>") == 1
    assert 'class="markers-other markers-left"' in page


def test_test_due_marker_follows_the_runners_week(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today() - timedelta(days=7))
    assert "Your weekly test is due." in runner_client.get("/tests/").content.decode()

    AssessmentFactory(runner=runner, taken_on=runner.profile.today())
    assert "Your weekly test is due." not in runner_client.get("/tests/").content.decode()


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/tests/", {}),
        ("/tests/?range=all", {}),
        ("/tests/?page=2", HTMX),
        ("/tests/?range=1y", {**HTMX, "HX-Target": "charts"}),
    ],
)
def test_query_count_is_the_same_for_one_and_ten_years(
    runner_client, runner, page_queries, url, headers
):
    weekly_tests(runner, 52)
    one_year = page_queries(runner_client, url, headers=headers)
    weekly_tests(runner, 468, from_weeks_ago=53)

    assert page_queries(runner_client, url, headers=headers) == one_year


def test_a_test_dated_after_today_is_not_drawn_off_the_chart(runner_client, runner):
    # e.g. recorded before the runner moved their time zone west
    AssessmentFactory(runner=runner, taken_on=runner.profile.today() + timedelta(days=1))
    AssessmentFactory(runner=runner, taken_on=runner.profile.today() - timedelta(days=7))

    page = runner_client.get("/tests/").content.decode()

    assert svg_points(page, 0, "left") == 1


def test_over_more_than_two_years_the_charts_plot_monthly_means(runner_client, runner):
    weekly_tests(runner, 160, hip_angle_left=6, hip_angle_right=2)  # about three years

    page = runner_client.get("/tests/?range=all", headers=HTMX).content.decode()
    months = {(test.taken_on.year, test.taken_on.month) for test in runner.assessments.all()}

    assert svg_points(page, 0, "left") == len(months)
    assert "Over more than two years each point is the mean of one month's tests." in page
    table = re.search(r'<table id="chart-data"[^>]*>.*?</table>', page, re.S).group(0)
    table = re.sub(r' data-label="[^"]*"', "", table)  # each cell's column, for narrow screens
    assert "Monthly means" in table
    assert table.count("<tr>") == len(months) + 1  # and the header row
    assert "<td>6</td><td>2</td><td>4</td>" in table


def test_two_years_or_less_plot_every_test(runner_client, runner):
    weekly_tests(runner, 100)

    page = runner_client.get("/tests/?range=all", headers=HTMX).content.decode()

    assert svg_points(page, 0, "left") == 100
    assert "Monthly means" not in page


def test_monthly_means_stay_inside_the_plot(runner_client, runner):
    """The first month's mean is drawn mid-month, but never before the first test, nor after
    today (both can fall on either side of the 15th)."""
    today = runner.profile.today()
    first = date(today.year - 3, today.month, 28)
    AssessmentFactory(runner=runner, taken_on=first)
    AssessmentFactory(runner=runner, taken_on=today)

    page = runner_client.get("/tests/?range=all", headers=HTMX).content.decode()

    svg = re.findall(r"<svg.*?</svg>", page, re.S)[0]
    path = re.search(r'class="markers markers-left" d="([^"]*)"', svg).group(1)
    xs = [float(x) for x in re.findall(r"M([\d.]+) ", path)]
    assert len(xs) == 2
    assert all(charts.MARGIN_LEFT <= x <= charts.WIDTH - charts.MARGIN_RIGHT for x in xs)


def test_the_range_switch_keeps_the_history_page(runner_client, runner):
    weekly_tests(runner, 12)

    charts_only = runner_client.get(
        "/tests/?range=1y&page=2", headers=HTMX | {"HX-Target": "charts"}
    ).content.decode()

    assert "<html" not in charts_only
    assert 'href="?range=all&amp;page=2"' in charts_only
    assert 'hx-get="?range=all&amp;page=2"' in charts_only
