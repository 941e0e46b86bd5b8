"""A Strava activity and its streams (the JSON of Strava's API: GET /activities/{id} and
/activities/{id}/streams with key_by_type) to a Track, summed up by summary.py as any file is.

Strava's running cadence, as a watch's file, is strides a minute of one leg. The activity's
own totals (elapsed and moving time, distance, elevation gain) are used as a file's are.
"""

import hashlib
import math
from datetime import datetime

from apps.runs.parsing.core import MAX_RECORDS, Refused, Track

# Strava's sport_type of a run, to this app's sport.
RUN_SPORTS = {"Run": "running", "TrailRun": "trail_running", "VirtualRun": "treadmill"}
STREAM_KEYS = ("time", "distance", "altitude", "cadence", "velocity_smooth", "grade_smooth")


def sha256(activity_id: int) -> str:
    """What stands for a file's hash: the same activity is never stored twice."""
    return hashlib.sha256(f"strava-activity:{activity_id}".encode()).hexdigest()


def is_run(activity: dict) -> bool:
    return _sport_type(activity) in RUN_SPORTS


def _sport_type(activity: dict) -> str:
    return str(activity.get("sport_type") or activity.get("type") or "")


def read(activity: dict, streams: dict, *, max_records: int = MAX_RECORDS) -> Track:
    """The Track of a Strava run; Refused for another sport or an activity without times."""
    sport_type = _sport_type(activity)
    if sport_type not in RUN_SPORTS:
        words = "".join(f" {c.lower()}" if c.isupper() else c for c in sport_type).strip()
        raise Refused("not_a_run", f"This Strava activity is a {words or 'workout'}, not a run.")
    try:
        start = datetime.fromisoformat(str(activity["start_date"]).replace("Z", "+00:00"))
    except (KeyError, ValueError) as error:
        raise Refused("no_timestamps", "This Strava activity has no start time.") from error
    offsets = _stream(streams, "time")
    if len(offsets) > max_records:
        raise Refused("too_large", f"This Strava activity holds over {max_records:,} points.")
    track = Track(
        fmt="strava",
        sport=RUN_SPORTS[sport_type],
        sport_label=sport_type,
        device=str(activity.get("device_name") or "")[:100],
        start_time=start.timestamp(),
        elapsed_s=_number(activity.get("elapsed_time")),
        timer_s=_number(activity.get("moving_time")),
        distance_m=_number(activity.get("distance")),
        ascent_m=_number(activity.get("total_elevation_gain")),
    )
    if not offsets:  # a manual entry: no streams, only the totals
        elapsed = track.elapsed_s or track.timer_s or 0
        offsets, distances = [0, elapsed], [0.0, track.distance_m]
    else:
        distances = _stream(streams, "distance")
    n = len(offsets)
    track.times = [start.timestamp() + float(t) for t in offsets]
    track.distances_m = _padded(distances, n)
    track.altitudes_m = _padded(_stream(streams, "altitude"), n)
    track.strides_per_min = _padded(_stream(streams, "cadence"), n)
    track.step_lengths_mm = [None] * n
    track.balances_left_pct = [None] * n
    return track


def _stream(streams: dict, key: str) -> list:
    stream = streams.get(key) if isinstance(streams, dict) else None
    data = stream.get("data") if isinstance(stream, dict) else None
    return data if isinstance(data, list) else []


def _padded(values: list, n: int) -> list:
    values = [_number(v) for v in values[:n]]
    return values + [None] * (n - len(values))


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None
