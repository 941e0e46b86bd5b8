"""A quick-add sent late from the phone's outbox: added once per key, on the day its card showed,
and refused with its message (the outbox:refused event) when it cannot be added."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError

from apps.sitting.models import SittingDay, SittingTap

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "today-counts"}


def tap(client, key, **data):
    return client.post("/sitting/add/", {"add": "seated-30", "idempotency_key": key, **data})


def test_a_tap_sent_twice_is_added_once(runner_client, runner):
    key = str(uuid.uuid4())

    tap(runner_client, key)
    tap(runner_client, key)
    tap(runner_client, str(uuid.uuid4()))

    assert SittingDay.objects.get(runner=runner).minutes_seated == 60
    assert SittingTap.objects.filter(runner=runner).count() == 2


def test_a_tap_arriving_after_midnight_counts_on_the_day_it_was_made(runner_client, runner):
    yesterday = runner.profile.today() - timedelta(days=1)

    tap(runner_client, str(uuid.uuid4()), day=yesterday.isoformat())

    assert SittingDay.objects.get(runner=runner).day == yesterday


@pytest.mark.parametrize("day", ["9999-12-31", "1999-12-31", "nonsense"])
def test_a_tap_for_a_day_that_cannot_be_logged_is_refused_with_its_message(
    runner_client, runner, day
):
    response = runner_client.post(
        "/sitting/add/",
        {"add": "seated-30", "idempotency_key": str(uuid.uuid4()), "day": day},
        headers=HTMX,
    )

    refused = json.loads(response["HX-Trigger"])["outbox:refused"]
    assert refused["message"] == "That tap is from a day that cannot be logged: nothing added."
    assert not SittingDay.objects.filter(minutes_seated__gt=0).exists()


def test_a_refused_tap_is_not_remembered_so_it_can_be_sent_again(runner_client, runner):
    SittingDay.objects.create(runner=runner, day=runner.profile.today(), minutes_seated=1420)
    key = str(uuid.uuid4())

    response = runner_client.post(
        "/sitting/add/", {"add": "seated-30", "idempotency_key": key}, headers=HTMX
    )

    refused = json.loads(response["HX-Trigger"])["outbox:refused"]
    assert refused["message"] == "+30 min seated would go past the day's limit: nothing added."
    assert not SittingTap.objects.exists()
    assert SittingDay.objects.get().minutes_seated == 1420


def test_the_database_keeps_one_tap_per_key_and_runner(runner, stranger):
    key = uuid.uuid4()
    day = runner.profile.today()
    SittingTap.objects.create(runner=runner, idempotency_key=key, day=day, quick_add="break-1")
    SittingTap.objects.create(runner=stranger, idempotency_key=key, day=day, quick_add="break-1")

    with pytest.raises(IntegrityError):
        SittingTap.objects.create(runner=runner, idempotency_key=key, day=day, quick_add="core-10")
