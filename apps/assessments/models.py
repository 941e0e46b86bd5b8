from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from apps.accounts.scoping import RunnerScopedQuerySet
from apps.assessments.red_flags import CLEARS_BY_TEST, RED_FLAG_KEYS, RED_FLAG_NAMES, RED_FLAGS
from apps.assessments.scoring import PAIN_REGION_LABELS, PAIN_REGIONS, SIDES
from psoas_tracker.dates import date_range_check

# Limits, named once: the form validates with them and the database checks them.
HIP_ANGLE_MIN, HIP_ANGLE_MAX = -40, 60
KNEE_ANGLE_MIN, KNEE_ANGLE_MAX = 0, 160
ABDUCTION_MIN, ABDUCTION_MAX = 0, 60
PAIN_MIN, PAIN_MAX = 0, 10
NOTES_MAX_LENGTH = 2000
MAX_TRIALS = 3


class Instrument(models.TextChoices):
    GONIOMETER = "goniometer", "Goniometer"
    INCLINOMETER = "inclinometer", "Inclinometer"
    PHONE = "phone", "Phone"
    VISUAL = "visual", "Visual estimate"


def instrument_label(key: str) -> str:
    """ "visual" -> "Visual estimate": the one way an instrument is named to a person."""
    return Instrument(key).label


class KneeToChest(models.TextChoices):
    NOT_DONE = "not_done", "Not done"
    STAYED_DOWN = "stayed_down", "Stayed down"
    LIFTED = "lifted", "Lifted off the floor"


class KneeStraightened(models.TextChoices):
    """Kendall's step on a thigh that stays up: the hanging knee straightened."""

    NOT_DONE = "not_done", "Not done"
    DROPPED = "dropped", "The thigh dropped"
    STAYED_UP = "stayed_up", "The thigh stayed up"


class AssessmentQuerySet(RunnerScopedQuerySet):
    def newest_first(self):
        return self.order_by("-taken_on")

    def baseline_for(self, test):
        """The one baseline, everywhere: the runner's first test with the same instrument as
        `test` (readings of different instruments are not compared). `test` itself when it is
        the first."""
        return (
            self.filter(runner_id=test.runner_id, instrument=test.instrument)
            .order_by("taken_on")
            .first()
        )


def _range_check(field, low, high, *, nullable=False):
    condition = models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"assessments_{field}_range",
        violation_error_message=f"A test's {field.replace('_', ' ')} must be from {low} to {high}.",
    )


