"""Rate limits: per account, per client and per address, counted in the database so every web
process agrees; and the limit on password-reset e-mails, with its message. The limit on imports
is tested in tests/portability/test_import_limit.py."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import RequestFactory

from apps.accounts import throttle
from apps.accounts.models import RequestCount

pytestmark = pytest.mark.django_db


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
