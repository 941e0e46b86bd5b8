"""Runs imported from a watch's activity files, and the uploads that bring them.

A run is stored whole or not at all (services.py); an upload keeps its bytes only until the
worker has read every file in it (tasks.py), then keeps the report: one UploadFile a file.
"""

import math

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Func, Q, Value

from apps.accounts.scoping import RunnerScopedQuerySet
from apps.runs.parsing.core import MAX_RUN_DISTANCE_M, MAX_RUN_ELAPSED_S
from psoas_tracker.dates import EARLIEST_DATE, LATEST_DATE, date_range_check

# The bounds of a run's figures, those a real run can have (docs/domain.md, section 11): the
# database checks below and broken_rule(). The longest time and distance are parsing's own.
CADENCE_SPM_BELOW = 400  # exclusive, as the step length's
STEP_LENGTH_M_BELOW = 5
MAX_RUN_GAIN_M = 50_000  # the longest mountain races climb about 32,000 m in under 8 days
MAX_RUN_STEPS = MAX_RUN_ELAPSED_S * CADENCE_SPM_BELOW // 60  # the longest run at 400 a minute
MAX_CLIMB_GRADE_PCT = 100  # rising as far as it goes: steeper is a climb on hands
# Each climb's figures (parsing.Climb's): words and unit for a message, then from and to.
CLIMB_LIMITS = {
    "start_offset_s": ("start", "s", 0, MAX_RUN_ELAPSED_S),
    "duration_s": ("duration", "s", 0, MAX_RUN_ELAPSED_S),
    "distance_m": ("distance", "m", 0, MAX_RUN_DISTANCE_M),
    "gain_m": ("gain", "m", 0, MAX_RUN_GAIN_M),
    "grade_pct": ("grade", "%", 0, MAX_CLIMB_GRADE_PCT),
}
# Comparing like with like (docs/domain.md): step length grows with pace, so it is compared within
# one band of paces; hills pull contact balance off 50/50, so it is compared over flat runs.
PACE_BAND_SECONDS = 30  # band n: paces from n x 30 s up to (n + 1) x 30 s a km
FLAT_GAIN_M_PER_KM = 10  # climbing less than this a km is flat (no altitude at all: a treadmill)
RUNS_FOR_CADENCE = 10  # the newest runs with a cadence that give the runner's own (week.py)


def _climbs_outside_limits() -> Func:
    """True when a run's climbs are not a list of climbs within CLIMB_LIMITS (a figure missing,
    not a number or out of bounds): PostgreSQL's SQL/JSON path, for the database's check."""
    within = " && ".join(
        f'@.{name}.type() == "number" && @.{name} >= {low} && @.{name} <= {high}'
        for name, (_words, _unit, low, high) in CLIMB_LIMITS.items()
    )
    return Func(
        F("climbs"),
        Value(f"$[*] ? (!({within}))"),
        function="jsonb_path_exists",
        template="%(function)s(%(expressions)s::jsonpath)",
        output_field=models.BooleanField(),
    )


class FileFormat(models.TextChoices):
    FIT = "fit", "FIT"
    GPX = "gpx", "GPX"
    TCX = "tcx", "TCX"


class Source(models.TextChoices):
    FILE = "file", "A file"
    STRAVA = "strava", "Strava"


