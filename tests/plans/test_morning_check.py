"""The next-morning check answered: one tap from the dashboard, with or without htmx, saved
once a runner a day and within 0-10 (the form and the database say so); the answer says in a
line what it means today; the progression rules read this morning against the day before."""

from datetime import timedelta

import pytest
from django.db import IntegrityError

from apps.plans import morning
from apps.plans.models import MorningCheck
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
HOLD = "hold the next step and step back to an easier day"


@pytest.fixture
def stretched_yesterday(runner):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=7))
    complete_session(plan, today - timedelta(days=1))
    return runner


def checks(runner):
    return list(MorningCheck.objects.filter(runner=runner).values_list("day", "pain"))


def test_one_check_a_runner_a_day(runner, stranger):
    today = runner.profile.today()
    MorningCheck.objects.create(runner=runner, day=today, pain=2)
    MorningCheck.objects.create(runner=stranger, day=today, pain=2)  # another runner's: fine

    with pytest.raises(IntegrityError, match="plans_morning_check_once_a_day"):
        MorningCheck.objects.create(runner=runner, day=today, pain=4)


@pytest.mark.parametrize("pain", [-1, 11])
def test_the_database_keeps_the_pain_from_0_to_10(runner, pain):
    with pytest.raises(IntegrityError, match="plans_morning_check_pain_range"):
        MorningCheck.objects.create(runner=runner, day=runner.profile.today(), pain=pain)


def test_the_database_keeps_the_day_within_the_app_s_dates(runner):
    with pytest.raises(IntegrityError, match="plans_morning_check_day_range"):
        MorningCheck.objects.create(runner=runner, day="1999-12-31", pain=1)


def test_a_tap_without_javascript_saves_and_the_dashboard_says_what_it_means(
    runner_client, stretched_yesterday
):
    today = stretched_yesterday.profile.today()

    response = runner_client.post(
        "/plan/morning-check/", {"pain": "5", "day": today.isoformat()}, follow=True
    )

    assert checks(stretched_yesterday) == [(today, 5)]
    page = response.text
    assert "5/10 is more than the 3/10 that is acceptable the morning after" in page
    assert HOLD in page
    assert "How does your hip feel this morning?" not in page  # asked once


def test_a_tap_with_htmx_answers_the_check_in_place(runner_client, stretched_yesterday):
    response = runner_client.post("/plan/morning-check/", {"pain": "2"}, headers=HTMX)

    assert response.status_code == 200
    assert 'id="morning-check"' in response.text
    assert "<html" not in response.text
    assert "2/10: up to 3/10 the morning after is acceptable" in response.text
    assert "Carry on with your plan as it is." in response.text
    assert checks(stretched_yesterday) == [(stretched_yesterday.profile.today(), 2)]


def test_the_same_answer_sent_twice_is_saved_once(runner_client, stretched_yesterday):
    for _ in range(2):
        runner_client.post("/plan/morning-check/", {"pain": "3"}, headers=HTMX)

    assert checks(stretched_yesterday) == [(stretched_yesterday.profile.today(), 3)]


def test_an_answer_sent_late_after_midnight_counts_for_its_morning(
    runner_client, stretched_yesterday
):
    yesterday = stretched_yesterday.profile.today() - timedelta(days=1)

    runner_client.post("/plan/morning-check/", {"pain": "1", "day": yesterday.isoformat()})

    assert checks(stretched_yesterday) == [(yesterday, 1)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pain": "11"}, "Enter how your hip feels from 0 to 10."),
        ({"pain": "-1"}, "Enter how your hip feels from 0 to 10."),
        ({"pain": "bad"}, "Enter how your hip feels from 0 to 10."),
        ({}, "Enter how your hip feels from 0 to 10."),
        ({"pain": "2", "day": "2000-01-01"}, "That morning&#x27;s check is past"),
        ({"pain": "2", "day": "2099-12-31"}, "That morning&#x27;s check is past"),
        ({"pain": "2", "day": "soon"}, "Enter a valid date."),
    ],
)
def test_bad_input_saves_nothing_and_says_why(runner_client, stretched_yesterday, data, message):
    plain = runner_client.post("/plan/morning-check/", data, follow=True)
    htmx = runner_client.post("/plan/morning-check/", data, headers=HTMX)

    assert message in plain.text
    assert "How does your hip feel this morning?" in plain.text  # still asked
    assert message in htmx.text
    assert "outbox:refused" in htmx["HX-Trigger"]
    assert checks(stretched_yesterday) == []


def test_the_check_answers_only_a_post(runner_client):
    assert runner_client.get("/plan/morning-check/").status_code == 405


def test_a_coach_answering_saves_only_their_own_check(coach_client, coach, runner):
    coach_client.post("/plan/morning-check/", {"pain": "4", "runner": runner.pk})

    assert checks(runner) == []
    assert checks(coach) == [(coach.profile.today(), 4)]


@pytest.mark.parametrize(
    ("this_morning", "day_before", "allows", "rising"),
    [
        (0, None, True, False),
        (3, 1, True, True),  # up to 3/10 is acceptable, even a little up
        (4, 4, False, False),
        (5, 2, False, True),
        (2, 5, True, False),  # settled
        (None, 3, False, False),  # not answered: nothing to go by
    ],
)
def test_the_rule_reads_this_morning_against_the_day_before(
    this_morning, day_before, allows, rising
):
    pain = morning.MorningPain(this_morning, day_before)

    assert (pain.allows_next_step, pain.rising) == (allows, rising)


def test_the_query_gives_this_morning_and_the_morning_before(runner, stranger):
    today = runner.profile.today()
    MorningCheck.objects.create(runner=runner, day=today, pain=5)
    MorningCheck.objects.create(runner=runner, day=today - timedelta(days=1), pain=2)
    MorningCheck.objects.create(runner=runner, day=today - timedelta(days=2), pain=9)
    MorningCheck.objects.create(runner=stranger, day=today, pain=0)

    pain = MorningCheck.objects.owned_by(runner).morning_pain(today)

    assert pain == morning.MorningPain(this_morning=5, day_before=2)
    assert not pain.allows_next_step
    assert MorningCheck.objects.owned_by(runner).morning_pain(
        today + timedelta(days=1)
    ) == morning.MorningPain(None, 5)
