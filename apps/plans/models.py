import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.accounts.models import no_control_characters
from apps.accounts.scoping import RunnerScopedQuerySet
from apps.plans import adherence, blocks, morning, programme, progression
from psoas_tracker.dates import date_range_check

# Limits, named once: forms validate with them and the database checks them.
SETS_MIN, SETS_MAX = 1, 6
HOLD_SECONDS_MIN, HOLD_SECONDS_MAX = 5, 120
REPS_MIN, REPS_MAX = 1, 40
SESSIONS_PER_WEEK_MIN, SESSIONS_PER_WEEK_MAX = 1, 7
PLAN_WEEKS_MIN, PLAN_WEEKS_MAX = 1, 52
# Maintenance follows at least one build week (programme.phases).
MAINTENANCE_FROM_WEEK_MIN = 2
DISCOMFORT_MIN, DISCOMFORT_MAX = 0, 10
OVERSTRETCH_DISCOMFORT = blocks.HARD_SESSION_RATING
# How late a session done offline may arrive and still count on its own day.
LATE_SESSION_DAYS = 7
# A repetition of a dynamic stretch is held a few seconds (docs/domain.md: 2-3 s).
REP_HOLD_SECONDS_MIN, REP_HOLD_SECONDS_MAX = 1, 30
EXERCISE_NAME_MAX = 80
EXERCISE_TEXT_MAX = 2000
TEMPO_MAX = 80
# Rest between the sets of a strength exercise (the guided session's pause), in seconds.
REST_SECONDS_MIN, REST_SECONDS_MAX = 10, 180


class DoseKind(models.TextChoices):
    HOLD = "hold", "Hold"
    REPS = "reps", "Repetitions"


class ExerciseKind(models.TextChoices):
    """A stretch lengthens; a strength exercise strengthens (docs/domain.md, "Strength
    alongside length"): a plan has strength only on its strength days."""

    STRETCH = "stretch", "Stretch"
    STRENGTH = "strength", "Strength"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both sides"  # for a stretch that is not done one side at a time


