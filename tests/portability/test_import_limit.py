"""Imports are rate-limited per account: past the limit a 429 with a clear message, for the tests
CSV and the account file alike, while another account can still import. How the counts are kept
is tested in tests/accounts/test_throttle.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.portability import views as portability
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def csv_upload():
    return SimpleUploadedFile(
        "t.csv", b"date,instrument,hip_angle_left,hip_angle_right\n2026-01-05,phone,3,1\n"
    )


def test_imports_past_the_accounts_limit_are_refused_with_a_message(runner_client, settings):
    limit = portability.IMPORTS_PER_ACCOUNT.times
    for _ in range(limit):
        assert runner_client.post("/tests/import/", {"file": csv_upload()}).status_code == 200

    refused = runner_client.post("/tests/import/", {"file": csv_upload()})
    refused_json = runner_client.post("/account/import/", {"file": csv_upload()})

    assert refused.status_code == 429
    assert "a lot of imports in one hour" in refused.content.decode()
    assert refused_json.status_code == 429


def test_another_account_can_still_import(runner_client, client_class):
    for _ in range(portability.IMPORTS_PER_ACCOUNT.times + 1):
        runner_client.post("/tests/import/", {"file": csv_upload()})
    bob = client_class()
    bob.force_login(UserFactory(email="bob@example.com"))

    assert bob.post("/tests/import/", {"file": csv_upload()}).status_code == 200
