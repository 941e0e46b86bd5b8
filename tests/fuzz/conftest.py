import pytest

from apps.accounts import throttle


@pytest.fixture(autouse=True)
def no_import_limit(monkeypatch):
    """A fuzz test sends an import per example, far past the hourly limit (tested on its own in
    tests/accounts/test_throttle.py)."""
    from datetime import timedelta

    from apps.portability import views

    unlimited = throttle.Limit(10**9, timedelta(hours=1))
    monkeypatch.setattr(views, "IMPORTS_PER_ACCOUNT", unlimited)
    monkeypatch.setattr(views, "IMPORTS_PER_CLIENT", unlimited)
