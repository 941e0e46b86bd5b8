"""Running the migrations to a point inside a test (the test's transaction undoes them)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrates to `targets` ([(app, migration)]) and returns the apps as they are there."""
    # The fixtures' rows are checked now: PostgreSQL alters no table with checks still pending.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
