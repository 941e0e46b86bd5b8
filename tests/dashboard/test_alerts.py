"""The coach's alerts (apps/dashboard/alerts.py), rule by rule, as tables of cases."""

from datetime import date, timedelta

import pytest

from apps.assessments import scoring
from apps.dashboard import alerts

LIMITS = scoring.Thresholds(hip_degrees=5, knee_degrees=10)
TODAY = date(2026, 12, 3)  # a Thursday
NO_PAIN = {"low_back": 0, "hip": 0, "groin": 0, "glute": 0, "hamstring": 0}


def a_test(test_id=1, days_ago=0, left=1.0, right=1.0, **pain):
    return alerts.Test(test_id, TODAY - timedelta(days=days_ago), left, right, NO_PAIN | pain)


def facts(**fields):
    defaults = {"today": TODAY, "test_weekday": 3, "latest": a_test(), "previous": None}
    return alerts.Facts(**defaults | fields)


def kinds(found):
    return [alert.kind for alert in found]


def test_a_runner_with_a_fresh_even_painless_test_and_no_plan_raises_nothing():
    assert alerts.alerts_for(facts(), LIMITS) == []


@pytest.mark.parametrize(
    ("latest", "previous", "text"),
    [
        ({"hip": 6}, None, "hip pain 6/10"),
        ({"hip": 5}, None, None),
        ({"groin": 4}, {"groin": 2}, "groin pain 2 → 4/10"),
        ({"groin": 3}, {"groin": 2}, None),
        ({"groin": 1}, {"groin": 7}, None),  # down, and below 6
        ({"low_back": 7}, {"low_back": 6}, "low back pain 7/10"),
        ({"hip": None}, {"hip": 2}, None),  # not asked this time
    ],
)
def test_pain_up_two_points_or_at_six(latest, previous, text):
    found = alerts.pain_up(
        facts(
            latest=a_test(2, **latest),
            previous=a_test(1, days_ago=7, **previous) if previous else None,
        ),
        LIMITS,
    )
    if text is None:
        assert found is None
    else:
        assert found.text == text
        assert (found.kind, found.key, found.test_id, found.target) == (
            "pain",
            "pain:2",
            2,
            "test",
        )


@pytest.mark.parametrize(
    ("latest", "previous", "text"),
    [
        ((12, 1), None, "hip left 11° tighter: twice the 5° threshold or more"),
        ((7, 1), (8, 1), "hip left 6° tighter, real on two tests in a row"),
        ((7, 1), (1, 8), None),  # real twice, but on opposite sides
        ((7, 1), (3, 1), None),  # real once
        ((7, 1), None, None),
        ((1, 12), None, "hip right 11° tighter: twice the 5° threshold or more"),
        ((3, 1), (3, 1), None),  # within measurement error
    ],
)
def test_imbalance_persistent_or_beyond_twice_the_threshold(latest, previous, text):
    found = alerts.imbalance(
        facts(
            latest=a_test(2, 0, *latest),
            previous=a_test(1, 7, *previous) if previous else None,
        ),
        LIMITS,
    )
    assert (found and found.text) == text


@pytest.mark.parametrize(
    ("sessions", "text", "session_id"),
    [
        ([(TODAY - timedelta(days=2), 8, 11)], "a session on 1 Dec rated 8/10 for discomfort", 11),
        ([(TODAY - timedelta(days=2), 6, 11)], None, None),
        ([(TODAY - timedelta(days=20), 9, 11)], None, None),  # too long ago
        (
            [(TODAY - timedelta(days=5), 9, 11), (TODAY - timedelta(days=1), 7, 12)],
            "a session on 2 Dec rated 7/10 for discomfort",
            12,
        ),
    ],
)
def test_discomfort_of_seven_or_more_in_the_last_two_weeks(sessions, text, session_id):
    found = alerts.discomfort(facts(uncomfortable=sessions), LIMITS)
    assert (found and found.text) == text
    # It links to the session itself, where the coach reads its note and can comment.
    assert (found and found.session_id) == session_id


@pytest.mark.parametrize(
    ("weeks", "raised"),
    [
        (["red", "red"], True),
        (["yellow", "red"], False),
        (["red", "yellow"], False),
        (["red"], False),
        ([None, "red"], False),
    ],
)
def test_adherence_red_two_full_weeks_running(weeks, raised):
    found = alerts.adherence_red(facts(weeks=weeks, has_plan=True), LIMITS)
    assert (found is not None) == raised
    if raised:
        assert found.key == "adherence:2026-11-23"  # last week's Monday


@pytest.mark.parametrize(
    ("has_plan", "done", "plan_days_ago", "linked_days_ago", "text"),
    [
        (True, [], 30, None, "no session in the last 14 days"),
        (
            True,
            [TODAY - timedelta(days=15)],
            30,
            None,
            "no session in the last 14 days (last 18 Nov)",
        ),
        (True, [TODAY - timedelta(days=13)], 30, None, None),
        (True, [], 1, None, None),  # a plan assigned yesterday: nothing missed yet
        (True, [], 30, 3, None),  # linked three days ago
        (False, [], None, None, None),  # nothing to follow: "assign a plan" says it
    ],
)
def test_quiet_with_a_plan_and_no_session_for_two_weeks(
    has_plan, done, plan_days_ago, linked_days_ago, text
):
    found = alerts.quiet(
        facts(
            has_plan=has_plan,
            done_days=done,
            plan_starts_on=plan_days_ago and TODAY - timedelta(days=plan_days_ago),
            linked_on=linked_days_ago and TODAY - timedelta(days=linked_days_ago),
        ),
        LIMITS,
    )
    assert (found and found.text) == text


