"""Rate limits on imports and password-reset e-mails: per account, per client and per address,
counted in the database so every web process agrees, each with a clear message."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from apps.accounts import throttle
from apps.accounts.models import RequestCount
from apps.portability import views as portability
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def csv_upload():
    return SimpleUploadedFile(
        "t.csv", b"date,instrument,hip_angle_left,hip_angle_right\n2026-01-05,phone,3,1\n"
    )


def test_a_limit_allows_its_number_then_refuses_within_the_window(rf_request):
    limit = throttle.Limit(3, timedelta(hours=1))

    results = [throttle.allow(rf_request, "thing", per_client=limit) for _ in range(5)]

    assert results == [True, True, True, False, False]


def test_accounts_and_clients_are_counted_apart(rf_request):
    limit = throttle.Limit(1, timedelta(hours=1))
    other = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    other.user = rf_request.user

    assert throttle.allow(rf_request, "thing", per_client=limit)
    assert throttle.allow(other, "thing", per_client=limit)  # another client
    assert not throttle.allow(rf_request, "thing", per_client=limit)


def test_address_keys_are_stored_hashed(db):
    throttle.allow_for_key("password-reset", "alice@example.com", throttle.Limit(3, timedelta(1)))

    assert "alice" not in RequestCount.objects.get().key


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


def test_reset_emails_to_one_address_stop_after_the_limit(client, runner):
    for _ in range(throttle.EMAILS_PER_ADDRESS.times):
        client.post("/password-reset/", {"email": "alice@example.com"})

    refused = client.post("/password-reset/", {"email": "ALICE@example.com"})

    assert len(mail.outbox) == throttle.EMAILS_PER_ADDRESS.times
    assert refused.status_code == 429
    assert "Several reset links were asked for" in refused.content.decode()


@pytest.fixture
def rf_request(runner):
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    request.user = runner
    return request


def test_forgetting_old_windows_never_forgets_a_week_still_counting(monkeypatch):
    """A weekly window began days ago: the now-and-then clean-up must leave its count alone
    (it forgot every window begun over two days ago, so a third invite a week got through)."""
    limit = throttle.Limit(2, timedelta(days=7))
    week_start = throttle._window_start(limit.per)
    monkeypatch.setattr(throttle.timezone, "now", lambda: week_start + timedelta(days=6))
    monkeypatch.setattr(throttle.random, "random", lambda: 0)  # clean up on every count

    results = [throttle.allow_for_key("invite", "ann@example.com", limit) for _ in range(3)]

    assert results == [True, True, False]


def test_a_window_longer_than_the_counts_are_kept_is_refused():
    with pytest.raises(ValueError, match="outlives the counts kept"):
        throttle.Limit(1, timedelta(days=30))
