"""Statements a connection runs often are prepared on the server (psoas_tracker/db.py), and
DB_PREPARE_THRESHOLD=off turns that off for a transaction-pooling PgBouncer."""

import pytest
from django.db import connection

from apps.dashboard.roster import runner_rows
from psoas_tracker.db import database_settings
from tests.factories import CoachLinkFactory, UserFactory

URL = "postgres://psoas:unused@db.invalid:5432/psoas"


def test_a_threshold_binds_parameters_on_the_server_and_prepares(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", URL)

    options = database_settings(tmp_path, conn_max_age=60, prepare_threshold=5)["OPTIONS"]

    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_off_leaves_djangos_client_side_binding_and_prepares_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", URL)

    options = database_settings(tmp_path, conn_max_age=60, prepare_threshold=None)["OPTIONS"]

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


@pytest.mark.django_db
def test_the_rosters_query_is_planned_once_per_connection_after_a_few_runs():
    coach = UserFactory()
    CoachLinkFactory(coach=coach)
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]

    for _ in range(threshold + 2):
        runner_rows(coach)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "dashboard_runner_facts"%'],
        )
        assert cursor.fetchone()[0] == 1
