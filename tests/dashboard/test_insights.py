"""The insights page (/insights/): sitting against hip angle, week by week."""

import re
from datetime import timedelta

import pytest

from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_insights_say_when_there_is_not_enough_data(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.get("/insights/").content.decode()

    assert "Not enough data yet" in page


def test_the_sitting_section_asks_no_causal_question(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.get("/insights/").content.decode()

    assert "Sitting and your hip angle, week by week</h2>" in page
    assert "Does the chair keep your hip flexors short?" not in page
    assert "patterns worth watching" not in page
    text = re.sub(r"<[^>]+>", " ", page[page.index("<h1>") : page.index("</main>")])
    assert "?" not in text  # titles and sentences never ask, least of all about a cause


def test_insights_correlate_sitting_with_hip_angle_by_week(runner_client, runner):
    today = runner.profile.today()
    for week in range(8):
        day = today - timedelta(weeks=week)
        AssessmentFactory(runner=runner, taken_on=day, hip_angle_left=week, hip_angle_right=week)
        SittingDay.objects.create(runner=runner, day=day, minutes_seated=300 + 30 * week)

    page = runner_client.get("/insights/").content.decode()

    assert (
        "Over 8 weeks, weeks with more sitting went with your thigh resting higher in the test: "
        "a strong positive correlation (r = 1.00; with 8 weeks a pattern needs r beyond ±0.71)."
    ) in page
    scatter = re.search(r'<svg[^>]*aria-labelledby="scatter-title.*?</svg>', page, re.S).group(0)
    assert scatter.count("h0") == 8
    # Both series on one time axis: two charts of 8 points each, over the same weeks.
    assert page.count('data-points="8"') == 2
    assert "Hours seated a day, over time" in page


def log_weeks(runner, sitting_hours, hip_angles, *, weeks_ago=0):
    """A test and a day of sitting in each of the weeks up to `weeks_ago`, oldest first."""
    today = runner.profile.today()
    count = len(hip_angles)
    for week, (hours, angle) in enumerate(zip(sitting_hours, hip_angles, strict=True)):
        day = today - timedelta(weeks=weeks_ago + count - 1 - week)
        AssessmentFactory(runner=runner, taken_on=day, hip_angle_left=angle, hip_angle_right=angle)
        SittingDay.objects.create(runner=runner, day=day, minutes_seated=round(hours * 60))


def test_two_slow_drifts_correlate_in_levels_but_not_week_to_week(runner_client, runner):
    # Sitting creeps up and the hip angle creeps up over the same weeks, with unrelated wobbles.
    wobble_sitting = [0.3, -0.3, 0.2, 0.1, -0.2, 0.3, -0.1, -0.3, 0.2, 0.0]
    wobble_hip = [0.2, 0.3, -0.1, 0.2, 0.0, 0.3, 0.3, -0.3, -0.3, -0.2]
    log_weeks(
        runner,
        [6 + 0.2 * week + wobble_sitting[week] for week in range(10)],
        [1 + 0.5 * week + wobble_hip[week] for week in range(10)],
    )

    page = runner_client.get("/insights/").content.decode().replace("&#x27;", "'")

    assert (
        "Over 10 weeks, weeks with more sitting went with your thigh resting higher in the test: "
        "a strong positive" in (page)
    )
    assert "correlate through time alone" in page
    assert (
        "Week to week, changes in sitting and in hip angle: no clear pattern yet (9 pairs of "
        "weeks). With 9 pairs of weeks a pattern needs r beyond ±0.67; here r = "
    ) in page


def sitting_summary(page):
    """The statistics under the sitting charts, as a person reads them once opened."""
    summary = re.search(r'<details class="statistics">(.*?)</details>', page, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary)).replace("&#x27;", "'")


STRENGTH_WORDS = ("weak", "moderate", "strong", "positive", "negative", "went with")


def test_six_weeks_at_r_0_6_are_no_clear_pattern_yet(runner_client, runner):
    log_weeks(runner, [6, 7, 8, 9, 10, 11], [2, 2, 2, 4, 7, 3])  # r = 0.60

    summary = sitting_summary(runner_client.get("/insights/").content.decode())

    assert (
        "Your sitting and your hip angle: no clear pattern yet (6 weeks). With 6 weeks a "
        "pattern needs r beyond ±0.81; here r = 0.60."
    ) in summary
    assert not any(word in summary for word in STRENGTH_WORDS)


def test_six_weeks_at_r_0_9_word_a_pattern_and_no_cause(runner_client, runner):
    log_weeks(runner, [6, 7, 8, 9, 10, 11], [2, 2, 2, 3, 4, 6])  # r = 0.90

    summary = sitting_summary(runner_client.get("/insights/").content.decode())

    assert (
        "Over 6 weeks, weeks with more sitting went with your thigh resting higher in the test: "
        "a strong positive correlation (r = 0.90; with 6 weeks a pattern needs r beyond ±0.81)."
    ) in summary
    assert "A correlation is not a cause" in summary
    assert "no clear pattern" not in summary


def test_week_to_week_changes_below_their_critical_value_are_no_clear_pattern_yet(
    runner_client, runner
):
    # 7 pairs of weeks in a row, their changes at r = 0.50: a moderate r, short of 0.75.
    log_weeks(runner, [6, 8, 6.5, 8, 6, 7.5, 6, 8], [5, 1, 1, 6, 3, 5, 2, 5])

    summary = sitting_summary(runner_client.get("/insights/").content.decode())

    assert (
        "Week to week, changes in sitting and in hip angle: no clear pattern yet (7 pairs of "
        "weeks). With 7 pairs of weeks a pattern needs r beyond ±0.75; here r = 0.50."
    ) in summary
    assert not any(word in summary for word in STRENGTH_WORDS)


def test_week_to_week_changes_past_their_critical_value_word_a_pattern(runner_client, runner):
    # The hip angle changes by 5 to 7 degrees each week: real changes (5 or more).
    log_weeks(runner, [6, 8, 6.5, 8, 6, 7.5, 6, 8], [2, 8, 3, 9, 2, 8, 3, 9])

    summary = sitting_summary(runner_client.get("/insights/").content.decode())

    assert (
        "Week to week, over 7 pairs of weeks in a row, in weeks when you sat more than the "
        "week before, the hip angle tended to rise: a strong correlation (r = 0.99; with 7 "
        "pairs of weeks a pattern needs r beyond ±0.75)."
    ) in summary
    assert "measurement error" not in summary


def test_a_pattern_of_weekly_hip_changes_inside_measurement_error_says_so(runner_client, runner):
    # The same pattern, but the hip angle never changes by 5 degrees from one week to the next.
    log_weeks(runner, [6, 8, 6.5, 8, 6, 7.5, 6, 8], [2, 6, 3, 5, 2, 6, 3, 7])

    summary = sitting_summary(runner_client.get("/insights/").content.decode())

    assert "the hip angle tended to rise: a strong correlation (r = 0.98;" in summary
    assert (
        "Each of these weekly changes of your hip angle was under 5°, inside measurement "
        "error: no single week's change was real on its own."
    ) in summary


def test_years_of_weeks_are_tabled_by_month_in_constant_queries(
    runner_client, runner, page_queries
):
    log_weeks(runner, [7] * 8, [2] * 8)
    few = page_queries(runner_client, "/insights/")
    log_weeks(runner, [7] * 130, [2] * 130, weeks_ago=8)

    page = runner_client.get("/insights/").content.decode()

    assert page_queries(runner_client, "/insights/") == few
    assert "Monthly means of the weeks with both" in page
    assert page.count('<tr><th scope="row">') < 40  # about 30 months, not 130 weeks


def test_each_chart_comes_first_then_one_plain_sentence_then_the_statistics_folded(
    runner_client, runner
):
    log_weeks(runner, [6, 7, 8, 9, 10, 11], [2, 2, 2, 3, 4, 6])  # r = 0.90

    page = runner_client.get("/insights/").content.decode()
    section = page[page.index('id="sitting-heading"') : page.index('id="gait-heading"')]

    scatter = section.index('<figure class="chart scatter">')
    sentence = re.search(r'<p class="chart-sentence"><strong>(.*?)</strong></p>', section)
    statistics = section.index('<details class="statistics">')
    assert section.index('<figure class="chart">') < scatter < sentence.start() < statistics
    assert sentence.group(1) == (
        "Weeks with more sitting went with your thigh resting higher in the test: a pattern, "
        "not a cause."
    )
    # The statistics are folded: no r before the details element.
    assert "r = " not in section[:statistics]


def test_too_few_weeks_say_so_plainly_under_the_chart(runner_client, runner):
    log_weeks(runner, [6, 7], [2, 3])

    page = runner_client.get("/insights/").content.decode()

    assert (
        '<p class="chart-sentence"><strong>Too early to tell: 2 of the 6 weeks needed so far.'
        in page
    )
