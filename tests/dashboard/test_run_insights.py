"""The insights page's runs beside the hip: contact balance of flat runs against the hip
imbalance, step length at one pace band against the hip angle, week by week."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from apps.dashboard import run_insights
from apps.dashboard.run_insights import GaitWeek
from apps.runs.models import Run
from apps.runs.presenting import NONE
from tests.assessments.factories import AssessmentFactory
from tests.factories import UserFactory
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 6, 1, 7, 0, tzinfo=UTC).date()


def weeks_of(pairs, **fixed):
    """GaitWeeks from (hip imbalance, contact balance) pairs, a week apart."""
    return [
        GaitWeek(
            MONDAY + timedelta(weeks=n),
            hip_imbalance=imbalance,
            gct_left_pct=gct,
            **fixed,
        )
        for n, (imbalance, gct) in enumerate(pairs)
    ]


def test_a_left_hip_tighter_with_longer_left_contact_is_a_pattern_not_a_cause():
    weeks = weeks_of([(n, 50 + n / 5) for n in range(8)])

    text = run_insights.describe_balance(weeks)

    assert text.startswith(
        "Over 8 weeks, in weeks when your left hip tested tighter relative to the right, your "
        "left foot tended to stay on the ground a larger share of the time: a strong correlation "
        "(r = 1.00; with 8 weeks a pattern needs r beyond ±0.71)."
    )
    assert "drift over the months" in text


def test_balance_and_imbalance_that_do_not_move_together_are_said_to_be_apart():
    # The imbalance grows steadily; the contact balance goes up and down around it.
    weeks = weeks_of(zip(range(1, 9), [50, 51, 51, 50, 50, 51, 51, 50], strict=True))

    text = run_insights.describe_balance(weeks)

    assert text == (
        "Your hip imbalance and your ground contact balance: no clear pattern yet (8 weeks). "
        "With 8 weeks a pattern needs r beyond ±0.71; here r = 0.00."
    )


def test_too_few_weeks_with_both_say_how_many_are_needed():
    # Six weeks of runs, but a test in only three of them.
    weeks = weeks_of([(n if n % 2 else None, 51.0) for n in range(6)])

    text = run_insights.describe_balance(weeks)

    assert text == (
        "Not enough data yet: this needs at least 6 weeks with both a test and a flat run "
        "with ground contact balance (3 so far)."
    )


def test_stride_is_compared_at_the_usual_pace_only_and_said_so():
    weeks = [
        GaitWeek(MONDAY + timedelta(weeks=n), hip_angle=float(n), step_length_m=1.2 - n / 100)
        for n in range(7)
    ]

    text = run_insights.describe_stride(weeks, band=11, units="km")

    assert text.startswith("At a similar pace (runs at 5:30\u20136:00 /km, your most common)")
    assert "does not stretch" not in text  # one band still spans about 8 % of speed
    assert (
        "weeks with your thigh resting higher in the test went with shorter steps: a strong "
        "correlation (r = -1.00; with 7 weeks a pattern needs r beyond ±0.75)."
    ) in text
    assert run_insights.describe_stride([], band=None, units="km").startswith(
        "None of your runs has a step"
    )


def test_months_average_each_figure_over_the_weeks_that_have_it():
    weeks = [
        GaitWeek(MONDAY, hip_imbalance=2.0, gct_left_pct=51.0),
        GaitWeek(MONDAY + timedelta(weeks=1), gct_left_pct=52.0),
        GaitWeek(MONDAY + timedelta(weeks=2), hip_imbalance=4.0),
    ]

    (june,) = run_insights.monthly(weeks)

    assert (june.hip_imbalance, june.gct_left_pct, june.step_length_m) == (3.0, 51.5, None)
    row = run_insights.table([june], by_month=True, units="km")[0]
    assert (row.label, row.imbalance, row.gct, row.step) == ("June 2026", "+3.0°", "51.5 % L", NONE)


def run_on(runner, day, **figures):
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7)
    return RunFactory(runner=runner, started_at=start, day=day, **figures)


def test_hilly_runs_leave_the_balance_and_other_paces_leave_the_step_length(runner):
    monday = runner.profile.today() - timedelta(days=runner.profile.today().weekday())
    # 10 km in 55 min (5:30 /km) twice, once in 45 min: the usual band is 5:30-6:00.
    flat = {
        "distance_m": 10000.0,
        "elevation_gain_m": 40.0,
        "moving_seconds": 3300,
        "elapsed_seconds": 3400,
    }
    run_on(runner, monday, step_length_m=1.10, gct_balance_left_pct=51.0, **flat)
    run_on(
        runner, monday + timedelta(days=1), step_length_m=1.20, gct_balance_left_pct=52.0, **flat
    )
    run_on(
        runner,
        monday + timedelta(days=2),
        step_length_m=1.50,
        gct_balance_left_pct=50.0,
        distance_m=10000.0,
        elevation_gain_m=40.0,
        moving_seconds=2700,
    )
    run_on(  # hilly: 150 m up in 10 km
        runner,
        monday + timedelta(days=3),
        step_length_m=1.15,
        gct_balance_left_pct=56.0,
        distance_m=10000.0,
        elevation_gain_m=150.0,
        moving_seconds=3300,
        elapsed_seconds=3400,
    )
    runs = Run.objects.owned_by(runner)

    band, ((week, step, gct),) = runs.weekly_gait()

    assert run_insights.pace_band_label(band, "km") == "5:30\u20136:00 /km"
    assert week == monday
    assert step == pytest.approx((1.10 + 1.20 + 1.15) / 3)  # the hilly run is at the pace
    assert gct == pytest.approx((51.0 + 52.0 + 50.0) / 3)  # every flat run, whatever its pace


def log_weeks(runner, weeks, *, runs_a_week=1, tests=True):
    """A test and `runs_a_week` runs in each of `weeks` weeks back from this one: the left
    hip n/2 degrees tighter in week n and the left foot's contact share rising with it."""
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    runs = []
    for n in range(weeks):
        day = monday - timedelta(weeks=weeks - 1 - n)
        if tests:
            AssessmentFactory(
                runner=runner, taken_on=day, hip_angle_left=5 + n / 2, hip_angle_right=5
            )
        for k in range(runs_a_week):
            runs.append(
                RunFactory.build(
                    runner=runner,
                    started_at=datetime.combine(
                        day + timedelta(days=k % 7), datetime.min.time(), UTC
                    )
                    + timedelta(hours=7, minutes=k),
                    day=day + timedelta(days=k % 7),
                    elevation_gain_m=20.0,
                    gct_balance_left_pct=50.0 + n / 10,
                    step_length_m=1.2 - n / 100,
                )
            )
    Run.objects.bulk_create(runs)


