import re

import pytest
from django.urls import reverse

from apps.accounts.models import Profile

pytestmark = pytest.mark.django_db

URL = "/account/"


def profile_data(**overrides):
    return {
        "display_name": "Alice K.",
        "role": "both",
        "timezone": "America/New_York",
        "test_weekday": "6",
        "dominant_leg": "right",
        "reminders_opt_in": "",
        "cadence": "176",
        "units": "km",
        **overrides,
    }


def test_profile_saves_every_field(runner_client, runner):
    response = runner_client.post(URL, profile_data())

    assert response.status_code == 302
    runner.profile.refresh_from_db()
    assert runner.profile.display_name == "Alice K."
    assert runner.profile.timezone == "America/New_York"
    assert runner.profile.role == "both"
    assert runner.profile.test_weekday == 6
    assert runner.profile.dominant_leg == "right"
    assert runner.profile.reminders_opt_in is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Olympus_Mons", "Select a valid choice"),
        ("test_weekday", "7", "Select a valid choice"),
        ("dominant_leg", "both", "Select a valid choice"),
    ],
)
def test_bad_profile_input_is_shown_beside_the_field_and_nothing_saved(
    runner_client, runner, field, value, message
):
    response = runner_client.post(URL, profile_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert f'id="id_{field}_error"' in response.content.decode()
    runner.profile.refresh_from_db()
    assert runner.profile.display_name == "Alice"


def test_the_units_change_on_the_profile_page(runner_client, runner):
    assert runner.profile.units == "km"  # the default for an account made without a browser
    page = runner_client.get(URL).content.decode()
    assert re.search(r'name="units" value="km"[^>]*checked', page)

    assert runner_client.post(URL, profile_data(units="mi")).status_code == 302

    runner.profile.refresh_from_db()
    assert runner.profile.units == "mi"
    page = runner_client.get(URL).content.decode()
    assert re.search(r'name="units" value="mi"[^>]*checked', page)


def test_a_post_without_units_keeps_the_choice(runner_client, runner):
    Profile.objects.filter(user=runner).update(units="mi")
    data = profile_data()
    del data["units"]

    assert runner_client.post(URL, data).status_code == 302

    runner.profile.refresh_from_db()
    assert runner.profile.units == "mi"


def test_units_other_than_km_or_miles_are_refused(runner_client, runner):
    response = runner_client.post(URL, profile_data(units="furlongs"))

    assert response.context["form"].errors["units"][0].startswith("Select a valid choice")
    runner.profile.refresh_from_db()
    assert runner.profile.units == "km"


def test_the_cadence_is_asked_for_never_assumed(runner_client, runner):
    page = runner_client.get(URL).content.decode()

    assert runner.profile.cadence is None  # a new profile does not know it
    assert "180 is typical" not in page
    assert (
        "Your watch shows it. It counts the psoas cycles of running without a step count, until "
        "your imported runs give your own cadence. Leave it empty if you do not know it." in page
    )


@pytest.mark.parametrize(("typed", "saved"), [("176", 176), ("", None)])
def test_a_cadence_may_be_set_or_left_empty(runner_client, runner, typed, saved):
    runner.profile.cadence = 170
    runner.profile.save()

    assert runner_client.post(URL, profile_data(cadence=typed)).status_code == 302

    runner.profile.refresh_from_db()
    assert runner.profile.cadence == saved


def test_profile_page_requires_login(client):
    assert client.get(URL)["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_the_database_rejects_an_impossible_weekday(runner):
    from django.db import IntegrityError

    runner.profile.test_weekday = 9
    with pytest.raises(IntegrityError):
        runner.profile.save()


def test_times_show_in_the_users_time_zone_after_a_change(runner_client, runner):
    from apps.accounts.models import CoachLink

    runner_client.post(reverse("accounts:invite_coach"))
    link = CoachLink.objects.get(runner=runner)
    runner_client.post(URL, profile_data(timezone="Asia/Tokyo"))

    page = runner_client.get(reverse("accounts:my_coaches")).content.decode()

    tokyo = link.expires_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert f"valid until {tokyo:%-d %b %Y, %H:%M}" in page


def test_a_time_zone_changed_outside_the_profile_form_shows_on_the_next_page(runner_client, runner):
    """An import (or an admin) writes the profile directly: no page may keep the old zone."""
    from zoneinfo import ZoneInfo

    from apps.accounts.models import CoachLink, Profile

    runner_client.post(reverse("accounts:invite_coach"))
    link = CoachLink.objects.get(runner=runner)
    runner_client.get(reverse("accounts:my_coaches"))  # a page seen in the old zone (UTC)
    Profile.objects.filter(user=runner).update(timezone="Asia/Tokyo")

    page = runner_client.get(reverse("accounts:my_coaches")).content.decode()

    tokyo = link.expires_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"valid until {tokyo:%-d %b %Y, %H:%M}" in page


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("runner", "e-mail me when a coach assigns or changes my plan"),
        ("coach", "e-mail me when the tests change a runner&#x27;s plan, or suggest changing it"),
        (
            "both",
            "e-mail me when a coach assigns or changes my plan, and when the tests change a "
            "runner&#x27;s plan, or suggest changing it",
        ),
    ],
)
def test_the_plan_email_setting_speaks_to_whom_it_goes(runner, runner_client, role, label):
    runner.profile.role = role
    runner.profile.save()

    page = runner_client.get("/account/").text

    assert label in page