class StretchQuerySet(models.QuerySet):
    """Who may see or use a stretch: the catalogue is everybody's; a coach's own exercise is its
    author's, and otherwise seen only inside a plan that uses it."""

    def catalogue(self):
        return self.filter(is_catalogue=True)

    def stretches(self):
        return self.filter(kind=ExerciseKind.STRETCH)

    def strength(self):
        return self.filter(kind=ExerciseKind.STRENGTH)

    def owned_by(self, user):
        """A coach's own exercises that they may change (archived ones are gone for them)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(is_catalogue=False, owner=user, archived_at__isnull=True)

    def for_coach(self, user, plan=None):
        """What a coach may put in a plan: the catalogue and their own exercises, catalogue
        first; with `plan`, also the stretches in it now (another coach's stays editable)."""
        offered = models.Q(is_catalogue=True)
        if user.is_authenticated:
            offered |= models.Q(is_catalogue=False, owner=user, archived_at__isnull=True)
        if plan is not None:
            offered |= models.Q(
                pk__in=PlanItem.objects.current().filter(plan=plan).values("stretch")
            )
        return self.filter(offered).order_by("-is_catalogue", "order", "name")

    def visible_to(self, user):
        """The catalogue for anybody; an exercise for its author and for whoever may see a plan
        (apps/accounts/scoping.py) that uses it."""
        visible = models.Q(is_catalogue=True)
        if user.is_authenticated:
            plans = Plan.objects.visible_to(user)
            visible |= models.Q(owner=user) | models.Q(
                pk__in=PlanItem.objects.filter(plan__in=plans).values("stretch")
            )
        return self.filter(visible)


class Stretch(models.Model):
    """A stretch: in the catalogue (seeded by a data migration from docs/domain.md), or a coach's
    own exercise, seen only by its author and inside the plans that use it.

    `is_catalogue`, not a missing owner, marks the catalogue: a deleted coach's exercise (or an
    imported one) has no owner and must still stay out of everybody's list.
    """

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=EXERCISE_NAME_MAX, validators=[no_control_characters])
    summary = models.CharField(max_length=200, blank=True, default="")
    instructions = models.TextField()
    cues = models.TextField(help_text="One cue per line, shown during the session.")
    cautions = models.TextField(blank=True, default="")
    dose_kind = models.CharField(max_length=4, choices=DoseKind.choices)
    default_sets = models.PositiveSmallIntegerField()
    default_hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    default_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    rep_hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For repetitions: how long each one is held."
    )
    per_side = models.BooleanField(default=True)
    kind = models.CharField(
        max_length=8,
        choices=ExerciseKind.choices,
        default=ExerciseKind.STRETCH,
        db_default=ExerciseKind.STRETCH,
    )
    # Strength: what the exercise works, how fast each repetition goes, the rest between sets,
    # and the versions a step harder and a step easier (a plan's item may move to either).
    targets = models.CharField(max_length=80, blank=True, default="", db_default="")
    tempo = models.CharField(max_length=TEMPO_MAX, blank=True, default="", db_default="")
    rest_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    harder = models.TextField(blank=True, default="", db_default="")
    easier = models.TextField(blank=True, default="", db_default="")
    order = models.PositiveSmallIntegerField(default=0)
    is_catalogue = models.BooleanField(default=False, db_default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exercises",
        help_text="The coach who wrote it; empty for the catalogue or once the coach has gone.",
    )
    # A coach's exercise deleted while plans use it: out of their list and picker, kept in plans.
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = StretchQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "stretches"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_catalogue=False) | models.Q(owner__isnull=True),
                name="plans_stretch_catalogue_has_no_owner",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "owner",
                condition=models.Q(owner__isnull=False, archived_at__isnull=True),
                name="plans_exercise_name_once_per_coach",
                violation_error_message="You already have an exercise of this name.",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="plans_stretch_has_a_name"),
            models.CheckConstraint(
                condition=models.Q(dose_kind__in=DoseKind.values), name="plans_stretch_dose_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(default_sets__gte=SETS_MIN, default_sets__lte=SETS_MAX),
                name="plans_stretch_sets_range",
            ),
            # A hold has its seconds; repetitions have their count (and may say how long each).
            models.CheckConstraint(
                condition=models.Q(
                    dose_kind=DoseKind.HOLD,
                    default_hold_seconds__isnull=False,
                    default_hold_seconds__gte=HOLD_SECONDS_MIN,
                    default_hold_seconds__lte=HOLD_SECONDS_MAX,
                    default_reps__isnull=True,
                    rep_hold_seconds__isnull=True,
                )
                | (
                    models.Q(
                        dose_kind=DoseKind.REPS,
                        default_reps__isnull=False,
                        default_reps__gte=REPS_MIN,
                        default_reps__lte=REPS_MAX,
                        default_hold_seconds__isnull=True,
                    )
                    & (
                        models.Q(rep_hold_seconds__isnull=True)
                        | models.Q(
                            rep_hold_seconds__gte=REP_HOLD_SECONDS_MIN,
                            rep_hold_seconds__lte=REP_HOLD_SECONDS_MAX,
                        )
                    )
                ),
                name="plans_stretch_one_dose",
                violation_error_message="A stretch's dose is a hold or repetitions, in range.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ExerciseKind.values), name="plans_stretch_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(rest_seconds__isnull=True)
                | models.Q(rest_seconds__gte=REST_SECONDS_MIN, rest_seconds__lte=REST_SECONDS_MAX),
                name="plans_stretch_rest_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def illustration(self) -> str | None:
        """The catalogue's drawing (static path); a coach's exercise has none."""
        return f"img/stretches/{self.slug}.svg" if self.is_catalogue else None

    @property
    def sides(self) -> list[str]:
        return [Side.LEFT, Side.RIGHT] if self.per_side else [Side.BOTH]

    @property
    def is_strength(self) -> bool:
        return self.kind == ExerciseKind.STRENGTH

    def cue_list(self):
        return [line.strip() for line in self.cues.splitlines() if line.strip()]


def schedule_checks(names: dict[str, str], what: str) -> list[models.CheckConstraint]:
    """The checks a plan and a plan template share on their schedule: the weeks, the sessions
    a week, the maintenance phase (a week within the plan and its sessions, or neither) and the
    strength days. `names`: each check's name in its model (weeks, sessions, maintenance,
    strength); `what`: "A plan's", "A template's", for the messages an import shows."""
    return [
        models.CheckConstraint(
            condition=models.Q(weeks__gte=PLAN_WEEKS_MIN, weeks__lte=PLAN_WEEKS_MAX),
            name=names["weeks"],
        ),
        models.CheckConstraint(
            condition=models.Q(
                sessions_per_week__gte=SESSIONS_PER_WEEK_MIN,
                sessions_per_week__lte=SESSIONS_PER_WEEK_MAX,
            ),
            name=names["sessions"],
        ),
        models.CheckConstraint(
            condition=models.Q(
                maintenance_from_week__isnull=True, maintenance_sessions_per_week__isnull=True
            )
            | models.Q(
                maintenance_from_week__isnull=False,
                maintenance_sessions_per_week__isnull=False,
                maintenance_from_week__gte=MAINTENANCE_FROM_WEEK_MIN,
                maintenance_from_week__lte=models.F("weeks"),
                maintenance_sessions_per_week__gte=SESSIONS_PER_WEEK_MIN,
                maintenance_sessions_per_week__lte=SESSIONS_PER_WEEK_MAX,
            ),
            name=names["maintenance"],
            violation_error_message=f"{what} maintenance phase is out of range.",
        ),
        models.CheckConstraint(
            condition=models.Q(strength_sessions_per_week__isnull=True)
            | models.Q(
                strength_sessions_per_week__gte=programme.STRENGTH_SESSIONS_MIN,
                strength_sessions_per_week__lte=programme.STRENGTH_SESSIONS_MAX,
            ),
            name=names["strength"],
            violation_error_message="Strength goes on one to three days a week.",
        ),
    ]


# How gentle a day of a plan is (Plan.is_gentle_on): a gentle start, or a lighter week.
GENTLE, LIGHTER = "gentle", "lighter"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class PlanQuerySet(RunnerScopedQuerySet):
    def active(self):
        return self.filter(status=PlanStatus.ACTIVE)

    def active_with_items(self):
        """(plan, items) for the active plan among these (a scoped queryset), or (None, []).

        One query: the items come with their plan and stretch joined. Only a plan without items
        (the app never makes one) costs a second.
        """
        items = list(
            PlanItem.objects.current()
            .filter(plan__in=self.active())
            .select_related("plan", "stretch")
            .order_by("order", "pk")
        )
        if not items:
            return self.active().first(), []
        plan = items[0].plan
        for item in items:
            item.plan = plan
        return plan, items


class Plan(models.Model):
    """A runner's stretch plan: assigned by a linked coach, or generated from their latest test.

    A plan runs `weeks` weeks from `starts_on`; `sessions_per_week` applies until
    `maintenance_from_week` (1-based), then `maintenance_sessions_per_week`.
    """

    Status = PlanStatus

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_plans",
        help_text="The coach who assigned it; empty for a plan generated from a test.",
    )
    # The coach's name when the plan was assigned: kept if the account goes, and in exports.
    author_name = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=120)
    reason = models.TextField(blank=True, help_text="Why the plan is as it is.")
    notes = models.TextField(blank=True, max_length=2000)
    starts_on = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    sessions_per_week = models.PositiveSmallIntegerField()
    maintenance_from_week = models.PositiveSmallIntegerField(null=True, blank=True)
    maintenance_sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField(null=True, blank=True)
    # Weeks at the start with a set fewer and no dynamic stretch (high pain or pain uphill).
    gentle_weeks = models.PositiveSmallIntegerField(default=0, db_default=0)
    # Strength on 1-3 session days a week, never two in a row (programme.py); empty: any
    # strength exercise in the plan is in every session.
    strength_sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    # The first day of a lighter week the tests brought (blocks.py): a set fewer, shorter
    # holds, no lunges and no strength for blocks.LIGHTER_DAYS days.
    lighter_from = models.DateField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner"],
                condition=models.Q(status=PlanStatus.ACTIVE),
                name="plans_one_active_plan_per_runner",
                violation_error_message="Only one plan can be active at a time.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PlanStatus.values), name="plans_status_valid"
            ),
            *schedule_checks(
                {
                    "weeks": "plans_weeks_range",
                    "sessions": "plans_sessions_per_week_range",
                    "maintenance": "plans_maintenance_sessions_range",
                    "strength": "plans_strength_sessions_range",
                },
                "A plan's",
            ),
            date_range_check("starts_on", "plans_starts_on_range", "A plan's start"),
            models.CheckConstraint(
                condition=models.Q(gentle_weeks__lte=models.F("weeks")),
                name="plans_gentle_weeks_within_plan",
                violation_error_message="A plan's gentle start is longer than the plan.",
            ),
            date_range_check("ended_on", "plans_ended_on_range", "A plan's end", nullable=True),
            date_range_check(
                "lighter_from", "plans_lighter_from_range", "A lighter week", nullable=True
            ),
        ]
        indexes = [models.Index(fields=["runner", "-starts_on"], name="plans_runner_start_idx")]

    def __str__(self):
        return self.title

    @property
    def ends_on(self):
        return self.schedule.ends_on

    @property
    def schedule(self) -> adherence.Schedule:
        """The plan's dates and weekly targets, as adherence.py reckons with them."""
        return adherence.Schedule.of(self)

    @property
    def gentle_until(self):
        """The last day of the gentle start, or None."""
        if not self.gentle_weeks:
            return None
        return self.starts_on + timedelta(weeks=self.gentle_weeks, days=-1)

    def is_gentle_on(self, day) -> str:
        """Whether `day` falls in the plan's gentle first weeks (high pain or pain uphill):
        GENTLE; in a lighter week the tests brought, gentler still (no lunges at all, shorter
        holds): LIGHTER; else "" (false)."""
        if self.is_lighter_on(day):
            return LIGHTER
        if self.gentle_weeks and day < self.starts_on + timedelta(weeks=self.gentle_weeks):
            return GENTLE
        return ""

    def is_lighter_on(self, day) -> bool:
        """Whether `day` falls in a lighter week the tests brought (blocks.py)."""
        return self.lighter_from is not None and (
            self.lighter_from <= day < self.lighter_from + timedelta(days=blocks.LIGHTER_DAYS)
        )

    @property
    def lighter_until(self):
        """The last day of the lighter week, or None."""
        if self.lighter_from is None:
            return None
        return self.lighter_from + timedelta(days=blocks.LIGHTER_DAYS - 1)

    def is_strength_day(self, day) -> bool:
        """Whether the plan's session on `day` has its strength exercises (programme.py)."""
        return programme.is_strength_day(self.schedule, self.strength_sessions_per_week, day)

    @property
    def is_generated(self) -> bool:
        return not self.author_name


