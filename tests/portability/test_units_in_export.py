"""Exports stay SI whatever a runner reads pages in: the figures in metres and seconds, each
column named with its unit; the choice of units itself leaves and comes back with the profile."""

import csv
import io
import re
import zipfile

import pytest

from apps.accounts.models import Profile, User
from apps.portability.account_data import RUN_FIELDS
from tests.portability.helpers import export_of, import_into_new_account
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

# A run's columns that hold a measure, and the unit each name ends with.
MEASURES = {
    "elapsed_seconds": "_seconds",
    "moving_seconds": "_seconds",
    "distance_m": "_m",
    "elevation_gain_m": "_m",
    "climbing_seconds": "_seconds",
    "cadence_spm": "_spm",
    "step_length_m": "_m",
    "gct_balance_left_pct": "_pct",
}
CLIMB_KEYS = {"start_offset_s", "duration_s", "distance_m", "gain_m", "grade_pct"}


def test_a_miles_runners_export_is_in_si_with_the_unit_in_every_name(runner_client, runner):
    RunFactory(runner=runner)
    Profile.objects.filter(user=runner).update(units="mi")

    data = export_of(runner_client)
    text = zipfile.ZipFile(io.BytesIO(runner_client.get("/account/export.zip").content))
    (row,) = csv.DictReader(io.StringIO(text.read("runs.csv").decode()))

    assert data["profile"]["units"] == "mi"
    run = data["runs"][0]
    assert (run["distance_m"], run["elevation_gain_m"], run["step_length_m"]) == (
        9008.0,
        64.0,
        1.18,
    )
    assert (row["distance_m"], row["moving_seconds"]) == ("9008.0", "2832")
    assert set(run["climbs"][0]) == CLIMB_KEYS
    for name, suffix in MEASURES.items():
        assert name in RUN_FIELDS
        assert name.endswith(suffix)
    assert not any(re.search(r"(^|_)(km|mi|ft|in|miles)$", name) for name in RUN_FIELDS)


def test_the_units_come_back_with_the_profile(runner_client, runner, client_class):
    Profile.objects.filter(user=runner).update(units="mi")

    response = import_into_new_account(client_class, export_of(runner_client))

    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").profile.units == "mi"


def test_an_export_from_before_the_choice_imports_in_kilometres(runner_client, client_class):
    data = export_of(runner_client)
    data["version"] = 8
    del data["profile"]["units"]

    import_into_new_account(client_class, data)

    assert User.objects.get(email="new@example.com").profile.units == "km"


def test_units_that_are_neither_are_refused(runner_client, client_class):
    data = export_of(runner_client)
    data["profile"]["units"] = "furlongs"

    response = import_into_new_account(client_class, data)

    assert response.status_code == 400
    assert "furlongs" in response.content.decode()
    assert User.objects.get(email="new@example.com").profile.units == "km"
