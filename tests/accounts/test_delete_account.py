import pytest
from django.urls import reverse

from apps.accounts.models import CoachLink, Profile, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/account/delete/"


def test_wrong_password_deletes_nothing(runner_client, runner, coach):
    response = runner_client.post(URL, {"password": "wrong", "confirm": "on"})

    assert response.status_code == 200
    assert "That is not your current password." in response.content.decode()
    assert User.objects.filter(pk=runner.pk).exists()
    assert CoachLink.objects.filter(runner=runner).exists()


def test_confirmation_box_is_required(runner_client, runner):
    response = runner_client.post(URL, {"password": PASSWORD})

    assert response.status_code == 200
    assert User.objects.filter(pk=runner.pk).exists()


def test_delete_removes_the_user_and_all_their_data(runner_client, runner, coach, client_class):
    from axes.models import AccessAttempt

    client_class().post("/login/", {"username": "alice@example.com", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="alice@example.com").exists()

    response = runner_client.post(URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not User.objects.filter(pk=runner.pk).exists()
    assert not Profile.objects.filter(user_id=runner.pk).exists()
    assert not CoachLink.objects.filter(runner_id=runner.pk).exists()
    assert User.objects.filter(pk=coach.pk).exists()  # the coach keeps their own account
    assert not AccessAttempt.objects.filter(username="alice@example.com").exists()
    assert runner_client.get(reverse("accounts:profile")).status_code == 302