class PlanRevisionQuerySet(RunnerScopedQuerySet):
    runner_field = "plan__runner"  # a revision is its plan's runner's


class PlanRevision(models.Model):
    """A plan's schedule before an edit, kept for the weeks it applied to (up to and including
    `valid_until`): an edit changes the plan from the current week on, never the past."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    valid_until = models.DateField()
    starts_on = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    sessions_per_week = models.PositiveSmallIntegerField()
    maintenance_from_week = models.PositiveSmallIntegerField(null=True, blank=True)
    maintenance_sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = PlanRevisionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "valid_until"], name="plans_one_revision_per_plan_week"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    sessions_per_week__gte=SESSIONS_PER_WEEK_MIN,
                    sessions_per_week__lte=SESSIONS_PER_WEEK_MAX,
                ),
                name="plans_revision_sessions_range",
            ),
        ]

    def __str__(self):
        return f"{self.plan} until {self.valid_until}"

    @property
    def revision(self) -> adherence.Revision:
        return adherence.Revision(
            valid_until=self.valid_until, schedule=adherence.Schedule.of(self)
        )


class BlockDecisionQuerySet(RunnerScopedQuerySet):
    runner_field = "plan__runner"  # a decision is its plan's runner's

    def latest_for(self, plan, since):
        """The plan's latest decision made on or after `since`, or None: one query."""
        return (
            self.filter(plan=plan, made_on__gte=since)
            .select_related("test")
            .order_by("-made_on", "-pk")
            .first()
        )


