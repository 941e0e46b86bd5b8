"""The daily log gives the day's imported runs in the runner's units: the week and the day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Profile
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("units", "distance"), [("km", "9.01 km"), ("mi", "5.60 mi")])
def test_the_week_and_the_day_give_the_watchs_distance_in_the_runners_units(
    runner_client, runner, units, distance
):
    today = runner.profile.today()
    RunFactory(runner=runner, started_at=timezone.now() - timedelta(minutes=50), day=today)
    Profile.objects.filter(user=runner).update(units=units)

    week = runner_client.get(reverse("sitting:week")).content.decode()
    day = runner_client.get(reverse("sitting:day", args=[today.isoformat()])).content.decode()

    assert f"47 min, {distance}, 3 min on hills" in week
    assert f"Your watch recorded 47 min of running this day ({distance})" in day
