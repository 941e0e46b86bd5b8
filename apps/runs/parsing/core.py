"""What a parsed run is, why a file is refused, and the samples the three readers hand over."""

from dataclasses import asdict, dataclass, field
from datetime import datetime

# Limits, named once (the lead's settings may pass others).
MAX_FILE_BYTES = 25 * 1024 * 1024  # one activity file, decompressed: a 24-hour GPX at 1 s is ~20 MB
# Decoded FIT takes ~26x its size in memory; 10 MB is five days of one-second records.
MAX_FIT_BYTES = 10 * 1024 * 1024
# Beyond these a file is damaged, not a run (the longest races run 6-7 days, ~1,000 km at most).
MAX_RUN_ELAPSED_S = 8 * 24 * 3600
MAX_RUN_DISTANCE_M = 1_500_000.0
MAX_FILES_PER_ZIP = 2000
MAX_ZIP_MEMBERS = 20_000  # every entry of an export, photos included
MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024  # the activity files of one export, uncompressed
MAX_ZIP_RATIO = 100.0  # uncompressed / compressed size of a zip member or a gzipped file
# FIT data messages, or GPX and TCX track points, in one file (settings.RUNS_FILE_MAX_RECORDS):
# 5.8 days at one a second. No real file within the byte limits holds more: MAX_FIT_BYTES holds
# five days of one-second records (~430,000), 25 MB of GPX ~400,000 points. Millions of two-byte
# FIT messages are no run: the SDK keeps each decoded (~240 bytes), 1 GB and 30 s for 5 million,
# and 500,000 take it 3 to 6 s.
MAX_RECORDS = 500_000

FUTURE_TOLERANCE_S = 10 * 60  # a watch's clock a few minutes fast is not a run from the future

FORMATS = ("fit", "gpx", "tcx")
REFUSAL_CODES = (
    "not_a_run",
    "corrupt",
    "truncated",
    "no_timestamps",
    "future",
    "unsupported",
    "too_large",
    "empty",
    "duplicate",  # decided with the database (apps/runs/services.py)
    "too_old",
)


@dataclass(frozen=True)
class Climb:
    start_offset_s: int  # seconds from the run's start
    duration_s: int
    distance_m: float
    gain_m: float
    grade_pct: float


@dataclass(frozen=True)
class ParsedRun:
    """One run, summed up. Steps and cadence count both feet (steps), never strides."""

    sport: str  # "running", "trail_running", "track_running", "treadmill"
    started_at: datetime  # aware, UTC
    elapsed_s: int
    moving_s: int
    distance_m: float | None
    elevation_gain_m: float | None
    climbing_s: int  # seconds spent on climbs by the hill rule
    climbs: tuple[Climb, ...]
    steps: int | None  # both feet, summed over the run (None if no cadence)
    cadence_spm: float | None  # average steps per minute while moving
    step_length_m: float | None  # FIT step_length where present, else speed / steps per second
    gct_balance_left_pct: float | None  # FIT stance_time_balance average, % on the left foot
    device: str  # e.g. "Garmin fenix 2", or "" if unknown
    fmt: str  # "fit" | "gpx" | "tcx"
    sha256: str  # of the decompressed file bytes (for "same file" duplicates)
    elevation_source: str = ""  # "device" (the watch's own total), "barometric", "gps" or ""
    # Why it may not be a run (a file that does not name its sport, whose speed and cadence
    # disagree), or "": the runner keeps it or drops it (apps/runs/doubtful.py).
    doubt: str = ""

    def to_json(self) -> dict:
        """The run as JSON values, kept while the runner decides (from_json reads it back)."""
        values = asdict(self)
        values["started_at"] = self.started_at.isoformat()
        return values

    @classmethod
    def from_json(cls, values: dict) -> "ParsedRun":
        return cls(
            **{
                **values,
                "started_at": datetime.fromisoformat(values["started_at"]),
                "climbs": tuple(Climb(**climb) for climb in values["climbs"]),
            }
        )


class Refused(Exception):
    """A file that is not imported, with a code for the program and a sentence for the runner."""

    def __init__(self, code: str, message: str):
        assert code in REFUSAL_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self):  # pickled whole, from a process that parsed the file
        return (type(self), (self.code, self.message))

    def __repr__(self):
        return f"Refused({self.code!r}, {self.message!r})"


@dataclass
class Track:
    """What a reader found in a file: samples in time order plus the file's own totals.

    Times are Unix seconds (float). Per-sample lists are parallel; None is "not recorded".
    Cadence is strides per minute of one leg, as FIT, GPX and TCX all store it for running.
    """

    fmt: str
    sport: str = ""  # normalised run sport, or "" when the file does not say (inferred later)
    sport_label: str = ""  # the file's own word for it, for messages
    device: str = ""
    times: list[float] = field(default_factory=list)
    distances_m: list[float | None] = field(default_factory=list)  # cumulative
    altitudes_m: list[float | None] = field(default_factory=list)
    strides_per_min: list[float | None] = field(default_factory=list)
    step_lengths_mm: list[float | None] = field(default_factory=list)
    balances_left_pct: list[float | None] = field(default_factory=list)
    # Indexes k whose interval (sample k-1 to k) is a pause: the timer stopped, or a new segment.
    paused: set[int] = field(default_factory=set)
    altitude_barometric: bool = False
    start_time: float | None = None  # the file's own start, when it states one
    elapsed_s: float | None = None  # the file's own totals, when it states them
    timer_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    total_strides: int | None = None
