"""TCX files (Garmin Training Center), read with defusedxml's ElementTree.

Activity Sport is "Running", "Biking" or "Other". Garmin Connect writes every sport that is not
running or cycling as "Other" (a paddle, a swim, a walk), so "Other" is judged by its speed
and cadence (summary.judge_unnamed_activity).
Running cadence is ns3:RunCadence in the ActivityExtension, strides per minute of one leg.
"""

import math
import re
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_etree
from defusedxml import DefusedXmlException

from apps.runs.parsing.core import MAX_RECORDS, Refused, Track

NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
EXT = "{http://www.garmin.com/xmlschemas/ActivityExtension/v2}"
# The start tag of a track point, whatever its namespace prefix: counted in the bytes, before
# the whole tree is built.
TRACK_POINT_TAG = re.compile(rb"<(?:[^\s<>/!?:]+:)?Trackpoint[\s/>]")


def read(data: bytes, *, max_records: int = MAX_RECORDS) -> Track:
    """The samples and lap totals of the first activity in a TCX file; Refused for a file of
    over max_records track points."""
    if len(TRACK_POINT_TAG.findall(data)) > max_records:
        raise Refused(
            "too_large",
            f"This TCX file holds over {max_records:,} track points: more than a watch records "
            "in a run, so it was not read.",
        )
    try:
        root = safe_etree.fromstring(data)
    except DefusedXmlException as error:
        raise Refused(
            "unsupported", "This TCX file declares XML entities, so it was not opened."
        ) from error
    except ParseError as error:
        if "no element found" in str(error) or "unclosed token" in str(error):
            raise Refused("truncated", "This TCX file is cut short and cannot be read.") from error
        raise Refused("corrupt", "This TCX file is damaged: its XML cannot be read.") from error
    activity = root.find(f"{NS}Activities/{NS}Activity")
    if activity is None:
        raise Refused("empty", "This TCX file holds no activity, so there is no run in it.")
    sport = activity.get("Sport", "")
    if sport == "Biking":
        raise Refused("not_a_run", "This is a ride, not a run.")
    track = Track(fmt="tcx", device=_device(activity), sport_label=sport)
    # "Running" is a run; "Other" (or none) is left to speed and cadence in summary.py.
    track.sport = "running" if sport == "Running" else ""
    laps = activity.findall(f"{NS}Lap")
    for lap in laps:
        _fill_lap(track, lap)
    if not track.times and any(lap.find(f"{NS}Track") is not None for lap in laps):
        raise Refused("no_timestamps", "This TCX file has no times: a run needs them.")
    _lap_totals(track, laps)
    return track


def _time(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _number(element: Element | None) -> float | None:
    if element is None or not element.text:
        return None
    try:
        value = float(element.text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _fill_lap(track: Track, lap: Element) -> None:
    for number, segment in enumerate(lap.findall(f"{NS}Track")):
        first = True
        for point in segment.findall(f"{NS}Trackpoint"):
            when = _time(point.findtext(f"{NS}Time"))
            if when is None or (track.times and when <= track.times[-1]):
                continue
            if first and number > 0:
                # A lap's second Track follows a pause; a new lap is not one.
                track.paused.add(len(track.times))
            first = False
            track.times.append(when)
            track.distances_m.append(_number(point.find(f"{NS}DistanceMeters")))
            track.altitudes_m.append(_number(point.find(f"{NS}AltitudeMeters")))
            track.strides_per_min.append(
                _number(point.find(f"{NS}Extensions/{EXT}TPX/{EXT}RunCadence"))
            )
            track.step_lengths_mm.append(None)
            track.balances_left_pct.append(None)


def _lap_totals(track: Track, laps: list[Element]) -> None:
    """The laps' own timer time and distance, summed, when every lap states them."""
    timer = [_number(lap.find(f"{NS}TotalTimeSeconds")) for lap in laps]
    distance = [_number(lap.find(f"{NS}DistanceMeters")) for lap in laps]
    if laps and None not in timer:
        track.timer_s = sum(timer)
    if laps and None not in distance:
        track.distance_m = sum(distance)
    if laps:
        track.start_time = _time(laps[0].get("StartTime"))
        if track.start_time is not None and track.times:
            track.start_time = min(track.start_time, track.times[0])


def _device(activity: Element) -> str:
    name = activity.findtext(f"{NS}Creator/{NS}Name") or ""
    # "Forerunner 410 Software Version 2.20" -> "Forerunner 410"
    return name.split(" Software Version")[0].strip()[:100]
