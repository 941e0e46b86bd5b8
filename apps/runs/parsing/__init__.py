"""Runs from a watch: FIT, GPX and TCX files, gzipped or in export zips, to one ParsedRun each.

Pure: no database and no Django settings. The hill rule is passed in (settings.RUNS_HILL_*,
read by apps/runs/services.hill_rule()); the file limits are keyword arguments with defaults in
core.py. A file is summed up whole or Refused with a code and a sentence for the runner.

    grade, distance = hill_rule()
    for name, data in expand(upload_name, upload_bytes):
        try:
            run = parse(name, data, hill_grade_pct=grade, hill_min_distance_m=distance)
            check_not_future(run, timezone.now())
        except Refused as refusal:
            report(name, refusal.code, refusal.message)
"""

import hashlib
from datetime import datetime, timedelta

from apps.runs.parsing import fit, gpx, strava, tcx
from apps.runs.parsing.archive import (
    copied_size,
    copy_members,
    count,
    expand,
    export_members,
    gunzip,
    is_gzip,
)
from apps.runs.parsing.core import (
    FUTURE_TOLERANCE_S,
    MAX_FILE_BYTES,
    MAX_FILES_PER_ZIP,
    MAX_FIT_BYTES,
    MAX_RECORDS,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_BYTES,
    REFUSAL_CODES,
    Climb,
    ParsedRun,
    Refused,
)
from apps.runs.parsing.summary import summarise

__all__ = [
    "MAX_FILES_PER_ZIP",
    "MAX_FILE_BYTES",
    "MAX_RECORDS",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_TOTAL_BYTES",
    "REFUSAL_CODES",
    "Climb",
    "ParsedRun",
    "Refused",
    "check_not_future",
    "copied_size",
    "copy_members",
    "count",
    "detect_format",
    "expand",
    "export_members",
    "parse",
    "parse_or_error",
    "parse_strava",
]

READERS = {"fit": fit.read, "gpx": gpx.read, "tcx": tcx.read}


def detect_format(name: str, data: bytes) -> str:
    """'fit', 'gpx' or 'tcx' from the content, the name deciding only when the content cannot."""
    if fit.is_fit(data):
        return "fit"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if b"<gpx" in head:
            return "gpx"
        if b"TrainingCenterDatabase" in head:
            return "tcx"
    suffix = name.lower().removesuffix(".gz").rsplit(".", 1)[-1]
    if suffix in READERS:
        return suffix
    raise Refused("unsupported", "This is not a FIT, GPX or TCX activity file.")


def parse(
    name: str,
    data: bytes,
    *,
    hill_grade_pct: float,
    hill_min_distance_m: float,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
    max_records: int = MAX_RECORDS,
) -> ParsedRun:
    """One activity file (gzipped or not) summed up as a run; Refused with the reason otherwise.

    Distances in metres, times in seconds, cadence in steps (both feet) per minute. A climb is a
    stretch at hill_grade_pct or steeper over at least hill_min_distance_m (docs/domain.md, 11).
    A file is at most max_file_bytes unpacked, and a gzipped one at most max_ratio times its
    size; max_records bounds a FIT file's data messages and a GPX or TCX file's track points.
    """
    if is_gzip(data):
        data = gunzip(data, max_file_bytes, max_ratio)
    if not data.strip():
        raise Refused("empty", "This file is empty.")
    if len(data) > max_file_bytes:
        raise Refused("too_large", f"This file is over {max_file_bytes // 2**20} MB: too big.")
    fmt = detect_format(name, data)
    if fmt == "fit" and len(data) > MAX_FIT_BYTES:
        raise Refused("too_large", f"This FIT file is over {MAX_FIT_BYTES // 2**20} MB: too big.")
    track = READERS[fmt](data, max_records=max_records)
    return summarise(
        track,
        sha256=hashlib.sha256(data).hexdigest(),
        hill_grade_pct=hill_grade_pct,
        hill_min_distance_m=hill_min_distance_m,
    )


def parse_strava(
    activity: dict, streams: dict, *, hill_grade_pct: float, hill_min_distance_m: float
) -> ParsedRun:
    """A Strava run (its activity and streams, as Strava's API gives them) summed up by the
    same code as a file; Refused with the reason otherwise."""
    track = strava.read(activity, streams)
    return summarise(
        track,
        sha256=strava.sha256(activity["id"]),
        hill_grade_pct=hill_grade_pct,
        hill_min_distance_m=hill_min_distance_m,
    )


def parse_or_error(name: str, data: bytes, **options) -> ParsedRun | Exception:
    """parse(name, data, **options), with the exception it raised returned instead (Refused, or
    a fault of a library): for a pool of processes, where one bad file must not stop the others."""
    try:
        return parse(name, data, **options)
    except Exception as error:
        return error


def check_not_future(run: ParsedRun, now: datetime) -> None:
    """Refused when the run ends after `now` (aware) by more than a watch clock's slack."""
    try:
        ends_at = run.started_at + timedelta(seconds=run.elapsed_s)
    except OverflowError:  # ends after the year 9999
        ends_at = datetime.max.replace(tzinfo=run.started_at.tzinfo)
    if ends_at > now + timedelta(seconds=FUTURE_TOLERANCE_S):
        raise Refused(
            "future",
            "This run is dated in the future "
            f"({run.started_at:%Y-%m-%d %H:%M} UTC): check the watch's date and time.",
        )