class BlockDecision(models.Model):
    """What the tests said to do with a plan (blocks.py), and whether it changed the plan: a
    generated plan changes by a revision; a coach's never does, the coach is told and decides.
    `test` (or `session`) is what caused it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=12, choices=list(blocks.KINDS.items()))
    reason = models.TextField()
    test = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="block_decisions",
    )
    session = models.ForeignKey(
        "StretchSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_plan = models.BooleanField(default=False)
    made_on = models.DateField()  # the runner's date
    created_at = models.DateTimeField(default=timezone.now)

    objects = BlockDecisionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=list(blocks.KINDS)), name="plans_decision_kind_valid"
            ),
            # A test (or a session) decides once: an edit or a second send does not repeat it.
            models.UniqueConstraint(
                fields=["plan", "test", "kind"],
                condition=models.Q(test__isnull=False),
                name="plans_decision_once_per_test",
            ),
            models.UniqueConstraint(
                fields=["plan", "session", "kind"],
                condition=models.Q(session__isnull=False),
                name="plans_decision_once_per_session",
            ),
            date_range_check("made_on", "plans_decision_made_on_range", "A decision's date"),
        ]
        indexes = [models.Index(fields=["plan", "-made_on"], name="plans_decision_plan_day_idx")]

    def __str__(self):
        return f"{blocks.KINDS.get(self.kind, self.kind)} on {self.made_on}"

    @property
    def title(self) -> str:
        return blocks.KINDS[self.kind]


class PlanItemQuerySet(models.QuerySet):
    def current(self):
        """The stretches in the plan's sessions now: a coach's removal keeps the item (its
        logged sets are the past's), dated, and leaves it out from that day on."""
        return self.filter(removed_on__isnull=True)


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    stretch = models.ForeignKey(Stretch, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField()
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    extra_set_side = models.CharField(
        max_length=5,
        choices=[(Side.LEFT, "Left"), (Side.RIGHT, "Right")],
        blank=True,
        help_text="The tighter side gets one more set.",
    )
    removed_on = models.DateField(null=True, blank=True)
    # The day the coach who wrote the exercise last changed its words or dose for this plan.
    stretch_changed_on = models.DateField(null=True, blank=True)
    # A strength exercise's version, and the day of the session whose rating last moved it
    # (progression.py: only the ratings after it count).
    version = models.CharField(
        max_length=8,
        choices=[(version, version.capitalize()) for version in progression.VERSIONS],
        default=progression.STANDARD,
        db_default=progression.STANDARD,
    )
    progressed_on = models.DateField(null=True, blank=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "stretch"], name="plans_item_stretch_once"),
            models.CheckConstraint(
                condition=models.Q(sets__gte=SETS_MIN, sets__lte=SETS_MAX),
                name="plans_item_sets_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    hold_seconds__gte=HOLD_SECONDS_MIN, hold_seconds__lte=HOLD_SECONDS_MAX
                )
                | models.Q(hold_seconds__isnull=True),
                name="plans_item_hold_range",
            ),
            models.CheckConstraint(
                condition=models.Q(reps__gte=REPS_MIN, reps__lte=REPS_MAX)
                | models.Q(reps__isnull=True),
                name="plans_item_reps_range",
            ),
            # Exactly one dose: a hold time or a number of repetitions.
            models.CheckConstraint(
                condition=models.Q(hold_seconds__isnull=False, reps__isnull=True)
                | models.Q(hold_seconds__isnull=True, reps__isnull=False),
                name="plans_item_one_dose",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_set_side__in=["", Side.LEFT, Side.RIGHT]),
                name="plans_item_extra_side_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(version__in=progression.VERSIONS),
                name="plans_item_version_valid",
            ),
        ]

    def __str__(self):
        return f"{self.stretch} in {self.plan}"

    def sets_for(self, side: str, gentle: str | bool = False) -> int:
        """Sets on `side` in one session; in a gentle week one fewer (at least one)."""
        sets = self.sets + (1 if side == self.extra_set_side else 0)
        return max(sets - 1, 1) if gentle else sets

    def in_session(self, gentle: str | bool = False, strength_day: bool = True) -> bool:
        """A gentle week leaves out the dynamic stretches (repetitions, like the half-kneeling
        lunge) and all strength work; the held stretches (Warrior I's standing lunge too) stay.
        A lighter week (gentle == LIGHTER) leaves out every lunge. A strength exercise is only
        in the sessions of the plan's strength days."""
        if self.stretch.is_strength:
            return strength_day and not gentle
        if gentle == LIGHTER and self.stretch.slug in blocks.LUNGES:
            return False
        return not (gentle and self.stretch.dose_kind == DoseKind.REPS)

    def hold_for(self, gentle: str | bool = False) -> int | None:
        """The hold of one set in seconds (None for repetitions): shorter in a lighter week."""
        if gentle == LIGHTER and self.hold_seconds is not None:
            return min(self.hold_seconds, blocks.LIGHTER_HOLD_SECONDS)
        return self.hold_seconds

    @property
    def lighter_words(self) -> str:
        """Its dose in a lighter week, in words: "this week 1 set of 20 s", or "not this week"."""
        if not self.in_session(LIGHTER):
            return "not this week"
        sides = self.stretch.sides
        sets = min(self.sets_for(side, LIGHTER) for side in sides)
        amount = f"{self.hold_for(LIGHTER)} s" if self.hold_seconds else f"{self.reps} reps"
        words = f"this week {sets} set{'s' if sets > 1 else ''} of {amount}"
        extra = [side for side in sides if self.sets_for(side, LIGHTER) > sets]
        return f"{words}, {sets + 1} on the {extra[0]}" if extra else words

    @property
    def version_text(self) -> str:
        """What the item's version asks for, when it is not the exercise as described."""
        if self.version == progression.HARDER:
            return self.stretch.harder
        if self.version == progression.EASIER:
            return self.stretch.easier
        return ""

    @property
    def progression_dose(self) -> progression.Dose:
        return progression.Dose(self.sets, self.reps, self.hold_seconds, self.version)


