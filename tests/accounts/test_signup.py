import pytest
from django.urls import reverse

from apps.accounts.models import Profile, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {
        "email": "New.Runner@Example.com",
        "display_name": "New Runner",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "Europe/Helsinki",
        **overrides,
    }
    return client.post(reverse("accounts:signup"), data)


def test_signup_creates_account_with_profile_and_logs_in(client):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    user = User.objects.get()
    assert user.email == "new.runner@example.com"
    assert PASSWORD not in user.password  # stored hashed (Argon2 in production: test_passwords)
    assert user.check_password(PASSWORD)
    assert user.profile.display_name == "New Runner"
    assert user.profile.timezone == "Europe/Helsinki"
    home = client.get(reverse("dashboard:home"))
    assert "Hello, New Runner" in home.content.decode()


def test_signup_with_taken_email_in_other_case_is_refused(client):
    UserFactory(email="taken@example.com")

    response = signup(client, email="TAKEN@example.com")

    assert response.status_code == 200
    assert "An account with this e-mail already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_signup_applies_password_validators(client):
    response = signup(client, password1="12345678", password2="12345678")

    content = response.content.decode()
    assert "This password is too common." in content
    assert "This password is entirely numeric." in content
    assert not User.objects.exists()


def test_signup_with_mismatched_passwords_saves_nothing(client):
    response = signup(client, password2=PASSWORD + "x")

    assert "The two password fields didn" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_unknown_timezone_falls_back_to_utc(client):
    signup(client, timezone="Mars/Olympus_Mons")

    assert Profile.objects.get().timezone == "UTC"


def test_signup_follows_a_safe_next_and_ignores_an_external_one(client):
    response = signup(client, next="/coaches/")
    assert response["Location"] == "/coaches/"

    client.logout()
    response = signup(client, email="other@example.com", next="https://evil.example/")
    assert response["Location"] == reverse("dashboard:home")


def test_email_is_unique_whatever_the_case_in_the_database(db):
    from django.db import IntegrityError

    UserFactory(email="case@example.com")
    with pytest.raises(IntegrityError):
        User.objects.create(email="CASE@example.com")
