"""The dashboard (/): this week's test, plan and sitting, and the guidance they lead to."""

from datetime import UTC, datetime, time, timedelta

import pytest

from apps.assessments import safety
from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory, weekly_tests
from tests.plans.factories import PlanFactory
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db


def test_a_new_runner_is_asked_for_a_first_test(runner_client):
    page = runner_client.get("/").content.decode()

    assert "Your weekly test is due." in page
    assert "No test yet. Your first test becomes your baseline" in page


def test_a_new_runner_is_told_there_is_no_plan_no_log_and_nothing_to_flag(runner_client):
    page = runner_client.get("/").content.decode()

    assert "No stretch plan yet." in page
    assert "Nothing logged yet. Long hours in a chair go with tighter hip flexors" in page
    assert "first cause" not in page
    assert "Nothing to flag." in page


def test_the_latest_result_shows_in_plain_words(runner_client, runner):
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=8, hip_angle_right=-2
    )

    page = runner_client.get("/").content.decode()

    assert "Done for this week" in page
    # The finding first, as on the result page, then both readings in a line.
    assert (
        '<p class="finding-line finding-attention"><strong>Left hip 10° tighter than the right'
        in page
    )
    assert "Left 8° above level, right about level (2° below, within measurement error)." in page


def test_last_weeks_test_leaves_this_weeks_due(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today() - timedelta(days=7))

    assert "Your weekly test is due." in runner_client.get("/").content.decode()


def test_the_dashboard_shows_only_the_users_own_tests(coach_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    assert "No test yet" in coach_client.get("/").content.decode()


def test_the_dashboard_ties_tests_stretching_and_sitting_together(runner_client, runner):
    runner.profile.cadence = 170
    runner.profile.save()
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    for weeks in range(4):
        AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=weeks), hip_angle_left=10)
    PlanFactory(runner=runner)
    SittingDay.objects.create(
        runner=runner, day=monday, minutes_seated=600, core_reps=400, run_minutes=60
    )
    SittingDay.objects.create(runner=runner, day=monday - timedelta(days=3), minutes_seated=300)

    page = runner_client.get("/").content.decode()

    assert 'class="line line-imbalance"' in page  # the sparkline
    assert '<line class="reference" x1="0" x2="120" y1="16" y2="16">' in page  # its zero
    assert "persistent" in page  # left 8° tighter (10° against 2°) on every test
    assert 'This week: <span class="badge badge-none">0 of' in page
    assert "This week: <strong>10 h</strong> a day; last week 5 h a day." in page
    assert (
        "Psoas cycles this week: <strong>5100</strong> per side (60 min run "
        "\N{MULTIPLICATION SIGN} 170 steps a minute ÷ 2, with the cadence in your profile)." in page
    )
    assert "Stand up and stretch" in page
    assert "Long hours in a chair go with tighter hip flexors. Stand up early and often" in page
    assert "a chair keep the psoas short" not in page
    assert "Ease off the sit-ups" in page
    assert "Swap some for core work that loads it little: the side bridge, the bird dog" in page
    assert "dead bug" not in page
    assert "400 sit-ups and crunches logged this week." in page


def test_tenderness_gets_a_therapists_massage_at_the_hip_never_the_groin(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), tender_to_touch=True)

    page = runner_client.get("/").content.decode()

    assert "At the front of the hip, a massage by a therapist may help before stretching." in page
    assert "In the groin, do not massage it or roll on it" in page
    assert "foam roller" not in page


def test_tenderness_gets_no_advice_while_a_red_flag_is_open(runner_client, runner):
    test = AssessmentFactory(runner=runner, taken_on=runner.profile.today(), tender_to_touch=True)
    safety.record_check(runner, ["night_or_rest"], test)

    page = runner_client.get("/").content.decode()

    assert "massage" not in page
    assert "Tender to the touch." not in page


@pytest.mark.parametrize(
    ("with_plan", "shown", "not_shown"),
    [
        (True, "Keep going with your plan: after about six weeks", "a plan from your latest"),
        (False, "a plan from your latest test sets them out", "Keep going with your plan"),
    ],
)
def test_a_real_improvement_says_the_thigh_rests_lower(
    runner_client, runner, with_plan, shown, not_shown
):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=6), hip_angle_left=10)
    AssessmentFactory(runner=runner, taken_on=today, hip_angle_left=2)
    if with_plan:
        PlanFactory(runner=runner)

    page = runner_client.get("/").content.decode()

    assert "Your thigh rests lower in the test than at your first one" in page
    assert "measurably longer" not in page
    assert shown in page
    assert not_shown not in page


