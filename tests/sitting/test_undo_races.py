"""Undo takes back the last tap once, however many undos arrive at the same moment."""

import pytest

from apps.sitting.models import SittingDay
from tests.concurrency import LiveSession


@pytest.mark.django_db(transaction=True)
def test_ten_undos_at_once_take_back_one_tap(live_server, runner):
    today = runner.profile.today()
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=600)
    browser = LiveSession(live_server, runner)
    browser.post_at_once("/sitting/", [("/sitting/add/", {"add": "seated-60"})])

    statuses = browser.post_at_once(
        "/sitting/", [("/sitting/undo/", {})] * 10, {"HX-Request": "true"}
    )

    assert statuses == [200] * 10
    assert SittingDay.objects.get(runner=runner, day=today).minutes_seated == 600


@pytest.mark.django_db
def test_an_undo_from_another_device_takes_back_the_same_tap(client_class, runner):
    phone, laptop = client_class(), client_class()
    phone.force_login(runner)
    laptop.force_login(runner)
    phone.post("/sitting/add/", {"add": "seated-30"})

    laptop.post("/sitting/undo/")
    phone.post("/sitting/undo/")  # already taken back: nothing more

    assert SittingDay.objects.get(runner=runner).minutes_seated == 0


@pytest.mark.django_db
def test_a_full_edit_ends_what_undo_can_take_back(runner_client, runner):
    today = runner.profile.today()
    runner_client.post("/sitting/add/", {"add": "core-10"})
    runner_client.post(
        f"/sitting/{today.isoformat()}/",
        {"minutes_seated": "100", "standing_breaks": "0", "core_reps": "50", "notes": ""},
    )

    page = runner_client.post("/sitting/undo/", follow=True).content.decode()

    assert SittingDay.objects.get(runner=runner).core_reps == 50
    assert "Nothing to undo" in page
