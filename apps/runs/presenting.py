"""A run's figures in words and units a runner reads: pure functions, no queries. Distances,
paces, heights and step lengths in the reader's units (psoas_tracker/units.py)."""

from datetime import datetime

from django.utils import timezone

from apps.runs.models import Run
from psoas_tracker import units as u

# Ground contact time balance, % on the left foot (docs/domain.md, Garmin's colour zones):
# within 50.7 % either way is even; to 52.2 % a lean to one side; beyond, a marked one.
NONE = "\u2013"  # an en dash: no figure
GCT_EVEN = 0.7
GCT_LEAN = 2.2
STRAVA_ACTIVITY_URL = "https://www.strava.com/activities/"  # "View on Strava" (its guidelines)


def duration(seconds: int | None) -> str:
    """ "47:05" or "1:02:09"."""
    return u.clock(seconds)


def pace(seconds_per_km: float | None, units: str) -> str:
    """ "5:14 /km" or "8:26 /mi"."""
    return u.pace(seconds_per_km, units)


def gct_words(left_pct: float | None) -> tuple[str, str]:
    """(text, zone) of a ground contact time balance: zone is "even", "lean" or "marked"."""
    if left_pct is None:
        return "", ""
    off = round(left_pct - 50, 1)  # the watch gives tenths: 50.7 is within, not 0.70000001 off
    side = "left" if off > 0 else "right"
    right_pct = 100 - left_pct
    figures = f"{left_pct:.1f} % L / {right_pct:.1f} % R"
    if abs(off) <= GCT_EVEN:
        return f"{figures}: even", "even"
    if abs(off) <= GCT_LEAN:
        return f"{figures}: a little longer on the {side} foot", "lean"
    return f"{figures}: longer on the {side} foot", "marked"


def climbing(run: Run, units: str) -> str:
    parts = []
    if run.elevation_gain_m is not None:
        parts.append(f"{u.elevation(run.elevation_gain_m, units)} up")
    if run.climbs:
        count = len(run.climbs)
        parts.append(
            f"{count} hill{'s' if count != 1 else ''}, {duration(run.climbing_seconds)} climbing"
        )
    elif run.elevation_gain_m is not None:
        parts.append("no hill")
    return ", ".join(parts) or NONE


def run_rows(runs, zone=None, *, units: str) -> list[dict]:
    """A dict of ready strings for each run (a table of fifty renders each lookup fifty times).
    zone: the runner's time zone, in which a run's start is given (as the watch showed it);
    units: the reader's (a coach reads a runner's runs in the coach's own)."""
    rows = []
    for run in runs:
        gct_text, gct_zone = gct_words(run.gct_balance_left_pct)
        rows.append(
            {
                "pk": run.pk,
                "day": run.day,
                "start_time": f"{timezone.localtime(run.started_at, zone):%H:%M}",
                "distance": u.distance(run.distance_m, units),
                "moving": duration(run.moving_seconds),
                "pace": pace(run.pace_seconds_per_km, units),
                "climbing": climbing(run, units),
                "hilly": bool(run.climbs),
                "cadence": NONE if run.cadence_spm is None else f"{run.cadence_spm:.0f} steps/min",
                "step_length": u.step_length(run.step_length_m, units),
                "strides": run.strides,
                "gct": gct_text,
                "gct_zone": gct_zone,
                "source": " · ".join(
                    part for part in (run.device, run.get_file_format_display() or "Strava") if part
                ),
                "strava_url": (
                    f"{STRAVA_ACTIVITY_URL}{run.strava_activity_id}"
                    if run.strava_activity_id
                    else ""
                ),
            }
        )
    return rows


def climbs_of(run: Run, units: str) -> list[str]:
    """Each climb in words: "at 12:30, 420 m at 6 % (25 m up, 2:40)", or in feet."""
    return [
        f"at {duration(climb['start_offset_s'])}, {u.length(climb['distance_m'], units)} at "
        f"{climb['grade_pct']:.0f} % ({u.elevation(climb['gain_m'], units)} up, "
        f"{duration(climb['duration_s'])})"
        for climb in run.climbs
    ]


def doubtful_rows(files, zone, *, units: str) -> list[dict]:
    """Ready strings for each file kept aside as "not sure this is a run": when it started (in
    the runner's zone), how far and how long, and why it may not be a run."""
    rows = []
    for file in files:
        parsed = file.parsed
        started = timezone.localtime(datetime.fromisoformat(parsed["started_at"]), timezone=zone)
        rows.append(
            {
                "file": file,
                "started": started,
                "distance": u.distance(parsed["distance_m"], units),
                "moving": duration(parsed["moving_s"]),
                "reason": file.message,
            }
        )
    return rows