class RunQuerySet(RunnerScopedQuerySet):
    """A run from Strava is shown to its runner alone: Strava's API agreement says a user's
    Strava data is displayed only to that user, so a linked coach reads the runs from files."""

    def visible_to(self, user):
        return super().visible_to(user).filter(Q(runner=user) | ~Q(source=Source.STRAVA))

    def coached_by(self, coach):
        return super().coached_by(coach).exclude(source=Source.STRAVA)

    def from_strava(self):
        return self.filter(source=Source.STRAVA)

    def newest_first(self):
        return self.order_by("-started_at", "-pk")

    def recent_cadences(self) -> list[float]:
        """Steps a minute of the newest RUNS_FOR_CADENCE of these runs that have a cadence."""
        return list(
            self.filter(cadence_spm__isnull=False)
            .newest_first()
            .values_list("cadence_spm", flat=True)[:RUNS_FOR_CADENCE]
        )

    def weekly_gait(self):
        """(the usual pace band, [(Monday, mean step length of the runs in that band, mean
        contact balance of the flat runs)] for each week with either) of these runs, in one
        query whatever their number. The usual band (PACE_BAND_SECONDS wide) is the one most
        runs with a step length fall in; of two as common, the slower: easy running, where a
        short "shuffle" step shows. None without any such run.

        SQL around this queryset's own (so the runner's scoping holds): built with Django's
        expressions, the query took several times longer to compile than to run."""
        runs, params = (
            self.filter(distance_m__gte=1000, moving_seconds__gt=0)
            .order_by()
            .values_list(
                "day",
                "moving_seconds",
                "distance_m",
                "elevation_gain_m",
                "step_length_m",
                "gct_balance_left_pct",
            )
            .query.sql_with_params()
        )
        sql = f"""
            WITH run AS (
                SELECT date_trunc('week', s.day)::date AS week,
                       floor(s.moving_seconds::float8 * 1000 / s.distance_m / %s) AS band,
                       (s.elevation_gain_m IS NULL
                        OR s.elevation_gain_m < s.distance_m * %s / 1000) AS flat,
                       s.step_length_m AS step, s.gct_balance_left_pct AS gct
                FROM ({runs}) AS s (day, moving_seconds, distance_m, elevation_gain_m,
                                     step_length_m, gct_balance_left_pct)
            ), usual AS (
                SELECT band FROM run WHERE step IS NOT NULL
                GROUP BY band ORDER BY count(*) DESC, band DESC LIMIT 1
            )
            SELECT usual.band, run.week,
                   avg(run.step) FILTER (WHERE run.band = usual.band),
                   avg(run.gct) FILTER (WHERE run.flat)
            FROM run LEFT JOIN usual ON true
            WHERE (run.gct IS NOT NULL AND run.flat)
               OR (run.step IS NOT NULL AND run.band = usual.band)
            GROUP BY usual.band, run.week
            ORDER BY run.week
        """
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, (PACE_BAND_SECONDS, FLAT_GAIN_M_PER_KM, *params))
            rows = cursor.fetchall()
        band = next((int(band) for band, *_ in rows if band is not None), None)
        return band, [(week, step, gct) for _band, week, step, gct in rows]


