import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from psoas_tracker.units import Units

DISPLAY_NAME_MAX_LENGTH = 80
# A name goes into e-mail subjects and pages: one line of printable text.
no_control_characters = RegexValidator(
    r"[\x00-\x1f\x7f]",
    inverse_match=True,
    message="Use letters, spaces and punctuation only: no line breaks or tabs.",
)
CADENCE_MIN, CADENCE_MAX = 100, 240
WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


def normalize_email(email: str) -> str:
    """E-mail addresses are compared and stored lower-cased: login is case-insensitive."""
    return (email or "").strip().lower()


PLAIN_LOCAL_PART_MESSAGE = (
    "Before the @, use only unaccented letters (a to z), digits and signs such as . - _ +: "
    "we cannot send e-mail to an address with other letters there."
)


def validate_plain_local_part(email: str) -> None:
    """The part before the @ must be ASCII: mail servers without SMTPUTF8 refuse anything else,
    and lower-casing it is no safe comparison ('İ'.lower() is 'i' and a combining dot)."""
    if not (email or "").rpartition("@")[0].isascii():
        raise ValidationError(PLAIN_LOCAL_PART_MESSAGE, code="non_ascii_local_part")


def validate_timezone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError("Choose a time zone from the list.", code="invalid_timezone")


class UserManager(DjangoUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalize_email(username))

    @transaction.atomic
    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        display_name = extra_fields.pop("display_name", "")
        time_zone = extra_fields.pop("timezone", "UTC")
        role = extra_fields.pop("role", Role.RUNNER)
        units = extra_fields.pop("units", Units.KILOMETRES)
        user = self.model(email=normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.create(
            user=user, display_name=display_name, timezone=time_zone, role=role, units=units
        )
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using the app: a runner, a coach or physio, or both. Logs in with an e-mail."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        return shown_name(profile.display_name if profile else "", self.email)


class DominantLeg(models.TextChoices):
    UNKNOWN = "", "Not sure"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class Role(models.TextChoices):
    """What the person said they came for at sign-up; it shapes the first screens only. Access
    never depends on it: a coach sees a runner's data because of an active link, not a role."""

    RUNNER = "runner", "A runner"
    COACH = "coach", "A coach or physio"
    BOTH = "both", "Both"


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(
        "I am", max_length=6, choices=Role.choices, default=Role.RUNNER, db_default=Role.RUNNER
    )
    # The first-run checklist (apps/dashboard/first_steps.py): when the profile form was first
    # saved, when every step was done, and when the runner dismissed it (either way the
    # checklist is never asked for again).
    profile_saved_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_steps_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_steps_dismissed_at = models.DateTimeField(null=True, blank=True, editable=False)
    display_name = models.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH, blank=True, validators=[no_control_characters]
    )
    timezone = models.CharField(
        "time zone", max_length=64, default="UTC", validators=[validate_timezone]
    )
    test_weekday = models.PositiveSmallIntegerField("weekly test day", choices=WEEKDAYS, default=0)
    dominant_leg = models.CharField(
        max_length=5, choices=DominantLeg.choices, default=DominantLeg.UNKNOWN, blank=True
    )
    # How distances, paces, heights and step lengths read to this person (psoas_tracker/units.py);
    # the figures are stored in SI whatever the choice.
    units = models.CharField(
        "distances in",
        max_length=2,
        choices=Units.choices,
        default=Units.KILOMETRES,
        db_default=Units.KILOMETRES,
        help_text="Distances, paces, climbs and step lengths read in these units; the same "
        "runs are kept either way. Pages you read as a coach follow your own choice.",
    )
    reminders_opt_in = models.BooleanField("e-mail me when my weekly test is due", default=True)
    # E-mails about what another person did, each with its own opt-out (at most one per event).
    email_comments = models.BooleanField(
        "e-mail me when a coach or runner comments", default=True, db_default=True
    )
    email_plans = models.BooleanField(
        "e-mail me when a coach assigns or changes my plan", default=True, db_default=True
    )
    email_links = models.BooleanField(
        "e-mail me when a coach or runner ends our link", default=True, db_default=True
    )
    email_red_flags = models.BooleanField(
        "e-mail me when a runner I coach answers yes to a red-flag question",
        default=True,
        db_default=True,
    )
    # Empty until the runner says: an unknown cadence is asked for, never assumed (180 is the
    # article's elite figure, docs/domain.md).
    cadence = models.PositiveSmallIntegerField(
        "running cadence (steps a minute)",
        null=True,
        blank=True,
        help_text="Your watch shows it. It counts the psoas cycles of running without a step "
        "count, until your imported runs give your own cadence. Leave it empty if you do not "
        "know it.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(test_weekday__gte=0, test_weekday__lte=6),
                name="accounts_profile_test_weekday_range",
            ),
            models.CheckConstraint(
                condition=models.Q(dominant_leg__in=DominantLeg.values),
                name="accounts_profile_dominant_leg_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_profile_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(units__in=Units.values), name="accounts_profile_units_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(cadence__gte=CADENCE_MIN, cadence__lte=CADENCE_MAX),
                name="accounts_profile_cadence_range",
            ),
        ]

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def coaches(self) -> bool:
        """Said at sign-up (or in the profile) to coach: lands on the roster."""
        return self.role in (Role.COACH, Role.BOTH)

    @property
    def trains(self) -> bool:
        """Said to run (or both): the runner's pages are in the navigation."""
        return self.role in (Role.RUNNER, Role.BOTH)

    def today(self):
        """The runner's calendar date, in their own time zone."""
        return timezone.localdate(timezone=self.zone)