class Assessment(models.Model):
    """One weekly hip-flexor test of both legs: the modified Thomas test and knee-to-chest.

    Angles are in degrees, stored as the mean of the trials entered (see scoring.py for signs).
    """

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    taken_on = models.DateField("date")
    instrument = models.CharField(max_length=12, choices=Instrument.choices)
    hip_angle_left = models.FloatField("left hip angle")
    hip_angle_right = models.FloatField("right hip angle")
    knee_angle_left = models.FloatField("left knee angle", null=True, blank=True)
    knee_angle_right = models.FloatField("right knee angle", null=True, blank=True)
    knee_to_chest_left = models.CharField(
        max_length=11, choices=KneeToChest.choices, default=KneeToChest.NOT_DONE
    )
    knee_to_chest_right = models.CharField(
        max_length=11, choices=KneeToChest.choices, default=KneeToChest.NOT_DONE
    )
    # Kendall's step (optional): does the raised thigh drop when the knee is straightened?
    knee_straightened_left = models.CharField(
        max_length=9,
        choices=KneeStraightened.choices,
        default=KneeStraightened.NOT_DONE,
        db_default=KneeStraightened.NOT_DONE,
    )
    knee_straightened_right = models.CharField(
        max_length=9,
        choices=KneeStraightened.choices,
        default=KneeStraightened.NOT_DONE,
        db_default=KneeStraightened.NOT_DONE,
    )
    abduction_left = models.FloatField("left abduction", null=True, blank=True)
    abduction_right = models.FloatField("right abduction", null=True, blank=True)
    pain_low_back = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_hip = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_groin = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_glute = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_hamstring = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_uphill = models.BooleanField("hurts running uphill or on stairs", default=False)
    # A palpation finding, asked, never inferred from a pain score: None when not checked.
    tender_to_touch = models.BooleanField(
        "the front of the hip or the groin is tender when pressed", null=True, blank=True
    )
    # How many trials the hip angles are the mean of (the fewer of the two legs).
    hip_trials = models.PositiveSmallIntegerField(default=1, db_default=1)
    notes = models.TextField(max_length=NOTES_MAX_LENGTH, blank=True)
    # The key a test sent from a phone's outbox carries (psoas_tracker/outbox.py): one test
    # per key, so a test sent twice is saved once. None for a test typed without JavaScript.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "taken_on"],
                name="assessments_one_test_per_runner_per_day",
                violation_error_message="Two tests have the same date: keep one test a day.",
            ),
            models.UniqueConstraint(
                fields=["runner", "idempotency_key"],
                name="assessments_one_test_per_key",
                violation_error_message="This test was already saved.",
            ),
            date_range_check("taken_on", "assessments_taken_on_range", "A test's date"),
            models.CheckConstraint(
                condition=models.Q(hip_trials__gte=1, hip_trials__lte=MAX_TRIALS),
                name="assessments_hip_trials_range",
                violation_error_message=f"A test's hip angles are the mean of 1 to {MAX_TRIALS} "
                "trials.",
            ),
            models.CheckConstraint(
                condition=models.Q(instrument__in=Instrument.values),
                name="assessments_instrument_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(knee_to_chest_left__in=KneeToChest.values)
                & models.Q(knee_to_chest_right__in=KneeToChest.values),
                name="assessments_knee_to_chest_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(knee_straightened_left__in=KneeStraightened.values)
                & models.Q(knee_straightened_right__in=KneeStraightened.values),
                name="assessments_knee_straightened_valid",
            ),
            # Knee angles come in pairs: an imbalance needs both legs.
            models.CheckConstraint(
                condition=models.Q(knee_angle_left__isnull=True, knee_angle_right__isnull=True)
                | models.Q(knee_angle_left__isnull=False, knee_angle_right__isnull=False),
                name="assessments_knee_angles_paired",
            ),
            *[_range_check(f"hip_angle_{side}", HIP_ANGLE_MIN, HIP_ANGLE_MAX) for side in SIDES],
            *[
                _range_check(f"knee_angle_{side}", KNEE_ANGLE_MIN, KNEE_ANGLE_MAX, nullable=True)
                for side in SIDES
            ],
            *[
                _range_check(f"abduction_{side}", ABDUCTION_MIN, ABDUCTION_MAX, nullable=True)
                for side in SIDES
            ],
            *[
                _range_check(f"pain_{region}", PAIN_MIN, PAIN_MAX, nullable=True)
                for region, _label in PAIN_REGIONS
            ],
        ]

    def __str__(self):
        return f"Test of {self.taken_on}"

    @property
    def has_knee_angles(self) -> bool:
        return self.knee_angle_left is not None and self.knee_angle_right is not None

    def pain_scores(self):
        """(region key, score) for every region the runner scored, in body order."""
        return [
            (region, getattr(self, f"pain_{region}"))
            for region, _label in PAIN_REGIONS
            if getattr(self, f"pain_{region}") is not None
        ]

    def pain_scores_labelled(self):
        """(region label, score) for every region the runner scored, for pages."""
        return [(PAIN_REGION_LABELS[region], score) for region, score in self.pain_scores()]


