from datetime import timedelta

import pytest
from icalendar import Calendar

from apps.plans.models import CalendarFeed
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def feed_url(client):
    client.post("/plan/calendar/", {"action": "create"})
    return f"/calendar/{CalendarFeed.objects.get().token}.ics"


def test_the_private_feed_lists_the_planned_sessions(runner_client, runner, client):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    PlanFactory(runner=runner, starts_on=monday, weeks=2, sessions_per_week=3)
    url = feed_url(runner_client)

    response = client.get(url)  # no login: the token is the key

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    days = sorted(event.decoded("dtstart") for event in events)
    expected = [monday + timedelta(weeks=w, days=d) for w in (0, 1) for d in (0, 3, 5)]
    assert days == [day for day in expected if day >= today - timedelta(days=7)]
    assert all(str(event["summary"]) == "Hip-flexor stretches" for event in events)


def test_a_red_flag_takes_the_sessions_out_of_the_feed_until_it_clears(
    runner_client, runner, client
):
    from apps.assessments import safety

    PlanFactory(runner=runner, weeks=2, sessions_per_week=3)
    url = feed_url(runner_client)
    safety.record_check(runner, ["night_or_rest"])

    assert Calendar.from_ical(client.get(url).content).walk("VEVENT") == []
    safety.record_check(runner, [])  # none applies any more
    assert Calendar.from_ical(client.get(url).content).walk("VEVENT") != []


def test_a_new_address_revokes_the_old_one(runner_client, runner, client):
    PlanFactory(runner=runner)
    old = feed_url(runner_client)

    new = feed_url(runner_client)

    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_revoking_removes_the_feed(runner_client, runner, client):
    url = feed_url(runner_client)

    runner_client.post("/plan/calendar/", {"action": "revoke"})

    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_guessed_token_finds_nothing(client):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
