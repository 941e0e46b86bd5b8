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
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_repeated_failures_lock_the_login_out_with_a_clear_message(client, runner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "Alice@example.com", "wrong-password")

    response = log_in(client, "alice@example.com")  # the right password, now refused

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-in attempts" in page
    assert "paused for 15 minutes" in page
    assert client.get(reverse("accounts:profile")).status_code == 302


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
    assert runner_client.get(reverse("accounts:profile")).status_code == 302


def test_an_anonymous_page_request_redirects_to_login(client):
    response = client.get(reverse("assessments:history"))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/tests/"


def test_behind_a_proxy_the_forwarded_client_address_is_locked_out(client, runner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "alice@example.com", "password": "x"}, **attacker)

    # Alice, from another address behind the same proxy, can still log in.
    alice = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "REMOTE_ADDR": "10.0.0.2"}
    response = client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD}, **alice)

    assert response.status_code == 302
