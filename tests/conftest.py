"""The three people of every access test: Alice the runner, Bob her coach, Charlie a stranger.

Charlie is a coach too (he has a runner of his own), so "unlinked coach" and "other runner" are both
covered by him.
"""

import os
import subprocess
from pathlib import Path

import pytest

from tests.factories import CoachLinkFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told it is safe, which it is in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Argon2 costs ~0.1-0.3 s per hash, paid for every fixture user, login and sign-up. Tests hash with
# MD5 instead, set once for the whole process before any test runs, so the live server's thread
# (browser tests) uses it too. tests/accounts/test_passwords.py proves production hashes with
# Argon2, from the hasher list psoas_tracker/settings.py ships.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the main process, before any xdist worker starts
        _stop_without_chromium_in_ci(config)

    from django.test import override_settings

    # override_settings sends setting_changed, which empties Django's cache of hashers.
    override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS).enable()


def _stop_without_chromium_in_ci(config):
    """Under CI, a run whose paths reach the browser tests needs Chromium: without it, stop here
    with one line. Found later, in an xdist worker's collection, it ends in an INTERNALERROR."""
    from tests.e2e.conftest import BROWSER_TESTS, CHROMIUM, NO_CHROMIUM_IN_CI

    if not os.environ.get("CI") or Path(CHROMIUM).exists():
        return
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if BROWSER_TESTS.is_relative_to(path) or path.is_relative_to(BROWSER_TESTS):
            raise pytest.UsageError(NO_CHROMIUM_IN_CI)


def pytest_collection_modifyitems(items):
    """The tests in real transactions (browser tests, live server) run last; pytest-django puts them
    before the tests that need no database, which can run anywhere. With xdist workers (make test)
    the long browser tests are then handed out one or two at a time once little else is left,
    instead of queued on one worker while the other runs through the quick tests and stops."""

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        in_marker = marker is not None and (
            marker.kwargs.get("transaction") or (marker.args and marker.args[0])
        )
        return bool(in_marker) or bool({"transactional_db", "live_server"} & set(item.fixturenames))

    items.sort(key=transactional)  # stable: the order is otherwise pytest-django's


def pytest_report_header(config):
    """Names the Chromium the browser tests drive: its behaviour changes between versions."""
    from tests.e2e.conftest import CHROMIUM

    if not Path(CHROMIUM).exists():
        return f"chromium: none at {CHROMIUM}"
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return f"chromium: {version.stdout.strip()} ({CHROMIUM})"


@pytest.fixture
def runner(db):
    return UserFactory(email="alice@example.com", display_name="Alice")


@pytest.fixture
def coach(runner):
    bob = UserFactory(email="bob@example.com", display_name="Bob")
    CoachLinkFactory(runner=runner, coach=bob)
    return bob


@pytest.fixture
def stranger(db):
    charlie = UserFactory(email="charlie@example.com", display_name="Charlie")
    CoachLinkFactory(runner=UserFactory(display_name="Charlie's runner"), coach=charlie)
    return charlie


def _client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def runner_client(runner, client):
    client.force_login(runner)
    return client


@pytest.fixture
def coach_client(coach, client_class):
    return _client_for(client_class, coach)


@pytest.fixture
def stranger_client(stranger, client_class):
    return _client_for(client_class, stranger)


@pytest.fixture
def client_class():
    from django.test import Client

    return Client


@pytest.fixture
def page_queries():
    """page_queries(client, url, **get_kwargs): the number of SQL queries of one GET of `url`, which
    must answer 200. A first GET comes before the one counted, so that what only a first visit does
    (saving the session, say) is not counted: compare the counts with and without more data."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url, **get_kwargs):
        client.get(url, **get_kwargs)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **get_kwargs)
        assert response.status_code == 200, url
        return len(queries)

    return count


@pytest.fixture
def database_down():
    """A context manager under which Django's connection fails for real: PostgreSQL refuses a
    database that does not exist (no mock). Needs transaction=True, as it closes the connection."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def down():
        real_name = connection.settings_dict["NAME"]
        connection.close()
        connection.settings_dict["NAME"] = "psoas_tracker_no_such_database"
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["NAME"] = real_name

    return down