def test_a_quiet_alert_marked_seen_returns_after_another_two_weeks():
    start = TODAY - timedelta(days=20)
    now = alerts.quiet(facts(has_plan=True, plan_starts_on=start), LIMITS)
    later = alerts.quiet(
        facts(has_plan=True, plan_starts_on=start, today=TODAY + timedelta(days=14)), LIMITS
    )

    assert now.key != later.key


@pytest.mark.parametrize(
    ("test_weekday", "latest_days_ago", "text"),
    [
        (3, 7, None),  # test day is today: due, not overdue
        (0, 7, "weekly test 3 days overdue (last 26 Nov)"),  # Monday's test not done by Thursday
        (1, 7, None),  # Tuesday's: two days, still grace
        (0, 2, None),  # done this week
        (0, None, "weekly test 3 days overdue (no test yet)"),
    ],
)
def test_overdue_three_days_into_the_test_week(test_weekday, latest_days_ago, text):
    latest = None if latest_days_ago is None else a_test(days_ago=latest_days_ago)
    found = alerts.overdue_test(facts(test_weekday=test_weekday, latest=latest), LIMITS)
    assert (found and found.text) == text
    if found:
        assert found.key == "overdue:2026-11-30"


@pytest.mark.parametrize(
    ("linked_days_ago", "raised"),
    [(0, False), (2, False), (3, True), (20, True)],  # the test week began 3 days ago
)
def test_no_overdue_test_in_the_week_a_runner_linked(linked_days_ago, raised):
    found = alerts.overdue_test(
        facts(test_weekday=0, latest=None, linked_on=TODAY - timedelta(days=linked_days_ago)),
        LIMITS,
    )
    assert (found is not None) == raised


def test_a_red_flag_comes_first_and_links_to_its_test():
    found = alerts.alerts_for(
        facts(
            red_flags=["numbness"],
            red_flag_id=4,
            red_flag_test_id=2,
            latest=a_test(2, hip=8),
        ),
        LIMITS,
    )
    assert kinds(found) == ["red_flag", "pain"]
    assert (found[0].key, found[0].test_id) == ("red_flag:4", 2)


def test_a_change_in_bladder_or_bowel_control_says_a_doctor_today():
    found = alerts.red_flag(facts(red_flags=["bladder_bowel"], red_flag_id=1), LIMITS)

    assert found.text == (
        "a change in bladder or bowel control: plan paused, told to see a doctor today"
    )
    assert found.target == "runner"  # answered without a test to link to


@pytest.mark.parametrize(
    ("flags", "text"),
    [
        (
            ["severe"],
            "pain of 7/10 or more: plan paused, told to see a physiotherapist or doctor first",
        ),
        (
            ["severe", "night_or_rest"],
            "pain at night or at rest; pain of 7/10 or more: plan paused, told to see a doctor "
            "within days",
        ),
    ],
)
def test_a_red_flag_says_what_and_that_the_plan_is_paused_the_most_urgent_first(flags, text):
    assert alerts.red_flag(facts(red_flags=flags, red_flag_id=3), LIMITS).text == text


def test_a_paused_plan_is_not_a_missed_one():
    """Weeks a red flag paused have no colour, so no "under half the planned sessions"; no
    "no session" alert while it holds, and the quiet days count again from when it cleared."""
    today = date(2026, 12, 9)
    plan = {"has_plan": True, "plan_starts_on": today - timedelta(days=60)}

    assert alerts.quiet(facts(today=today, **plan, red_flags=["severe"]), LIMITS) is None
    resumed = facts(today=today, **plan, resumed_on=today - timedelta(days=5))
    assert alerts.quiet(resumed, LIMITS) is None
    assert alerts.quiet(facts(today=today, **plan), LIMITS) is not None


@pytest.mark.parametrize(
    ("fields", "levels"),
    [
        # A doctor today outranks everything, then another red flag, then what to look at.
        (
            {"red_flags": ["bladder_bowel"], "red_flag_id": 1, "latest": a_test(hip=7)},
            ["urgent", "attention"],
        ),
        (
            {"red_flags": ["unwell"], "red_flag_id": 1},
            ["urgent"],
        ),
        (
            {"red_flags": ["numbness"], "red_flag_id": 1, "latest": a_test(left=12, right=1)},
            ["red-flag", "attention"],
        ),
        (
            {"latest": a_test(days_ago=20, hip=6), "test_weekday": (TODAY.weekday() - 4) % 7},
            ["attention", "routine"],
        ),
    ],
)
def test_alerts_come_most_serious_first(fields, levels):
    found = alerts.alerts_for(facts(**fields), LIMITS)

    assert [alert.level for alert in found] == levels
    assert alerts.most_severe(found) == levels[0]


def test_an_urgent_alert_says_a_doctor_today_in_its_label():
    found = alerts.red_flag(facts(red_flags=["bladder_bowel"], red_flag_id=1), LIMITS)

    assert found.label == "Urgent: a doctor today"
    assert alerts.red_flag(facts(red_flags=["severe"], red_flag_id=1), LIMITS).label == "Red flag"
