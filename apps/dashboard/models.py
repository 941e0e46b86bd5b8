"""The roster's reading of each runner: a database view, so the coach's page asks one cheap
query instead of building one with four correlated subqueries on every request.

The view (migrations/0002_alerts.py) holds one row per user. The roster reads it in SQL
(roster._facts) scoped by coached_runner_ids, the subquery RunnerScopedQuerySet.coached_by
filters by, so a coach sees the rows of the runners linked to them and nobody else; anything
else reads it through RunnerScopedQuerySet.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from apps.accounts.scoping import RunnerScopedQuerySet


class RunnerFacts(models.Model):
    """A runner's latest two tests, the red flags open now and the ones that paused the plan in
    the last weeks, and their active plan's schedule with its earlier schedules (PlanRevision
    rows, as JSON). The roster reads it as named tuples (roster.py)."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    test_id = models.BigIntegerField(null=True)
    test_taken_on = models.DateField(null=True)
    test_instrument = models.CharField(max_length=12, null=True)  # noqa: DJ001 (no test: null)
    hip_angle_left = models.FloatField(null=True)
    hip_angle_right = models.FloatField(null=True)
    pain = models.JSONField(null=True)  # region key: score, of the latest test
    previous_test_id = models.BigIntegerField(null=True)
    previous_taken_on = models.DateField(null=True)
    previous_instrument = models.CharField(max_length=12, null=True)  # noqa: DJ001
    previous_hip_angle_left = models.FloatField(null=True)
    previous_hip_angle_right = models.FloatField(null=True)
    previous_pain = models.JSONField(null=True)
    flags = ArrayField(models.CharField(max_length=20), null=True)  # the red flags open now
    red_flag_id = models.BigIntegerField(null=True)  # the newest of them
    red_flag_test_id = models.BigIntegerField(null=True)
    pauses = models.JSONField(null=True)  # [raised at, cleared at or null] of recent red flags
    plan_starts_on = models.DateField(null=True)
    plan_weeks = models.PositiveSmallIntegerField(null=True)
    plan_sessions_per_week = models.PositiveSmallIntegerField(null=True)
    plan_maintenance_from_week = models.PositiveSmallIntegerField(null=True)
    plan_maintenance_sessions_per_week = models.PositiveSmallIntegerField(null=True)
    plan_revisions = models.JSONField(null=True)

    objects = RunnerScopedQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "dashboard_runner_facts"

    def __str__(self):
        return f"Roster facts of runner {self.runner_id}"


class SeenAlert(models.Model):
    """An alert on the roster (alerts.py) that a coach marked seen: its key names the trigger,
    so the same trigger stays quiet and a new one is shown."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seen_alerts"
    )
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "runner", "key"], name="dashboard_alert_seen_once"
            )
        ]

    def __str__(self):
        return f"Alert {self.key} seen"
