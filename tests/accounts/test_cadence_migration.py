"""accounts 0006: the old default cadence (180) becomes not known; a chosen one stays."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

BEFORE = [("accounts", "0005_invites_and_emails")]
AFTER = [("accounts", "0006_profile_cadence_unknown")]


def migrate(targets):
    # The fixtures' rows are checked now: PostgreSQL alters no table with checks still pending.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_old_default_becomes_not_known_and_a_chosen_cadence_stays(runner, coach):
    old = migrate(BEFORE)
    profiles = old.get_model("accounts", "Profile").objects
    profiles.filter(user_id=runner.pk).update(cadence=180)
    profiles.filter(user_id=coach.pk).update(cadence=172)

    new = migrate(AFTER)

    cadences = dict(new.get_model("accounts", "Profile").objects.values_list("user_id", "cadence"))
    assert cadences == {runner.pk: None, coach.pk: 172}
