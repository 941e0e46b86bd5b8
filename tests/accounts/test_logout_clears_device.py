"""Log-out, and a deleted account, clear what the phone keeps of the runner: the outbox of
writes waiting to be sent (IndexedDB) and the service worker's cached pages (Cache Storage)."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CLEAR = '"cache", "storage"'


def test_logging_out_tells_the_browser_to_clear_the_sites_storage(runner_client):
    response = runner_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == CLEAR
    assert runner_client.get(reverse("accounts:profile")).status_code == 302


def test_a_logout_without_a_session_clears_nothing(client):
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert not response.has_header("Clear-Site-Data")


def test_deleting_the_account_clears_the_sites_storage(runner_client, runner):
    response = runner_client.post(
        reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )

    assert response["Clear-Site-Data"] == CLEAR
    assert not User.objects.filter(pk=runner.pk).exists()


def test_a_refused_account_deletion_clears_nothing(runner_client, runner):
    response = runner_client.post(
        reverse("accounts:delete_account"), {"password": "wrong", "confirm": "on"}
    )

    assert response.status_code == 200
    assert not response.has_header("Clear-Site-Data")
    assert User.objects.filter(pk=runner.pk).exists()
