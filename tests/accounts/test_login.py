import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def log_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def test_login_by_email_in_any_case(client, runner):
    response = log_in(client, "ALICE@Example.COM")

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_wrong_password_shows_a_message_and_does_not_log_in(client, runner):
    response = log_in(client, "alice@example.com", "wrong-password")

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_repeated_failures_lock_the_login_out_with_a_clear_message(client, runner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "Alice@example.com", "wrong-password")

    response = log_in(client, "alice@example.com")  # the right password, now refused

    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_a_success_resets_the_failure_count(client, runner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "alice@example.com", "wrong-password")
    assert log_in(client, "alice@example.com").status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "alice@example.com", "wrong-password")
    assert log_in(client, "alice@example.com").status_code == 302


def test_logout_needs_a_post_and_ends_the_session(runner_client):
    assert runner_client.get(reverse("accounts:logout")).status_code == 405

    response = runner_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert runner_client.get(reverse("dashboard:home")).status_code == 302


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("dashboard:home"))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"