SESSION_NOTES_MAX = 300


class StretchSessionQuerySet(RunnerScopedQuerySet):
    def annotate_sets_done(self):
        return self.annotate(sets_done=models.Count("set_logs"))


class StretchSession(models.Model):
    """One day's session of a plan. Sets are logged as they are done, so it can be resumed."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stretch_sessions"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    performed_on = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    discomfort = models.PositiveSmallIntegerField(null=True, blank=True)
    # How it went, in the runner's words (read by a linked coach on the runner's page).
    notes = models.CharField(max_length=SESSION_NOTES_MAX, blank=True, default="", db_default="")
    # The plan's set count on the day, so a later change of the plan does not rewrite history.
    sets_planned = models.PositiveSmallIntegerField(default=0)

    objects = StretchSessionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "performed_on"],
                name="plans_one_session_per_plan_per_day",
                violation_error_message="Two sessions of one plan have the same date.",
            ),
            date_range_check("performed_on", "plans_session_day_range", "A session's date"),
            models.CheckConstraint(
                condition=models.Q(discomfort__isnull=True)
                | models.Q(discomfort__gte=DISCOMFORT_MIN, discomfort__lte=DISCOMFORT_MAX),
                name="plans_session_discomfort_range",
            ),
        ]
        indexes = [
            models.Index(fields=["runner", "performed_on"], name="plans_session_runner_day_idx")
        ]

    def __str__(self):
        return f"Session of {self.performed_on}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class SetLog(models.Model):
    """One set done: of which item, on which side, which set number."""

    session = models.ForeignKey(StretchSession, on_delete=models.CASCADE, related_name="set_logs")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="set_logs")
    side = models.CharField(max_length=5, choices=Side.choices)
    set_number = models.PositiveSmallIntegerField()
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "item", "side", "set_number"], name="plans_set_logged_once"
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=Side.values),
                name="plans_setlog_side_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(set_number__gte=1, set_number__lte=SETS_MAX + 1),
                name="plans_setlog_set_number_range",
            ),
        ]

    def __str__(self):
        return f"{self.item.stretch} {self.side} set {self.set_number}"


class Effort(models.TextChoices):
    EASY = progression.EASY, progression.EFFORTS[progression.EASY]
    RIGHT = progression.RIGHT, progression.EFFORTS[progression.RIGHT]
    HARD = progression.HARD, progression.EFFORTS[progression.HARD]


class EffortRating(models.Model):
    """How the last set of a strength exercise felt in one session: easy, about right or hard
    (progression.py moves the exercise on from these)."""

    session = models.ForeignKey(StretchSession, on_delete=models.CASCADE, related_name="efforts")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="efforts")
    effort = models.CharField(max_length=5, choices=Effort.choices)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="plans_effort_once"),
            models.CheckConstraint(
                condition=models.Q(effort__in=Effort.values), name="plans_effort_valid"
            ),
        ]

    def __str__(self):
        return f"{self.item.stretch} {self.effort} on {self.session.performed_on}"


def pain_range_check(field: str, name: str, what: str) -> models.CheckConstraint:
    """A pain the runner taps on the 0-10 scale stays on it, in the database too."""
    return models.CheckConstraint(
        condition=models.Q(
            **{f"{field}__gte": morning.PAIN_MIN, f"{field}__lte": morning.PAIN_MAX}
        ),
        name=name,
        violation_error_message=f"{what} is from {morning.PAIN_MIN} to {morning.PAIN_MAX}.",
    )


class MorningCheckQuerySet(RunnerScopedQuerySet):
    def morning_pain(self, day) -> morning.MorningPain:
        """The answers of the morning of `day` and of the morning before, in one query: what
        the progression rules read (pain this morning against the day before)."""
        pain = dict(self.filter(day__in=[day, day - timedelta(days=1)]).values_list("day", "pain"))
        return morning.MorningPain(pain.get(day), pain.get(day - timedelta(days=1)))


class MorningCheck(models.Model):
    """How the hip felt on the morning of `day`, 0-10, asked the day after a session or a
    run (morning.py); one a runner a day, so an answer sent twice is saved once."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="morning_checks"
    )
    day = models.DateField()
    pain = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    objects = MorningCheckQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "day"],
                name="plans_morning_check_once_a_day",
                violation_error_message="Two next-morning checks have the same date.",
            ),
            pain_range_check(
                "pain", "plans_morning_check_pain_range", "A next-morning check's pain"
            ),
            date_range_check("day", "plans_morning_check_day_range", "A next-morning check's date"),
        ]

    def __str__(self):
        return f"{self.pain}/10 on the morning of {self.day}"