def typed_run_this_week(runner, minutes):
    SittingDay.objects.create(runner=runner, day=runner.profile.today(), run_minutes=minutes)


def past_runs(runner, cadences, *, days_back=0):
    """Imported runs a day apart before this week, newest first, with these cadences (steps a
    minute); the newest `days_back` days before the first one past_runs() gives."""
    start = datetime.combine(runner.profile.today(), time(7), tzinfo=UTC) - timedelta(weeks=2)
    for days_before, cadence in enumerate(cadences, start=days_back):
        RunFactory(
            runner=runner, started_at=start - timedelta(days=days_before), cadence_spm=cadence
        )


def test_an_unknown_cadence_counts_no_cycles_and_asks_for_it(runner_client, runner):
    typed_run_this_week(runner, 45)

    page = runner_client.get("/").content.decode()

    assert (
        "Psoas cycles this week: not counted yet. No step count for 45 min of your running, "
        "and your cadence is not known: "
        '<a href="/account/">set your cadence</a> or '
        '<a href="/runs/">import a run from your watch</a>.' in page
    )
    assert "180 steps a minute" not in page


def test_the_runners_own_runs_give_the_cadence_before_the_profile(runner_client, runner):
    runner.profile.cadence = 180
    runner.profile.save()
    past_runs(runner, [170.0, 158.4, 166.2])
    typed_run_this_week(runner, 60)

    page = runner_client.get("/").content.decode()

    assert (
        "Psoas cycles this week: <strong>4980</strong> per side (60 min run "
        "\N{MULTIPLICATION SIGN} 166 steps a minute ÷ 2, with your median cadence over your last "
        "3 runs)." in page
    )


def test_the_dashboard_reads_the_cadence_in_as_many_queries_for_many_runs_as_for_one(
    runner_client, runner, page_queries
):
    typed_run_this_week(runner, 30)
    past_runs(runner, [165.0])
    one = page_queries(runner_client, "/")
    past_runs(runner, [160.0 + n for n in range(30)], days_back=1)

    assert page_queries(runner_client, "/") == one


def test_pain_advice_follows_only_a_recent_test(runner_client, runner):
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(days=30), pain_uphill=True
    )

    assert "Ease off hills and fast running" not in runner_client.get("/").content.decode()


def test_uphill_pain_eases_off_hills_and_speed_without_ranking_the_load(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_uphill=True)

    page = runner_client.get("/").content.decode()

    assert "Ease off hills and fast running for now." in page
    assert (
        "On a climb the knee lifts higher, and the faster you run the harder the hip flexors "
        "work. Keep runs flat and easy until the pain settles" in page
    )
    assert "hardest" not in page


def test_a_day_with_only_a_run_does_not_lower_the_sitting_average(runner_client, runner):
    # Two days of this week are needed: a time zone where today is not a Monday (UTC+14 and
    # UTC-11 are a day apart at any moment, so one of them is not).
    for zone in ("UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"):
        runner.profile.timezone = zone
        if runner.profile.today().weekday() != 0:
            break
    runner.profile.save()
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    SittingDay.objects.create(runner=runner, day=monday, minutes_seated=600)
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=0, run_minutes=40)

    assert "This week: <strong>10 h</strong> a day" in runner_client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/", "/insights/", "/sitting/"])
def test_query_count_is_the_same_for_one_and_ten_years(runner_client, runner, page_queries, url):
    """The dashboard, and the insights and sitting pages that read the same tests and days."""
    today = runner.profile.today()

    def history(years):
        weeks = range(52 * (years - 1), 52 * years)
        weekly_tests(runner, len(weeks), from_weeks_ago=weeks[0])
        SittingDay.objects.bulk_create(
            SittingDay(
                runner=runner,
                day=today - timedelta(weeks=week),
                minutes_seated=300 + week,
                run_minutes=30,
            )
            for week in weeks
        )

    PlanFactory(runner=runner)
    history(1)
    one_year = page_queries(runner_client, url)
    for year in range(2, 11):
        history(year)

    assert page_queries(runner_client, url) == one_year
