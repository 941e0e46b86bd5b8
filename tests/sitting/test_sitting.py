import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from django.conf import settings
from django.db import IntegrityError

from apps.sitting.models import SittingDay

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "today-card"}


def today_of(runner):
    return SittingDay.objects.get(runner=runner, day=runner.profile.today())


def test_the_page_words_sitting_as_a_link_not_a_cause(runner_client):
    page = runner_client.get("/sitting/").content.decode()

    assert "Long sitting goes with tighter hip flexors." in page
    assert "stand up early and often, and sit tall" in page
    assert "first cause" not in page


def test_quick_adds_update_todays_card(runner_client, runner):
    response = runner_client.post("/sitting/add/", {"add": "seated-30"}, headers=HTMX)

    card = response.content.decode()
    assert "<html" not in card
    assert 'data-counter="minutes_seated">30 min<' in card
    runner_client.post("/sitting/add/", {"add": "seated-60"}, headers=HTMX)
    runner_client.post("/sitting/add/", {"add": "break-1"}, headers=HTMX)
    card = runner_client.post("/sitting/add/", {"add": "core-10"}, headers=HTMX).content.decode()
    assert 'data-counter="minutes_seated">1 h 30 min<' in card
    day = today_of(runner)
    assert (day.minutes_seated, day.standing_breaks, day.core_reps) == (90, 1, 10)


def test_quick_adds_work_without_javascript(runner_client, runner):
    response = runner_client.post("/sitting/add/", {"add": "seated-15"})

    assert response["Location"] == "/sitting/"
    assert today_of(runner).minutes_seated == 15


def test_undo_takes_back_the_last_tap_only(runner_client, runner):
    runner_client.post("/sitting/add/", {"add": "seated-60"})
    runner_client.post("/sitting/add/", {"add": "seated-15"})

    runner_client.post("/sitting/undo/", headers=HTMX)
    assert today_of(runner).minutes_seated == 60
    runner_client.post("/sitting/undo/", headers=HTMX)  # nothing left to undo
    assert today_of(runner).minutes_seated == 60


def test_a_quick_add_past_24_hours_is_refused(runner_client, runner):
    SittingDay.objects.create(runner=runner, day=runner.profile.today(), minutes_seated=1420)

    card = runner_client.post("/sitting/add/", {"add": "seated-30"}, headers=HTMX).content.decode()

    assert "would go past the day&#x27;s limit: nothing added" in card
    assert today_of(runner).minutes_seated == 1420


def test_an_unknown_quick_add_is_a_404(runner_client, runner):
    assert runner_client.post("/sitting/add/", {"add": "seated-9999"}).status_code == 404
    assert not SittingDay.objects.exists()


def test_a_past_day_can_be_filled_in_full(runner_client, runner):
    day = runner.profile.today() - timedelta(days=3)

    response = runner_client.post(
        f"/sitting/{day.isoformat()}/",
        {
            "minutes_seated": "540",
            "standing_breaks": "4",
            "core_reps": "100",
            "run_minutes": "45",
            "run_hills": "on",
            "notes": "office day",
        },
    )

    assert response.status_code == 302
    row = SittingDay.objects.get(day=day)
    assert (row.minutes_seated, row.run_minutes, row.run_hills, row.notes) == (
        540,
        45,
        True,
        "office day",
    )
    week = runner_client.get(f"/sitting/?week={day.isoformat()}").content.decode()
    assert "9 h" in week
    assert "45 min, hills" in week


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes_seated", "1441", "Enter minutes from 0 to 1440."),
        ("minutes_seated", "-5", "Enter minutes from 0 to 1440."),
        ("minutes_seated", "lots", "Enter minutes from 0 to 1440."),
        ("core_reps", "-1", "Enter repetitions from 0 to 5000."),
        ("run_minutes", "2000", "Enter minutes from 0 to 1440."),
    ],
)
def test_impossible_numbers_are_refused_beside_the_field(
    runner_client, runner, field, value, message
):
    data = {"minutes_seated": "60", "standing_breaks": "0", "core_reps": "0", field: value}

    response = runner_client.post(f"/sitting/{runner.profile.today().isoformat()}/", data)

    assert message in response.content.decode()
    assert not SittingDay.objects.exists()


def test_a_future_day_is_a_404(runner_client, runner):
    tomorrow = runner.profile.today() + timedelta(days=1)

    assert runner_client.get(f"/sitting/{tomorrow.isoformat()}/").status_code == 404
    assert runner_client.get("/sitting/not-a-date/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"), [("minutes_seated", 1441), ("core_reps", 5001), ("run_minutes", 1441)]
)
def test_the_database_refuses_impossible_numbers(runner, field, value):
    with pytest.raises(IntegrityError):
        SittingDay.objects.create(runner=runner, day=runner.profile.today(), **{field: value})


def test_each_user_quick_adds_to_their_own_day_only(
    runner_client, runner, stranger_client, stranger
):
    stranger_client.post("/sitting/add/", {"add": "seated-60"})

    assert not SittingDay.objects.filter(runner=runner).exists()
    assert 'data-counter="minutes_seated">0 min<' in runner_client.get("/sitting/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_twenty_quick_adds_sent_at_once_sum_exactly(live_server, runner):
    from django.test import Client

    client = Client()
    client.force_login(runner)
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = (
        opener.open(
            Request(
                f"{live_server.url}/sitting/", headers={"Cookie": f"sessionid={session_cookie}"}
            )
        )
        .read()
        .decode()
    )
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    csrf_cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")

    def tap(_):
        request = Request(
            f"{live_server.url}/sitting/add/",
            data=urlencode({"add": "seated-15", "csrfmiddlewaretoken": csrf}).encode(),
            headers={
                "Cookie": f"sessionid={session_cookie}; csrftoken={csrf_cookie}",
                "HX-Request": "true",
                "Referer": live_server.url,
            },
        )
        return opener.open(request).status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(tap, range(20)))

    assert statuses == [200] * 20
    assert today_of(runner).minutes_seated == 20 * 15


def test_undo_after_a_full_edit_does_not_subtract_from_the_edited_day(runner_client, runner):
    today = runner.profile.today()
    runner_client.post("/sitting/add/", {"add": "seated-60"})
    runner_client.post(
        f"/sitting/{today.isoformat()}/",
        {"minutes_seated": "30", "standing_breaks": "0", "core_reps": "0"},
    )

    card = runner_client.post("/sitting/undo/", headers=HTMX).content.decode()

    assert today_of(runner).minutes_seated == 30
    assert "Nothing to undo" in card


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "nonsense"])
def test_a_far_away_week_shows_this_week(runner_client, week):
    response = runner_client.get(f"/sitting/?week={week}")

    assert response.status_code == 200
    assert "Week of" in response.content.decode()


def test_each_change_is_announced_in_the_live_region(runner_client, runner):
    card = runner_client.post("/sitting/add/", {"add": "seated-30"}, headers=HTMX).content.decode()

    assert 'id="sitting-status" hx-swap-oob="innerHTML">Seated today: 30 min' in card
    assert (
        'id="sitting-status" class="visually-hidden" role="status"'
        in runner_client.get("/sitting/").content.decode()
    )
