import re

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core import mail
from django.test import override_settings
from django.urls import reverse

import psoas_tracker.settings as shipped_settings
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-Passphrase-17"


def test_production_hashes_new_passwords_with_argon2():
    """Tests hash with MD5 for speed (tests/conftest.py); production must use Argon2. The hasher
    list is read from the settings module as it ships, not from the tests' overridden settings."""
    with override_settings(PASSWORD_HASHERS=shipped_settings.PASSWORD_HASHERS):
        encoded = make_password(NEW_PASSWORD)

        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password(NEW_PASSWORD, encoded)
        assert not check_password(PASSWORD, encoded)


def test_password_reset_through_the_emailed_link(client, runner):
    response = client.post(reverse("accounts:password_reset"), {"email": "ALICE@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password(NEW_PASSWORD)
    assert client.get(link, follow=True).context["validlink"] is False


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_checks_the_old_password(runner_client, runner):
    url = reverse("accounts:password_change")
    response = runner_client.post(
        url,
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    runner.refresh_from_db()
    assert runner.check_password(PASSWORD)

    response = runner_client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password(NEW_PASSWORD)


def test_the_reset_email_shows_the_address_as_typed(client):
    from tests.factories import UserFactory

    UserFactory(email="o'neil&co@example.com")

    client.post(reverse("accounts:password_reset"), {"email": "o'neil&co@example.com"})

    assert "(o'neil&co@example.com)" in mail.outbox[0].body