def test_the_page_sets_runs_beside_the_hip_with_a_chart_each_and_a_table(runner_client, runner):
    log_weeks(runner, 8)

    page = runner_client.get("/insights/").content.decode()

    assert "Your runs beside your hip" in page
    assert (
        "your left foot tended to stay on the ground a larger share of the time: a strong "
        "correlation (r = 1.00; with 8 weeks a pattern needs r beyond ±0.71)."
    ) in page
    assert (
        "At a similar pace (runs at 5:00\u20135:30 /km, your most common), over 8 weeks, weeks "
        "with your thigh resting higher in the test went with shorter steps: a strong correlation"
    ) in page
    assert "so that pace does not stretch the steps" not in page
    assert (
        "Even a watch figure that moves with a hip result is a correlation, not an explanation"
    ) in page
    assert "are a pattern, not an explanation" not in page
    assert "None of this is a diagnosis" in page
    for title in ("Hip imbalance, week by week", "Ground contact balance on flat runs"):
        assert title in page
    assert "Step length in centimetres, at 5:00\u20135:30 /km" in page  # 9 km in 47:12
    assert page.count('id="gait-chart-1-title"') == 1
    assert 'data-points="8"' in page
    table = re.search(r"Weeks with a test or a run.*?</table>", page, re.S).group(0)
    assert table.count('<tr><th scope="row">') == 8
    newest = re.search(r'<tr><th scope="row">.*?</tr>', table).group(0)
    for figure in ("+3.5°", "50.7 % L", "+6.8°", "113 cm"):
        assert figure in newest


