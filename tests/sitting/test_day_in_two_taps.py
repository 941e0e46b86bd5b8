"""A day of eight hours in two taps: "Same as yesterday", or one pick of the day's total."""

from datetime import timedelta

import pytest

from apps.sitting.models import SittingDay

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "today-card"}


def seated_today(runner):
    return SittingDay.objects.get(runner=runner, day=runner.profile.today()).minutes_seated


def test_the_day_s_total_is_one_pick_that_saves_on_change(runner_client, runner):
    page = runner_client.get("/sitting/").content.decode()
    assert '<label for="id_minutes_seated">Seated today in all</label>' in page
    assert '<option value="480">8 h</option>' in page
    assert 'hx-post="/sitting/total/" hx-trigger="change"' in page

    card = runner_client.post(
        "/sitting/total/", {"minutes_seated": "480", "day": runner.profile.today()}, headers=HTMX
    ).content.decode()

    assert 'data-counter="minutes_seated">8 h<' in card
    assert seated_today(runner) == 480


def test_same_as_yesterday_is_one_tap(runner_client, runner):
    today = runner.profile.today()
    SittingDay.objects.create(runner=runner, day=today - timedelta(days=1), minutes_seated=480)
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=45)

    page = runner_client.get("/sitting/").content.decode()
    assert (
        'name="minutes_seated" value="480" id="same-as-yesterday">Same as yesterday: 8 h<' in page
    )
    runner_client.post("/sitting/total/", {"minutes_seated": "480", "day": today})

    assert seated_today(runner) == 480


def test_no_same_as_yesterday_without_a_yesterday(runner_client):
    assert "Same as yesterday" not in runner_client.get("/sitting/").content.decode()


def test_a_total_replaces_the_taps_and_leaves_nothing_to_undo(runner_client, runner):
    runner_client.post("/sitting/add/", {"add": "seated-60"})

    runner_client.post("/sitting/total/", {"minutes_seated": "300"})

    assert seated_today(runner) == 300
    assert "Undo the last tap" not in runner_client.get("/sitting/").content.decode()


@pytest.mark.parametrize("minutes", ["500", "-30", "1500", "eight"])
def test_a_total_off_the_list_is_refused_and_changes_nothing(runner_client, runner, minutes):
    response = runner_client.post("/sitting/total/", {"minutes_seated": minutes}, follow=True)

    assert "That total cannot be logged: nothing changed." in response.content.decode()
    assert not SittingDay.objects.filter(runner=runner).exists()


def test_a_total_for_a_future_day_is_refused(runner_client, runner):
    tomorrow = runner.profile.today() + timedelta(days=1)

    runner_client.post("/sitting/total/", {"minutes_seated": "480", "day": tomorrow})

    assert not SittingDay.objects.filter(runner=runner).exists()


def test_a_total_is_the_poster_s_own(coach_client, stranger_client, runner, coach, stranger):
    """The URL names nobody: a coach's or a stranger's total goes to their own day only."""
    for client in (coach_client, stranger_client):
        client.post("/sitting/total/", {"minutes_seated": "120"})

    assert not SittingDay.objects.filter(runner=runner).exists()
    assert SittingDay.objects.get(runner=coach).minutes_seated == 120
    assert SittingDay.objects.get(runner=stranger).minutes_seated == 120
