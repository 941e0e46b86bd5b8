"""The roster's reading of each runner: a database view of each runner's latest two tests and
open red flags, each found by an index probe (LATERAL ... LIMIT 1), which a queryset over every
test of a club would not say as cheaply.

The view (migrations/0004_roster_facts_without_plans.py) holds one row per user; like every
runner's data it is read through RunnerScopedQuerySet, the roster's by for_roster(coach).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Window
from django.db.models.functions import Lower, RowNumber

from apps.accounts.models import CoachLink, shown_name
from apps.accounts.scoping import RunnerScopedQuerySet


class RunnerFactsQuerySet(RunnerScopedQuerySet):
    def for_roster(self, coach):
        """The facts of the runners actively linked to `coach`, one row a runner."""
        return self.coached_by(coach)


class RunnerFacts(models.Model):
    """A runner's latest two tests and the red flags open now, with the ones that paused the
    plan in the last weeks. Read by the roster (apps/dashboard/roster.py)."""

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

    objects = RunnerFactsQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "dashboard_runner_facts"

    def __str__(self):
        return f"Roster facts of runner {self.runner_id}"


SEEN_KEPT = 50  # alerts marked seen, kept a coach and runner


class SeenAlertQuerySet(models.QuerySet):
    def keys_by_runner(self, coach) -> dict[int, set[str]]:
        """{runner id: keys of the alerts `coach` marked seen}."""
        seen = {}
        for runner_id, key in self.filter(coach=coach).values_list("runner_id", "key"):
            seen.setdefault(runner_id, set()).add(key)
        return seen

    def mark_seen(self, coach, runner, key) -> None:
        """Remembers that `coach` saw the alert `key` of `runner`, and forgets all but the
        latest SEEN_KEPT of theirs: older triggers are long past (and the roster reads them)."""
        self.get_or_create(coach=coach, runner=runner, key=key)
        kept = self.filter(coach=coach, runner=runner).order_by("-seen_at", "-pk")
        self.filter(pk__in=kept.values("pk")[SEEN_KEPT : SEEN_KEPT + 100]).delete()

    def mark_all_seen(self, coach, rows) -> None:
        """Remembers every alert of these roster rows (roster.Row) as seen by `coach`, keeping
        the latest SEEN_KEPT of each runner's: three queries, however many runners."""
        self.bulk_create(
            [
                SeenAlert(coach=coach, runner_id=row.runner_id, key=alert.key)
                for row in rows
                for alert in row.alerts
            ],
            ignore_conflicts=True,
        )
        older = (
            self.filter(coach=coach, runner_id__in=[row.runner_id for row in rows])
            .annotate(
                newest_first=Window(
                    RowNumber(), partition_by="runner", order_by=["-seen_at", "-pk"]
                )
            )
            .filter(newest_first__gt=SEEN_KEPT)
            .values_list("pk", flat=True)
        )
        self.filter(pk__in=list(older)).delete()


class SeenAlert(models.Model):
    """An alert on the roster (alerts.py) that a coach marked seen: its key names the trigger,
    so the same trigger stays quiet and a new one is shown."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seen_alerts"
    )
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    seen_at = models.DateTimeField(auto_now_add=True)

    objects = SeenAlertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "runner", "key"], name="dashboard_alert_seen_once"
            )
        ]

    def __str__(self):
        return f"Alert {self.key} seen"


GROUP_NAME_MAX = 40


class RunnerGroupQuerySet(models.QuerySet):
    def owned_by(self, coach):
        """The groups `coach` made: the only ones they may see or change."""
        if not coach.is_authenticated:
            return self.none()
        return self.filter(coach=coach)

    def member_names(self, coach) -> dict[int, list[str]]:
        """{group id: the shown names of its runners, by name} of the coach's groups, active
        links only: one query."""
        names = {}
        for group_id, display_name, email in (
            RunnerGroup.links.through.objects.filter(
                runnergroup__coach=coach,
                coachlink__coach=coach,
                coachlink__status=CoachLink.Status.ACTIVE,
            )
            .order_by(Lower("coachlink__runner__profile__display_name"))
            .values_list(
                "runnergroup_id",
                "coachlink__runner__profile__display_name",
                "coachlink__runner__email",
            )
        ):
            names.setdefault(group_id, []).append(shown_name(display_name, email))
        return names


class RunnerGroup(models.Model):
    """A coach's tag for some of their runners ("marathon squad", "injured list").

    Its members are links, not runners: a group reaches a runner only while the link is active
    (every read filters the coach's active links), and a runner who links again starts in no
    group."""

    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=GROUP_NAME_MAX)
    links = models.ManyToManyField(CoachLink, related_name="groups", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RunnerGroupQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "coach", name="dashboard_group_name_once_per_coach"
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="dashboard_group_name_not_blank"
            ),
        ]
        ordering = [Lower("name")]

    def __str__(self):
        return self.name