class Run(models.Model):
    """One run from one file: its figures as the file holds them, in SI units (metres,
    seconds), cadence in steps a minute (both feet: FIT's strides doubled)."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runs"
    )
    upload = models.ForeignKey(
        "RunUpload", on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    started_at = models.DateTimeField()
    # The day it began in the runner's time zone when imported: the daily log's day.
    day = models.DateField()
    sport = models.CharField(max_length=30)
    elapsed_seconds = models.PositiveIntegerField()
    moving_seconds = models.PositiveIntegerField()
    distance_m = models.FloatField(null=True, blank=True)
    elevation_gain_m = models.FloatField(null=True, blank=True)
    climbing_seconds = models.PositiveIntegerField(default=0)
    # Each climb by the hill rule: start_offset_s, duration_s, distance_m, gain_m, grade_pct.
    climbs = models.JSONField(default=list, blank=True)
    steps = models.PositiveIntegerField(null=True, blank=True)
    cadence_spm = models.FloatField("cadence (steps a minute)", null=True, blank=True)
    step_length_m = models.FloatField(null=True, blank=True)
    gct_balance_left_pct = models.FloatField(
        "ground contact time on the left foot (%)", null=True, blank=True
    )
    device = models.CharField(max_length=80, blank=True)
    file_format = models.CharField(max_length=3, choices=FileFormat.choices, blank=True)
    file_name = models.CharField(max_length=255)
    # Where it came from: a file (file_format says which kind) or Strava (file_format empty,
    # the activity's id kept for its updates, its deletion and the "View on Strava" link).
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FILE)
    strava_activity_id = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "started_at"],
                name="runs_one_run_per_start",
                violation_error_message="A run with the same start time is already imported.",
            ),
            models.UniqueConstraint(
                fields=["runner", "sha256"],
                name="runs_one_run_per_file",
                violation_error_message="This file is already imported.",
            ),
            date_range_check("day", "runs_day_range", "A run's date"),
            models.CheckConstraint(
                condition=Q(elapsed_seconds__lte=MAX_RUN_ELAPSED_S),
                name="runs_elapsed_range",
                violation_error_message=f"A run lasts {MAX_RUN_ELAPSED_S // 86400} days at most.",
            ),
            models.CheckConstraint(
                condition=Q(moving_seconds__lte=F("elapsed_seconds")),
                name="runs_moving_within_elapsed",
                violation_error_message="A run's moving time is within its elapsed time.",
            ),
            models.CheckConstraint(
                condition=Q(climbing_seconds__lte=F("elapsed_seconds")),
                name="runs_climbing_within_elapsed",
                violation_error_message="A run's time climbing is within its elapsed time.",
            ),
            models.CheckConstraint(
                condition=Q(distance_m__isnull=True)
                | Q(distance_m__gte=0, distance_m__lte=MAX_RUN_DISTANCE_M),
                name="runs_distance_range",
                violation_error_message=(
                    f"A run's distance is from 0 to {MAX_RUN_DISTANCE_M / 1000:,.0f} km."
                ),
            ),
            models.CheckConstraint(
                condition=Q(elevation_gain_m__isnull=True)
                | Q(elevation_gain_m__gte=0, elevation_gain_m__lte=MAX_RUN_GAIN_M),
                name="runs_gain_range",
                violation_error_message=f"A run climbs from 0 to {MAX_RUN_GAIN_M:,} m.",
            ),
            models.CheckConstraint(
                condition=~Q(_climbs_outside_limits()),
                name="runs_climbs_range",
                violation_error_message=(
                    "A climb's figures (start, duration, distance, gain, grade) are numbers "
                    "within what a run can have."
                ),
            ),
            models.CheckConstraint(
                condition=Q(steps__isnull=True) | Q(steps__lte=MAX_RUN_STEPS),
                name="runs_steps_range",
                violation_error_message=f"A run counts {MAX_RUN_STEPS:,} steps at most.",
            ),
            models.CheckConstraint(
                condition=Q(cadence_spm__isnull=True)
                | Q(cadence_spm__gt=0, cadence_spm__lt=CADENCE_SPM_BELOW),
                name="runs_cadence_range",
                violation_error_message=(
                    f"A run's cadence is above 0 and under {CADENCE_SPM_BELOW} steps a minute."
                ),
            ),
            models.CheckConstraint(
                condition=Q(step_length_m__isnull=True)
                | Q(step_length_m__gt=0, step_length_m__lt=STEP_LENGTH_M_BELOW),
                name="runs_step_length_range",
                violation_error_message=(
                    f"A run's step length is above 0 and under {STEP_LENGTH_M_BELOW} m."
                ),
            ),
            models.CheckConstraint(
                condition=Q(gct_balance_left_pct__isnull=True)
                | Q(gct_balance_left_pct__gte=0, gct_balance_left_pct__lte=100),
                name="runs_gct_balance_range",
                violation_error_message="A run's ground contact balance is from 0 to 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(source=Source.FILE, file_format__in=FileFormat.values)
                | Q(source=Source.STRAVA, file_format="", strava_activity_id__isnull=False),
                name="runs_file_format_valid",
                violation_error_message=(
                    "A run's file is a FIT, GPX or TCX file, or it came from Strava."
                ),
            ),
            models.UniqueConstraint(
                fields=["runner", "strava_activity_id"],
                name="runs_one_run_per_strava_activity",
                violation_error_message="This Strava activity is already imported.",
            ),
        ]
        indexes = [
            models.Index(fields=["runner", "-started_at"], name="runs_runner_newest"),
            models.Index(fields=["runner", "day"], name="runs_runner_day"),
        ]

    def __str__(self):
        return f"Run on {self.day}"

    def broken_rule(self) -> str | None:
        """What in this run breaks a check constraint above, in words ("its cadence of 900
        steps a minute is not above 0 and under 400"), or None. Python with no query: an
        account import checks thousands of runs so, then inserts them in one statement, and a
        watch's file is checked so before its run is stored. A figure that is not a finite
        number (NaN, infinity) breaks its rule too."""
        figures = ("distance_m", "elevation_gain_m", "cadence_spm", "step_length_m")
        for name in (*figures, "gct_balance_left_pct"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                return f"its {self._meta.get_field(name).verbose_name} is not a number"
        if self.source == Source.STRAVA:
            if self.file_format or self.strava_activity_id is None:
                return "a run from Strava has its activity's id and no file format"
        elif self.source != Source.FILE:
            return f"its source {self.source!r} is not a file or Strava"
        elif self.file_format not in FileFormat.values:
            return f"its file format {self.file_format!r} is not FIT, GPX or TCX"
        return (
            self._broken_time_rule() or self._broken_figure_rule() or _climbs_problem(self.climbs)
        )

    def _broken_time_rule(self) -> str | None:
        if not EARLIEST_DATE <= self.day <= LATEST_DATE:
            return f"its date must be from {EARLIEST_DATE:%-d %B %Y} to {LATEST_DATE:%-d %B %Y}"
        if self.elapsed_seconds > MAX_RUN_ELAPSED_S:
            return (
                f"it lasts {_figure(self.elapsed_seconds / 86400)} days; a run lasts "
                f"{MAX_RUN_ELAPSED_S // 86400} days at most"
            )
        if self.moving_seconds > self.elapsed_seconds:
            return "its moving time is longer than its elapsed time"
        if self.climbing_seconds > self.elapsed_seconds:
            return "its time climbing is longer than its elapsed time"
        return None

    def _broken_figure_rule(self) -> str | None:
        distance, gain, gct = self.distance_m, self.elevation_gain_m, self.gct_balance_left_pct
        if distance is not None and not 0 <= distance <= MAX_RUN_DISTANCE_M:
            return (
                f"its distance of {_figure(distance / 1000)} km is not from 0 to "
                f"{MAX_RUN_DISTANCE_M / 1000:,.0f} km"
            )
        if gain is not None and not 0 <= gain <= MAX_RUN_GAIN_M:
            return f"its elevation gain of {_figure(gain)} m is not from 0 to {MAX_RUN_GAIN_M:,} m"
        if self.steps is not None and self.steps > MAX_RUN_STEPS:
            return f"its {_figure(self.steps)} steps are more than the {MAX_RUN_STEPS:,} a run has"
        if self.cadence_spm is not None and not 0 < self.cadence_spm < CADENCE_SPM_BELOW:
            return (
                f"its cadence of {_figure(self.cadence_spm)} steps a minute is not above 0 and "
                f"under {CADENCE_SPM_BELOW}"
            )
        if self.step_length_m is not None and not 0 < self.step_length_m < STEP_LENGTH_M_BELOW:
            return (
                f"its step length of {_figure(self.step_length_m)} m is not above 0 and under "
                f"{STEP_LENGTH_M_BELOW} m"
            )
        if gct is not None and not 0 <= gct <= 100:
            return f"its ground contact balance of {_figure(gct)} % is not from 0 to 100 %"
        return None

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1000

    @property
    def pace_seconds_per_km(self) -> float | None:
        if not self.distance_m or not self.moving_seconds:
            return None
        return self.moving_seconds / (self.distance_m / 1000)

    @property
    def strides(self) -> int | None:
        """Psoas cycles a side: one a stride, two steps (docs/domain.md)."""
        return None if self.steps is None else self.steps // 2


def _climbs_problem(climbs) -> str | None:
    """What breaks the climbs' rule: not a list of climbs, each of parsing.Climb's five figures
    as a finite number, or a figure outside CLIMB_LIMITS."""
    if not isinstance(climbs, list) or not all(
        isinstance(climb, dict)
        and climb.keys() == CLIMB_LIMITS.keys()
        and all(
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            for value in climb.values()
        )
        for climb in climbs
    ):
        return f"its climbs are not a list of climbs, each with {', '.join(sorted(CLIMB_LIMITS))}"
    for climb in climbs:
        for name, (words, unit, low, high) in CLIMB_LIMITS.items():
            if not low <= climb[name] <= high:
                return (
                    f"a climb's {words} of {_figure(climb[name])} {unit} is not from {low:,} "
                    f"to {high:,} {unit}"
                )
    return None


def _figure(value: float) -> str:
    """A figure for a message: "1,234.5", or "5.8e+302" for an absurd one from a damaged file
    (never hundreds of digits)."""
    return f"{value:,.1f}".removesuffix(".0") if abs(value) < 1e9 else f"{value:.2g}"


class UploadQuerySet(RunnerScopedQuerySet):
    def unfinished(self):
        return self.filter(status__in=[RunUpload.Status.QUEUED, RunUpload.Status.WORKING])


class RunUpload(models.Model):
    """What a runner sent in one go: a file or a whole export. The worker reads it file by
    file, each in its own transaction, and counts the files done (atomically) for the page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for its turn"
        WORKING = "working", "Reading the files"
        DONE = "done", "Done"
        FAILED = "failed", "Could not be read"

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="run_uploads"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    # The bytes sent, until every file in them is read (then cleared: kept no longer).
    data = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.CharField(max_length=300, blank=True)  # why a whole upload failed
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    runs_imported = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(files_done__lte=F("files_total")), name="runs_upload_done_within_total"
            ),
            models.CheckConstraint(
                condition=Q(runs_imported__lte=F("files_done")),
                name="runs_upload_imported_within_done",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "working", "done", "failed"]),
                name="runs_upload_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["runner", "-created_at"], name="runs_upload_runner_newest"),
            models.Index(
                fields=["status"],
                name="runs_upload_unfinished",
                condition=Q(status__in=["queued", "working"]),
            ),
        ]

    def __str__(self):
        return f"Upload of {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.files_done / self.files_total) if self.files_total else 0


