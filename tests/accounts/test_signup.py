"""Signing up: the address is proved before the account exists, and the page says the same
whether or not the address has an account (the e-mail to it says what happened)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Profile, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signup(client, HTTP_ACCEPT_LANGUAGE="", **overrides):
    data = {
        "email": "New.Runner@Example.com",
        "display_name": "New Runner",
        "timezone": "Europe/Helsinki",
        "role": "runner",
        "units": "km",
        **overrides,
    }
    return client.post(reverse("accounts:signup"), data, HTTP_ACCEPT_LANGUAGE=HTTP_ACCEPT_LANGUAGE)


def emailed_link(message):
    return re.search(r"https?://[^/]+(/signup/\S+)", message.body).group(1)


def finish(client, link, password=PASSWORD, **overrides):
    return client.post(link, {"new_password1": password, "new_password2": password, **overrides})


def test_signing_up_emails_a_link_that_sets_the_password_and_logs_in(client):
    response = signup(client)

    assert response["Location"] == reverse("accounts:signup_sent")
    assert "<strong>new.runner@example.com</strong>" in client.get(response["Location"]).text
    user = User.objects.get()
    assert (user.email, user.is_active, user.has_usable_password()) == (
        "new.runner@example.com", False, False,
    )  # fmt: skip
    assert mail.outbox[0].to == ["new.runner@example.com"]
    link = emailed_link(mail.outbox[0])

    assert "Choose your password" in client.get(link).text
    finished = finish(client, link, display_name="New R.")

    assert finished["Location"] == reverse("dashboard:home")
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(PASSWORD)
    assert user.profile.display_name == "New R."
    assert user.profile.timezone == "Europe/Helsinki"
    assert "Hello, New R." in client.get(reverse("dashboard:home")).text


def test_an_address_with_an_account_gets_the_same_page_and_an_email_saying_so(client):
    taken = UserFactory(email="taken@example.com")
    fresh = signup(client, email="fresh@example.com")
    client.cookies.clear()

    again = signup(client, email="TAKEN@example.com")

    assert again.status_code == fresh.status_code == 302
    assert again["Location"] == fresh["Location"]
    assert "already has an account" in mail.outbox[1].body
    assert mail.outbox[1].to == ["taken@example.com"]
    taken.refresh_from_db()
    assert taken.is_active  # nothing changed
    assert taken.check_password(PASSWORD)


def test_a_link_works_once(client):
    signup(client)
    link = emailed_link(mail.outbox[0])
    finish(client, link)
    client.logout()

    response = client.get(link)

    assert response.status_code == 404
    assert "This link does not work any more" in response.text


def test_a_forged_or_mangled_link_is_refused(client):
    signup(client)
    link = emailed_link(mail.outbox[0])

    assert client.get(link[:-3] + "xyz/").status_code == 404
    assert client.get("/signup/%00/abc/").status_code == 404
    assert client.get("/signup/Zm9v/abc-123/").status_code == 404


def test_the_password_must_pass_the_validators(client):
    signup(client)
    link = emailed_link(mail.outbox[0])

    page = finish(client, link, password="12345678").text

    assert "This password is too common." in page
    assert not User.objects.get().is_active


def test_signing_up_twice_before_confirming_sends_a_fresh_link(client):
    signup(client)
    signup(client)

    assert User.objects.count() == 1
    assert len(mail.outbox) == 2
    finish(client, emailed_link(mail.outbox[1]))
    assert User.objects.get().is_active


def test_the_latest_sign_up_of_an_unconfirmed_address_wins_and_voids_earlier_links(client):
    first = signup(
        client, email="owner@example.com", display_name="Mallory", timezone="Asia/Tokyo",
        role="coach",
    )  # fmt: skip
    client.cookies.clear()
    latest = signup(
        client, email="Owner@example.com", display_name="Olivia", timezone="Europe/Oslo",
        role="runner",
    )  # fmt: skip

    assert latest["Location"] == first["Location"] == reverse("accounts:signup_sent")
    old_link, new_link = emailed_link(mail.outbox[0]), emailed_link(mail.outbox[1])
    refused = client.get(old_link)
    assert refused.status_code == 404
    assert "This link does not work any more" in refused.text
    assert finish(client, old_link).status_code == 404
    assert not User.objects.get().is_active
    profile = Profile.objects.get()
    assert (profile.display_name, profile.timezone, profile.role) == (
        "Olivia", "Europe/Oslo", "runner",
    )  # fmt: skip

    assert 'value="Olivia"' in client.get(new_link).text
    finish(client, new_link, display_name="Olivia")
    assert User.objects.get().is_active


def test_a_later_sign_up_keeps_an_unconfirmed_account_a_week_from_then(client):
    signup(client, email="late@example.com")
    User.objects.update(date_joined=timezone.now() - timedelta(days=6))
    signup(client, email="late@example.com")
    User.objects.update(date_joined=F("date_joined") - timedelta(days=2))

    call_command("forget_unconfirmed_signups")

    finish(client, emailed_link(mail.outbox[1]))
    assert User.objects.get().is_active


def test_an_unknown_timezone_is_refused_beside_the_field_and_nothing_is_sent(client):
    page = signup(client, timezone="Mars/Olympus_Mons").content.decode()

    assert "Select a valid choice" in page
    assert not Profile.objects.exists()
    assert mail.outbox == []


# A dotless i, and a dotted capital I (lower-cased: an i and a combining dot).
@pytest.mark.parametrize("email", ["v\u0131ctim@example.com", "V\u0130CTIM@example.com"])
def test_an_address_with_a_non_ascii_letter_before_the_at_is_refused_and_nothing_kept(
    client, email
):
    UserFactory(email="victim@example.com")

    response = signup(client, email=email)

    assert response.status_code == 200
    error = re.search(r'id="id_email_error">(.*?)</ul>', response.text, re.S).group(1)
    assert "Before the @, use only unaccented letters" in error
    assert list(User.objects.values_list("email", flat=True)) == ["victim@example.com"]
    assert Profile.objects.count() == 1
    assert mail.outbox == []


def test_an_accented_domain_is_still_welcome(client):
    signup(client, email="runner@exämple.com")

    assert User.objects.get().email == "runner@exämple.com"
    assert mail.outbox[0].to == ["runner@exämple.com"]


def test_the_role_and_the_time_zone_chosen_at_sign_up_are_kept(client):
    signup(client, role="both", timezone="America/Denver")

    profile = Profile.objects.get()
    assert profile.role == "both"
    assert profile.timezone == "America/Denver"


def checked_units(page):
    """The value of the units radio checked on a page (a person sees it selected)."""
    return re.search(r'<input type="radio" name="units" value="(\w+)"[^>]*checked', page).group(1)


@pytest.mark.parametrize(
    ("accept_language", "shown"),
    [
        ("en-US,en;q=0.9", "mi"),
        ("en-GB,en;q=0.9", "mi"),
        ("my-MM", "mi"),
        ("de-DE,de;q=0.9,en-US;q=0.8", "km"),
        ("en", "km"),
        (None, "km"),
    ],
)
def test_the_units_are_preselected_from_the_browsers_language(client, accept_language, shown):
    headers = {"Accept-Language": accept_language} if accept_language else {}

    page = client.get(reverse("accounts:signup"), headers=headers).content.decode()

    assert checked_units(page) == shown
    assert "Distances in" in page


def test_the_units_chosen_at_sign_up_are_kept_whatever_the_browser_says(client):
    signup(client, units="mi", HTTP_ACCEPT_LANGUAGE="fr-FR")
    signup(client, email="second@example.com", units="km", HTTP_ACCEPT_LANGUAGE="en-US")

    assert Profile.objects.get(user__email="new.runner@example.com").units == "mi"
    assert Profile.objects.get(user__email="second@example.com").units == "km"
    link = emailed_link(mail.outbox[0])
    finish(client, link)
    assert Profile.objects.get(user__email="new.runner@example.com").units == "mi"


def test_a_sign_up_sent_without_units_takes_those_of_accept_language(client):
    signup(client, units="", HTTP_ACCEPT_LANGUAGE="en-US")
    signup(client, email="second@example.com", units="", HTTP_ACCEPT_LANGUAGE="nl-NL")

    assert Profile.objects.get(user__email="new.runner@example.com").units == "mi"
    assert Profile.objects.get(user__email="second@example.com").units == "km"


def test_the_time_zone_list_is_marked_for_the_browser_to_preselect(client):
    page = client.get(reverse("accounts:signup")).content.decode()

    assert re.search(r"<select[^>]*data-browser-timezone", page)
    assert 'value="UTC" selected' in page  # without JavaScript


def test_the_link_follows_a_safe_next_and_ignores_an_external_one(client):
    signup(client, next="/coaches/")
    assert finish(client, emailed_link(mail.outbox[0]))["Location"] == "/coaches/"

    client.logout()
    signup(client, email="other@example.com", next="https://evil.example/")
    link = emailed_link(mail.outbox[1])
    assert finish(client, link)["Location"] == reverse("dashboard:home")


def test_an_unconfirmed_account_cannot_log_in(client):
    signup(client)

    page = client.post(
        reverse("accounts:login"), {"username": "new.runner@example.com", "password": PASSWORD}
    ).text

    assert "Just signed up? Choose your password from the link" in page


def test_sign_ups_never_confirmed_are_forgotten_after_a_week(client):
    signup(client, email="old@example.com")
    signup(client, email="recent@example.com")
    User.objects.filter(email="old@example.com").update(
        date_joined=timezone.now() - timedelta(days=8)
    )
    UserFactory(email="deactivated@example.com", is_active=False)  # by staff: kept

    call_command("forget_unconfirmed_signups")

    assert set(User.objects.values_list("email", flat=True)) == {
        "recent@example.com",
        "deactivated@example.com",
    }


def test_email_is_unique_whatever_the_case_in_the_database(db):
    from django.db import IntegrityError

    UserFactory(email="case@example.com")
    with pytest.raises(IntegrityError):
        User.objects.create(email="CASE@example.com")
