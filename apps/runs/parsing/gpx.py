"""GPX tracks, read with gpxpy. GPX has no reliable sport, so an untyped track is judged by
speed and cadence (summary.judge_unnamed_activity).

Cadence only comes in Garmin's TrackPointExtension (gpxtpx:cad), and for running it is strides per
minute of one leg, like FIT's (docs/domain.md, section 11).
"""

import math
import re

import gpxpy
import gpxpy.gpx

from apps.runs.parsing.core import MAX_RECORDS, Refused, Track

EARTH_RADIUS_M = 6_371_000.0
MIN_TIMED_SHARE = 0.9  # a track with times on fewer of its points is a route, not a recording
# The start tag of a track point, whatever its namespace prefix: counted in the bytes, before
# gpxpy builds an object a point (~800 bytes each).
TRACK_POINT_TAG = re.compile(rb"<(?:[^\s<>/!?:]+:)?trkpt[\s/>]")

# <type> as Garmin Connect, Strava and other apps write it, lower-cased. Strava's numeric codes:
# 9 a run, 1 a ride, 10 a walk.
RUN_TYPES = {
    "run": "running",
    "running": "running",
    "9": "running",
    "street_running": "running",
    "trail_running": "trail_running",
    "trailrun": "trail_running",
    "track_running": "track_running",
    "treadmill_running": "treadmill",
    "indoor_running": "treadmill",
    "virtualrun": "treadmill",
}
NOT_RUN_TYPES = {
    "This is a ride, not a run.": (
        "1 ride cycling biking bike road_biking mountain_biking gravel_cycling ebikeride "
        "e_bike_ride virtualride indoor_cycling"
    ),
    "This is a walk, not a run.": "10 walk walking",
    "This is a hike, not a run.": "4 hike hiking",
    "This is a swim, not a run.": "swim swimming open_water_swimming",
    "This is a ski session, not a run.": (
        "ski skiing nordicski backcountryski alpineski cross_country_skiing"
    ),
    "This is a paddle, not a run.": (
        "paddle paddling kayaking canoeing standuppaddling stand_up_paddleboarding sup rowing"
    ),
}
NOT_RUN_MESSAGES = {
    word: message for message, words in NOT_RUN_TYPES.items() for word in words.split()
}


def read(data: bytes, *, max_records: int = MAX_RECORDS) -> Track:
    """The samples of every track segment in a GPX file, in time order; Refused for a file of
    over max_records track points."""
    if len(TRACK_POINT_TAG.findall(data)) > max_records:
        raise Refused(
            "too_large",
            f"This GPX file holds over {max_records:,} track points: more than a watch records "
            "in a run, so it was not read.",
        )
    text = _text(data)
    try:
        gpx = gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as error:
        if "no element found" in str(error.__cause__ or error) or "unclosed" in str(error):
            raise Refused("truncated", "This GPX file is cut short and cannot be read.") from error
        raise Refused("corrupt", "This GPX file is damaged: its XML cannot be read.") from error
    except (gpxpy.gpx.GPXException, ValueError) as error:
        raise Refused("corrupt", "This GPX file is damaged: its content cannot be read.") from error

    track = Track(fmt="gpx", device=(gpx.creator or "").split(" - ")[0].strip()[:100])
    track.sport, track.sport_label = _sport(gpx)
    segments = [s.points for t in gpx.tracks for s in t.segments if s.points]
    if not segments:
        raise Refused("empty", "This GPX file holds no track, so there is no run in it.")
    total = sum(len(points) for points in segments)
    timed = sum(1 for points in segments for p in points if p.time is not None)
    if timed < 2 or timed < MIN_TIMED_SHARE * total:
        raise Refused(
            "no_timestamps",
            f"This GPX file has times on {timed} of its {total} points: a run needs the time "
            "at each point, so it looks like a route drawn on a map.",
        )
    _fill(track, segments)
    return track


def _text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused("corrupt", "This GPX file is damaged: it is not UTF-8 text.") from error
    # Entity declarations are how XML bombs work; activity files never need them.
    if "<!ENTITY" in text:
        raise Refused("unsupported", "This GPX file declares XML entities, so it was not opened.")
    return text


def _sport(gpx) -> tuple[str, str]:
    types = {(t.type or "").strip().lower().replace(" ", "_") for t in gpx.tracks} - {""}
    for kind in types:
        if kind in NOT_RUN_MESSAGES:
            raise Refused("not_a_run", NOT_RUN_MESSAGES[kind])
    runs = {RUN_TYPES[kind] for kind in types if kind in RUN_TYPES}
    if runs and len(runs) == len(types):
        return sorted(runs)[0], ", ".join(sorted(types))
    return "", ", ".join(sorted(types))  # untyped or unknown: judged by speed and cadence


def _fill(track: Track, segments) -> None:
    last_time = None
    distance = 0.0
    for points in segments:
        previous = None
        for point in points:
            if point.time is None or not _finite(point.latitude, point.longitude):
                continue
            when = point.time.timestamp()
            if last_time is not None and when <= last_time:
                continue  # out of order or repeated: the earlier point stands
            if previous is None:
                if track.times:
                    track.paused.add(len(track.times))  # a new segment: the gap is a pause
            else:
                distance += _haversine_m(previous, point)
            track.times.append(when)
            track.distances_m.append(distance)
            track.altitudes_m.append(point.elevation if _finite(point.elevation) else None)
            track.strides_per_min.append(_cadence(point))
            track.step_lengths_mm.append(None)
            track.balances_left_pct.append(None)
            previous, last_time = point, when


def _finite(*values) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) for v in values)


def _haversine_m(a, b) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _cadence(point) -> float | None:
    """gpxtpx:cad (or a bare <cad>/<cadence>) in the point's extensions: strides per minute."""
    for extension in point.extensions:
        for element in extension.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in ("cad", "cadence") and element.text:
                try:
                    value = float(element.text)
                except ValueError:
                    return None
                return value if math.isfinite(value) else None
    return None