class UploadFileQuerySet(RunnerScopedQuerySet):
    runner_field = "upload__runner"

    def doubtful(self):
        """Files kept aside as "not sure this is a run", oldest first, for the runner to keep
        or drop."""
        return self.filter(outcome=UploadFile.Outcome.UNSURE).order_by("upload_id", "position")


class UploadFile(models.Model):
    """One file of an upload and what became of it: imported, refused and why, or kept aside
    while the runner decides whether it is a run (its figures in `parsed` until then)."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Not imported"
        UNSURE = "unsure", "Not sure this is a run"

    upload = models.ForeignKey(RunUpload, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()  # its place in the upload (the zip's order)
    name = models.CharField(max_length=255)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    code = models.CharField(max_length=20, blank=True)  # why refused: parsing.Refused codes
    message = models.CharField(max_length=300, blank=True)
    run = models.ForeignKey(Run, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # parsing.ParsedRun.to_json() of a run kept aside (outcome "unsure"), else None.
    parsed = models.JSONField(null=True, blank=True)

    objects = UploadFileQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "position"], name="runs_upload_file_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=["imported", "refused", "unsure"]),
                name="runs_upload_file_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="unsure", parsed__isnull=False)
                | (~Q(outcome="unsure") & Q(parsed__isnull=True)),
                name="runs_upload_file_parsed_while_unsure",
                violation_error_message="A file kept aside keeps its run's figures, no other.",
            ),
        ]

    def __str__(self):
        return self.name


class StravaConnectionQuerySet(RunnerScopedQuerySet):
    pass


class StravaConnection(models.Model):
    """A runner's link to their Strava account. The tokens are encrypted with a key from the
    environment (apps/runs/strava/tokens.py): a dump of the database alone does not hand them
    out. Deleted on disconnect and on Strava's deauthorisation; never exported."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="strava"
    )
    athlete_id = models.BigIntegerField(unique=True)
    access_token = models.BinaryField()
    refresh_token = models.BinaryField()
    expires_at = models.DateTimeField()
    scope = models.CharField(max_length=200, blank=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    # Strava refused the refresh token (revoked or expired): the runner must connect again.
    needs_reconnect = models.BooleanField(default=False)
    # The last 12 weeks fetched on connecting: activities listed, and read so far.
    backfill_total = models.PositiveIntegerField(default=0)
    backfill_done = models.PositiveIntegerField(default=0)
    backfill_listed = models.BooleanField(default=False)

    objects = StravaConnectionQuerySet.as_manager()

    def __str__(self):
        return f"Strava athlete {self.athlete_id}"

    @property
    def backfilling(self) -> bool:
        return not self.backfill_listed or self.backfill_done < self.backfill_total


class StravaEvent(models.Model):
    """One event from Strava's webhook (or one activity of the backfill), recorded as it came
    and applied by the worker (apps/runs/strava/tasks.py). Never dropped: a rate limit or a
    failure only puts off the next try."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DONE = "done", "Applied"

    received_at = models.DateTimeField(auto_now_add=True)
    object_type = models.CharField(max_length=20)  # "activity" or "athlete"
    aspect_type = models.CharField(max_length=10)  # "create", "update" or "delete"
    object_id = models.BigIntegerField()
    owner_id = models.BigIntegerField()  # the athlete's id
    updates = models.JSONField(default=dict, blank=True)
    event_time = models.BigIntegerField(null=True, blank=True)  # Unix seconds, Strava's
    backfill = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner_id", "status"], name="runs_strava_event_owner")]

    def __str__(self):
        return f"Strava {self.object_type} {self.aspect_type} {self.object_id}"


class StravaRateLimit(models.Model):
    """The one row saying until when the app's Strava budget is spent (read from Strava's
    rate-limit headers, or a 429): every task waits until then."""

    resume_at = models.DateTimeField()

    def __str__(self):
        return f"Strava's budget spent until {self.resume_at}"