def log_gait_weeks(runner, rows):
    """A test and a flat run in each of len(rows) weeks back from this one, oldest first; rows
    of (left minus right hip, % of contact time on the left foot, step length in metres)."""
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    for n, (imbalance, gct, step) in enumerate(rows):
        day = monday - timedelta(weeks=len(rows) - 1 - n)
        AssessmentFactory(
            runner=runner, taken_on=day, hip_angle_left=5 + imbalance, hip_angle_right=5
        )
        run_on(runner, day, elevation_gain_m=20.0, gct_balance_left_pct=gct, step_length_m=step)


def gait_summary(page):
    """The statistics under the runs' charts, as a person reads them once opened."""
    section = page[page.index('id="gait-heading"') :]
    summary = re.search(r'<details class="statistics">(.*?)</details>', section, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary))


def test_six_weeks_at_a_moderate_r_are_no_clear_pattern_yet(runner_client, runner):
    # Balance against imbalance at r = 0.59, step length against hip angle at r = -0.60.
    log_gait_weeks(
        runner,
        [
            (0, 50.0, 1.12),
            (1, 50.0, 1.14),
            (2, 50.0, 1.12),
            (3, 51.5, 1.14),
            (4, 51.0, 1.10),
            (5, 50.5, 1.10),
        ],
    )

    summary = gait_summary(runner_client.get("/insights/").content.decode())

    assert (
        "Your hip imbalance and your ground contact balance: no clear pattern yet (6 weeks). "
        "With 6 weeks a pattern needs r beyond ±0.81; here r = 0.59."
    ) in summary
    assert (
        "your hip angle and your step length: no clear pattern yet (6 weeks). With 6 weeks a "
        "pattern needs r beyond ±0.81; here r = -0.60."
    ) in summary
    for word in ("weak", "moderate", "strong", "tended to", "went with"):
        assert word not in summary


def test_without_runs_the_page_offers_the_import(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.get("/insights/").content.decode()

    assert "No runs yet." in page
    assert 'href="/runs/upload/"' in page
    assert (
        "your ground contact balance if your watch records it (on most watches that needs a "
        "running-dynamics accessory, a chest strap or a pod)"
    ) in page


def test_runs_without_contact_balance_name_the_accessory_it_needs(runner_client, runner):
    run_on(runner, runner.profile.today(), gct_balance_left_pct=None)

    page = runner_client.get("/insights/").content.decode()

    assert (
        "None of your flat runs has ground contact balance: on most watches it needs a "
        "running-dynamics accessory, a chest strap or a pod, worn on the run."
    ) in page


def test_queries_stay_constant_from_10_to_2000_runs(runner_client, runner, page_queries):
    log_weeks(runner, 10)
    few = page_queries(runner_client, "/insights/")
    Run.objects.filter(runner=runner).delete()
    log_weeks(runner, 10, runs_a_week=200, tests=False)
    assert Run.objects.filter(runner=runner).count() == 2000

    assert page_queries(runner_client, "/insights/") == few
    page = runner_client.get("/insights/").content.decode()
    assert "Over 10 weeks" in page


def test_tests_from_before_the_first_run_stay_out_of_the_runs_section():
    weeks = run_insights.merge(
        {MONDAY: (5.0, 3.0), MONDAY + timedelta(weeks=2): (6.0, 3.0)},
        {MONDAY + timedelta(weeks=1): (1.2, 50.5)},
    )

    assert [(week.week_start, week.hip_imbalance) for week in weeks] == [
        (MONDAY + timedelta(weeks=1), None),
        (MONDAY + timedelta(weeks=2), 3.0),
    ]


def test_another_runners_runs_stay_out_of_the_weekly_figures(runner):
    other = UserFactory(email="eve@example.com")
    day = runner.profile.today()
    run_on(runner, day, step_length_m=1.1, gct_balance_left_pct=51.0)
    run_on(other, day, step_length_m=1.5, gct_balance_left_pct=58.0)

    _band, ((_week, step, gct),) = Run.objects.owned_by(runner).weekly_gait()

    assert (step, gct) == (pytest.approx(1.1), pytest.approx(51.0))
