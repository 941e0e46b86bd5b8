from django.conf import settings
from django.db import models

from apps.accounts.scoping import RunnerScopedQuerySet
from psoas_tracker.dates import date_range_check

# Limits, named once: forms and quick-adds check them, and so does the database.
MINUTES_PER_DAY = 24 * 60
STANDING_BREAKS_MAX = 200
CORE_REPS_MAX = 5000
NOTES_MAX_LENGTH = 1000

# What the quick-add buttons may change, and by how much (field, amount, label).
QUICK_ADDS = {
    "seated-15": ("minutes_seated", 15, "+15 min seated"),
    "seated-30": ("minutes_seated", 30, "+30 min seated"),
    "seated-60": ("minutes_seated", 60, "+1 h seated"),
    "break-1": ("standing_breaks", 1, "+1 standing break"),
    "core-10": ("core_reps", 10, "+10 sit-ups or crunches"),
}
FIELD_MAXIMUM = {
    "minutes_seated": MINUTES_PER_DAY,
    "standing_breaks": STANDING_BREAKS_MAX,
    "core_reps": CORE_REPS_MAX,
}


class SittingDayQuerySet(RunnerScopedQuerySet):
    pass


class SittingDay(models.Model):
    """One runner's day: time in a chair, breaks from it, core work and running."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sitting_days"
    )
    day = models.DateField()
    minutes_seated = models.PositiveIntegerField("minutes seated", default=0)
    standing_breaks = models.PositiveIntegerField(default=0)
    core_reps = models.PositiveIntegerField(
        "core repetitions", default=0, help_text="Sit-ups and crunches."
    )
    run_minutes = models.PositiveIntegerField("minutes run", null=True, blank=True)
    run_hills = models.BooleanField("the run had hills", default=False)
    notes = models.TextField(blank=True, max_length=NOTES_MAX_LENGTH)
    # The day's last quick-add, which "undo" takes back once: kept here, not in a session, so
    # that one UPDATE consumes it however many undos arrive at once.
    last_quick_add = models.CharField(
        max_length=10, blank=True, default="", db_default="", editable=False
    )

    objects = SittingDayQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "day"],
                name="sitting_one_row_per_day",
                violation_error_message="Two daily logs have the same date: keep one a day.",
            ),
            date_range_check("day", "sitting_day_range", "A daily log's date"),
            models.CheckConstraint(
                condition=models.Q(last_quick_add__in=["", *QUICK_ADDS]),
                name="sitting_last_quick_add_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_seated__gte=0, minutes_seated__lte=MINUTES_PER_DAY),
                name="sitting_minutes_seated_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    standing_breaks__gte=0, standing_breaks__lte=STANDING_BREAKS_MAX
                ),
                name="sitting_standing_breaks_range",
            ),
            models.CheckConstraint(
                condition=models.Q(core_reps__gte=0, core_reps__lte=CORE_REPS_MAX),
                name="sitting_core_reps_range",
            ),
            models.CheckConstraint(
                condition=models.Q(run_minutes__isnull=True)
                | models.Q(run_minutes__gte=0, run_minutes__lte=MINUTES_PER_DAY),
                name="sitting_run_minutes_range",
            ),
        ]

    def __str__(self):
        return f"Sitting on {self.day}"


class SittingTap(models.Model):
    """A quick-add that carried an idempotency key (psoas_tracker/outbox.py): kept so that the
    same tap sent twice from a phone's outbox is added once."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sitting_taps"
    )
    idempotency_key = models.UUIDField()
    day = models.DateField()
    quick_add = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RunnerScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "idempotency_key"],
                name="sitting_tap_once_per_key",
                violation_error_message="This tap was already added.",
            ),
            models.CheckConstraint(
                condition=models.Q(quick_add__in=list(QUICK_ADDS)),
                name="sitting_tap_quick_add_valid",
            ),
        ]

    def __str__(self):
        return f"{self.quick_add} on {self.day}"