def shown_name(display_name: str, email: str) -> str:
    """The name shown for a user: their display name, else the part of the e-mail before the @
    (for rows read as values, without the model)."""
    return display_name or email.split("@")[0]


class LinkStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be accepted"
    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Ended"


class LinkDirection(models.TextChoices):
    RUNNER_INVITES_COACH = "runner", "Runner invited a coach"
    COACH_INVITES_RUNNER = "coach", "Coach invited a runner"


class CoachLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=LinkStatus.ACTIVE)

    def pending(self):
        return self.filter(status=LinkStatus.PENDING)

    def involving(self, user):
        """Links in which `user` is the runner or the coach: the only ones they may act on."""
        return self.filter(models.Q(runner=user) | models.Q(coach=user))


def new_invite_token() -> str:
    return secrets.token_urlsafe(32)


def invite_expiry():
    return timezone.now() + timedelta(days=settings.COACH_INVITE_VALID_DAYS)


class CoachLink(models.Model):
    """A runner sharing their data with a coach or physio.

    Either side may create the invite: a runner's invite has no coach until a coach accepts it, a
    coach's invite has no runner until a runner accepts it. Only an ACTIVE link grants access.
    """

    Status = LinkStatus
    Direction = LinkDirection

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coach_links",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="runner_links",
    )
    direction = models.CharField(max_length=6, choices=Direction.choices)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True, default=new_invite_token, editable=False)
    # The address a group invite was e-mailed to (blank for a link the inviter copied); whoever
    # opens the link may accept it, as with a copied one.
    sent_to = models.EmailField(blank=True, default="", db_default="")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invite_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CoachLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "coach"],
                condition=models.Q(status=LinkStatus.ACTIVE),
                name="accounts_coachlink_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(runner=models.F("coach")),
                name="accounts_coachlink_not_self",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=LinkStatus.values),
                name="accounts_coachlink_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=LinkDirection.values),
                name="accounts_coachlink_direction_valid",
            ),
            # An invite names its creator; an active link names both people.
            models.CheckConstraint(
                condition=(
                    models.Q(direction=LinkDirection.RUNNER_INVITES_COACH, runner__isnull=False)
                    | models.Q(direction=LinkDirection.COACH_INVITES_RUNNER, coach__isnull=False)
                ),
                name="accounts_coachlink_creator_set",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=LinkStatus.ACTIVE)
                | models.Q(runner__isnull=False, coach__isnull=False, accepted_at__isnull=False),
                name="accounts_coachlink_active_has_both",
            ),
        ]
        indexes = [
            models.Index(fields=["coach", "status"], name="accounts_cl_coach_status_idx"),
            models.Index(fields=["runner", "status"], name="accounts_cl_runner_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} ({self.get_status_display()})"

    @property
    def inviter(self):
        return self.runner if self.direction == self.Direction.RUNNER_INVITES_COACH else self.coach


class RequestCount(models.Model):
    """How often one key (an action by one account or one client) was used in one time window:
    the rate limits of apps/accounts/throttle.py, shared by every web process."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="accounts_requestcount_once_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="accounts_rc_window_idx")]

    def __str__(self):
        return f"{self.key} since {self.window_start}: {self.count}"