class TestReminder(models.Model):
    """A "your weekly test is due" e-mail, recorded so a runner gets at most one per test week."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="test_reminders"
    )
    week_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "week_start"], name="assessments_one_reminder_per_week"
            )
        ]

    def __str__(self):
        return f"Reminder for the week of {self.week_start}"


class RedFlagCheckQuerySet(RunnerScopedQuerySet):
    def latest_first(self):
        return self.order_by("-answered_at", "-pk")


class RedFlagCheck(models.Model):
    """The runner's answers to the red-flag questions (red_flags.py), as they gave them: asked
    at the first test, with high or rising pain, and when they say that none applies any more.
    What the answers open and clear is kept in RedFlag."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flag_checks"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="red_flag_checks"
    )
    answered_at = models.DateTimeField(default=timezone.now)
    flags = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    # The runner said a physiotherapist or doctor has examined them and cleared them.
    clinician_cleared = models.BooleanField(default=False, db_default=False)

    objects = RedFlagCheckQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(flags__contained_by=list(RED_FLAG_KEYS)),
                name="assessments_red_flags_known",
                violation_error_message="A red-flag answer names a question that does not exist.",
            )
        ]
        indexes = [
            models.Index(fields=["runner", "-answered_at"], name="assessments_rfc_runner_idx")
        ]

    def __str__(self):
        return f"Red-flag check of {self.answered_at:%Y-%m-%d}"

    @property
    def questions_raised(self) -> list[str]:
        return [question for key, question in RED_FLAGS if key in self.flags]


class ClearedHow(models.TextChoices):
    ANSWER = "answer", "the runner answered that it no longer applies"
    CLINICIAN = "clinician", "the runner said a physiotherapist or doctor cleared them"
    TEST = "test", "a later test scored every pain below 7/10"


class RedFlagQuerySet(RunnerScopedQuerySet):
    def open(self):
        return self.filter(cleared_at__isnull=True)

    def open_or_cleared_since(self, moment):
        """The flags that held the plan at any time since `moment`."""
        return self.filter(models.Q(cleared_at__isnull=True) | models.Q(cleared_at__gte=moment))


class RedFlag(models.Model):
    """One warning sign (red_flags.py), from the moment an answer or a test's pain score raised
    it until it cleared. While any of a runner's flags is open their plan is paused
    (apps/assessments/safety.py): no session, no red week, no hills. A pain of 7/10 or more
    clears only by a later test scoring below 7; the others by the runner's answer."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flags"
    )
    key = models.CharField(max_length=20, choices=RED_FLAGS)
    raised_at = models.DateTimeField(default=timezone.now)
    # The test it was raised with: its pain score, or the test whose questions were answered.
    test = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="red_flags"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_how = models.CharField(max_length=10, choices=ClearedHow.choices, blank=True)
    cleared_by_test = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RedFlagQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(key__in=RED_FLAG_KEYS),
                name="assessments_red_flag_key_known",
                violation_error_message="A red flag names a question that does not exist.",
            ),
            models.UniqueConstraint(
                fields=["runner", "key"],
                condition=models.Q(cleared_at__isnull=True),
                name="assessments_red_flag_open_once",
                violation_error_message="This red flag is already open.",
            ),
            # Cleared, and how, together; never before it was raised.
            models.CheckConstraint(
                condition=models.Q(cleared_at__isnull=True, cleared_how="")
                | models.Q(
                    cleared_at__isnull=False,
                    cleared_how__in=ClearedHow.values,
                    cleared_at__gte=models.F("raised_at"),
                ),
                name="assessments_red_flag_cleared_how",
                violation_error_message="A cleared red flag says when and how it cleared.",
            ),
            models.CheckConstraint(
                condition=~models.Q(key__in=CLEARS_BY_TEST)
                | ~models.Q(cleared_how__in=[ClearedHow.ANSWER, ClearedHow.CLINICIAN]),
                name="assessments_red_flag_severe_clears_by_test",
                violation_error_message="A pain of 7/10 or more clears only by a later test.",
            ),
        ]
        indexes = [models.Index(fields=["runner", "-raised_at"], name="assessments_rf_runner_idx")]

    def __str__(self):
        return f"Red flag {self.key} of {self.raised_at:%Y-%m-%d}"

    @property
    def question(self) -> str:
        return dict(RED_FLAGS)[self.key]

    @property
    def name(self) -> str:
        """The sign in a few words, as a list item: "Pain at night or at rest"."""
        return RED_FLAG_NAMES[self.key].capitalize()

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