class ReturnCause(models.TextChoices):
    RED_FLAG = "red_flag", "after a red flag cleared"
    PAIN_PAUSE = "pain_pause", "after a pause for pain"
    COACH = "coach", "started by the coach"


class ReturnToRunQuerySet(RunnerScopedQuerySet):
    def open(self):
        return self.filter(ended_on__isnull=True)


class ReturnToRun(models.Model):
    """A return-to-run block (return_to_run.py): walk-run outings step by step, each next step
    allowed by the next-morning check. One open block a runner; a new one ends the one before.
    Where the runner stands is worked out from the outings and the mornings, never stored."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="returns_to_run"
    )
    cause = models.CharField(max_length=10, choices=ReturnCause.choices)
    started_on = models.DateField()  # the runner's date
    ended_on = models.DateField(null=True, blank=True)
    # Who started it when it was not the runner or the rules: the coach's name, kept.
    started_by = models.CharField(max_length=80, blank=True, default="", db_default="")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReturnToRunQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner"],
                condition=models.Q(ended_on__isnull=True),
                name="plans_one_open_return_to_run",
                violation_error_message="A return to running is already under way.",
            ),
            models.CheckConstraint(
                condition=models.Q(cause__in=ReturnCause.values), name="plans_return_cause_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="plans_return_ends_after_start",
                violation_error_message="A return to running ends on or after its start.",
            ),
            date_range_check("started_on", "plans_return_started_on_range", "Its start"),
            date_range_check("ended_on", "plans_return_ended_on_range", "Its end", nullable=True),
        ]
        indexes = [models.Index(fields=["runner", "-started_on"], name="plans_return_runner_idx")]

    def __str__(self):
        return f"Return to running from {self.started_on}"


class WalkRunQuerySet(RunnerScopedQuerySet):
    runner_field = "block__runner"  # an outing is its block's runner's


class WalkRun(models.Model):
    """A walk-run outing of a return-to-run block, as the runner logged it: the day and the
    pain during it, 0-10. (An imported run counts too, read from the runs: not copied here.)"""

    block = models.ForeignKey(ReturnToRun, on_delete=models.CASCADE, related_name="walk_runs")
    day = models.DateField()
    pain_during = models.PositiveSmallIntegerField()
    logged_at = models.DateTimeField(default=timezone.now)

    objects = WalkRunQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["block", "day"],
                name="plans_walk_run_once_a_day",
                violation_error_message="This day's walk-run is logged already.",
            ),
            pain_range_check(
                "pain_during", "plans_walk_run_pain_range", "The pain during a walk-run"
            ),
            date_range_check("day", "plans_walk_run_day_range", "A walk-run's date"),
        ]

    def __str__(self):
        return f"Walk-run of {self.day}, {self.pain_during}/10"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private iCal address for a runner's planned sessions; a new token revokes the old."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.runner}"


TEMPLATE_TITLE_MAX = 120  # a plan's title: a template's is the title of the plans made from it
TEMPLATE_NOTES_MAX = 2000


class PlanTemplateQuerySet(models.QuerySet):
    def owned_by(self, coach):
        """The templates of `coach`'s library: the only ones they may see, change or assign."""
        if not coach.is_authenticated:
            return self.none()
        return self.filter(coach=coach)


class PlanTemplate(models.Model):
    """A plan in a coach's library: what a coach's plan has (schedule, notes, stretches and
    doses) without a runner or a start. Assigning it gives each runner a plan of their own."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_templates"
    )
    title = models.CharField(max_length=TEMPLATE_TITLE_MAX, validators=[no_control_characters])
    notes = models.TextField(blank=True, max_length=TEMPLATE_NOTES_MAX)
    weeks = models.PositiveSmallIntegerField()
    sessions_per_week = models.PositiveSmallIntegerField()
    maintenance_from_week = models.PositiveSmallIntegerField(null=True, blank=True)
    maintenance_sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    # As a plan's: strength on 1-3 session days a week, carried over to the plans made from it.
    strength_sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PlanTemplateQuerySet.as_manager()

    class Meta:
        ordering = [Lower("title")]
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                "coach",
                name="plans_template_title_once_per_coach",
                violation_error_message="You already have a template of this name.",
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="plans_template_has_title"),
            *schedule_checks(
                {
                    "weeks": "plans_template_weeks_range",
                    "sessions": "plans_template_sessions_range",
                    "maintenance": "plans_template_maintenance",
                    "strength": "plans_template_strength_sessions_range",
                },
                "A template's",
            ),
        ]

    def __str__(self):
        return self.title


class PlanTemplateItem(models.Model):
    """A stretch of a template at its dose: a catalogue stretch or the coach's own exercise
    (deleting the exercise takes it out of their templates: apps/plans/exercises.py)."""

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="items")
    stretch = models.ForeignKey(Stretch, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField()
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    extra_set_side = models.CharField(
        max_length=5, choices=[(Side.LEFT, "Left"), (Side.RIGHT, "Right")], blank=True
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "stretch"], name="plans_template_item_stretch_once"
            ),
            models.CheckConstraint(
                condition=models.Q(sets__gte=SETS_MIN, sets__lte=SETS_MAX),
                name="plans_template_item_sets_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    hold_seconds__isnull=False,
                    hold_seconds__gte=HOLD_SECONDS_MIN,
                    hold_seconds__lte=HOLD_SECONDS_MAX,
                    reps__isnull=True,
                )
                | models.Q(
                    hold_seconds__isnull=True,
                    reps__isnull=False,
                    reps__gte=REPS_MIN,
                    reps__lte=REPS_MAX,
                ),
                name="plans_template_item_one_dose",
                violation_error_message="A stretch's dose is a hold or repetitions, in range.",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_set_side__in=["", Side.LEFT, Side.RIGHT]),
                name="plans_template_item_extra_side_valid",
            ),
        ]

    def __str__(self):
        return f"{self.stretch} in {self.template}"
