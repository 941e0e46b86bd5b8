"""FIT files (Garmin, Coros, Wahoo, Suunto, Strava), read with Garmin's own FIT SDK.

The SDK decodes the whole file and returns its messages with a list of errors instead of raising;
any error refuses the file, so a truncated or damaged recording is never half-imported.
"""

import itertools
import struct
from bisect import bisect_left

from garmin_fit_sdk import Decoder, Stream

from apps.runs.parsing.core import MAX_RECORDS, Refused, Track

FIT_EPOCH_UNIX = 631065600  # 1989-12-31T00:00:00Z, where FIT's seconds start
TIMER_STOPS = {"stop", "stop_all", "stop_disable", "stop_disable_all"}

RUN_SUB_SPORTS = {
    "treadmill": "treadmill",
    "indoor_running": "treadmill",
    "trail": "trail_running",
    "track": "track_running",
}
NOT_A_RUN = {
    "cycling": "This is a ride, not a run.",
    "e_biking": "This is a ride, not a run.",
    "walking": "This is a walk, not a run.",
    "hiking": "This is a hike, not a run.",
    "mountaineering": "This is a hike, not a run.",
    "swimming": "This is a swim, not a run.",
    "cross_country_skiing": "This is a ski session, not a run.",
    "alpine_skiing": "This is a ski session, not a run.",
    "snowboarding": "This is a ski session, not a run.",
    "paddling": "This is a paddle, not a run.",
    "stand_up_paddleboarding": "This is a paddle, not a run.",
    "kayaking": "This is a paddle, not a run.",
    "rowing": "This is a row, not a run.",
}
FILE_TYPES = {"settings": "watch settings", "sport": "sport settings", "device": "device data"}


def is_fit(data: bytes) -> bool:
    return len(data) >= 12 and data[8:12] == b".FIT"


def read(data: bytes, *, max_records: int = MAX_RECORDS) -> Track:
    """The run's samples and totals from a FIT activity file; Refused for anything else, and for
    a file of over max_records data messages."""
    _check_size(data)
    _check_records(data, max_records)
    _check_crc(data)
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        enable_crc_check=False,  # checked above, at a quarter of the SDK's cost
        convert_datetimes_to_dates=False,  # FIT seconds, turned into Unix seconds below
        expand_components=False,  # a fifth faster; speed and altitude fall back below
        merge_heart_rates=False,
    )
    if errors:
        # Out of memory is the parsing process's limit (parse_pool.py), not a damaged file.
        if isinstance(errors[0], MemoryError):
            raise errors[0]
        error = str(errors[0])
        if "Compressed timestamp" in error:
            raise Refused(
                "unsupported",
                "This FIT file uses compressed timestamps, which cannot be read here yet.",
            )
        if "bytes remaining" in error or isinstance(errors[0], IndexError | EOFError):
            raise Refused(
                "truncated", "This FIT file is cut short: the watch's copy is incomplete."
            )
        raise Refused("corrupt", "This FIT file is damaged and cannot be read.")
    file_type = next(iter(messages.get("file_id_mesgs", [])), {}).get("type")
    if file_type not in (None, "activity"):
        what = FILE_TYPES.get(file_type, f"a '{file_type}' file")
        raise Refused("unsupported", f"This FIT file holds {what}, not an activity.")
    sessions = messages.get("session_mesgs", [])
    records = [r for r in messages.get("record_mesgs", []) if isinstance(r.get("timestamp"), int)]
    if not records:
        raise Refused("empty", "This FIT file holds no recorded points, so there is no run in it.")
    track = Track(fmt="fit", device=_device(messages))
    track.sport, track.sport_label = _sport(messages, sessions)
    _fill_records(track, records)
    _mark_pauses(track, messages.get("event_mesgs", []))
    track.altitude_barometric = any(
        d.get("local_device_type") == "barometer" for d in messages.get("device_info_mesgs", [])
    )
    if len(sessions) == 1:
        _session_totals(track, sessions[0])
    return track


def _check_size(data: bytes) -> None:
    """A header that promises more bytes than the file has: the upload or the watch cut it."""
    if len(data) < 12:
        raise Refused("truncated", "This FIT file is cut short: the watch's copy is incomplete.")
    header_size = data[0]
    (data_size,) = struct.unpack_from("<I", data, 4)
    if header_size not in (12, 14):
        raise Refused("corrupt", "This FIT file is damaged and cannot be read.")
    if len(data) < header_size + data_size + 2:
        raise Refused("truncated", "This FIT file is cut short: the watch's copy is incomplete.")


def _check_records(data: bytes, max_records: int) -> None:
    """Refused when the FIT files in `data` hold over max_records data messages, counted from
    the messages' headers and definitions before the SDK decodes any (and keeps them all). A
    file too damaged to count is left to the CRC and the SDK, which refuse it."""
    count, start = 0, 0
    try:
        while len(data) - start >= 12 and data[start + 8 : start + 12] == b".FIT":
            header_size = data[start]
            (data_size,) = struct.unpack_from("<I", data, start + 4)
            position, end = start + header_size, start + header_size + data_size
            sizes = {}  # bytes of a data message, by local message type
            while position < end:
                header = data[position]
                if header & 0x80:  # a compressed timestamp's data message: local type in bits 5-6
                    local = (header >> 5) & 0x03
                elif header & 0x40:  # a definition: its fields' sizes give its messages' size
                    fields_end = position + 6 + 3 * data[position + 5]
                    size = sum(data[position + 7 : fields_end : 3])
                    if header & 0x20:  # developer fields follow
                        developer_end = fields_end + 1 + 3 * data[fields_end]
                        size += sum(data[fields_end + 2 : developer_end : 3])
                        fields_end = developer_end
                    sizes[header & 0x0F] = size
                    position = fields_end
                    continue
                else:
                    local = header & 0x0F
                position += 1 + sizes[local]
                count += 1
                if count > max_records:
                    raise Refused(
                        "too_large",
                        f"This FIT file holds over {max_records:,} records: more than a watch "
                        "writes in a run, so it was not read.",
                    )
            start = end + 2
    except (IndexError, KeyError):  # cut short, or a message of no definition
        return


def _crc_table() -> tuple[int, ...]:
    """FIT's CRC (CRC-16/ARC: polynomial 0x8005, reflected), a byte at a time."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


CRC_TABLE = _crc_table()


def crc16(data: bytes, start: int, end: int) -> int:
    crc, table = 0, CRC_TABLE
    for byte in data[start:end]:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _check_crc(data: bytes) -> None:
    """Each FIT file in `data` (a watch may chain several) against its closing CRC, as the
    SDK would but with a table a byte instead of two a nibble: a fifth of the decoding time.
    Bytes after the last whole file are left to the SDK, which refuses them."""
    start = 0
    while len(data) - start >= 14 and data[start + 8 : start + 12] == b".FIT":
        header_size = data[start]
        (data_size,) = struct.unpack_from("<I", data, start + 4)
        end = start + header_size + data_size
        if header_size not in (12, 14):
            raise Refused("corrupt", "This FIT file is damaged and cannot be read.")
        if len(data) < end + 2:
            raise Refused(
                "truncated", "This FIT file is cut short: the watch's copy is incomplete."
            )
        (stored,) = struct.unpack_from("<H", data, end)
        if stored != crc16(data, start, end):
            raise Refused("corrupt", "This FIT file is damaged and cannot be read.")
        start = end + 2


def _sport(messages: dict, sessions: list) -> tuple[str, str]:
    """The normalised run sport, or "" to judge by speed and cadence; Refused for another sport."""
    sources = sessions or messages.get("sport_mesgs", []) or messages.get("lap_mesgs", [])
    pairs = {(s.get("sport"), s.get("sub_sport")) for s in sources if s.get("sport") is not None}
    sports = {sport for sport, _sub in pairs}
    if len(sports) > 1:
        raise Refused(
            "not_a_run", "This is a multisport activity; only single runs can be imported."
        )
    if not sports or sports == {"generic"}:
        return "", "generic"
    sport, sub_sport = pairs.pop()
    if sport != "running":
        message = NOT_A_RUN.get(sport) or (
            f"This is not a run: the watch recorded it as {str(sport).replace('_', ' ')}."
        )
        raise Refused("not_a_run", message)
    return RUN_SUB_SPORTS.get(sub_sport, "running"), str(sub_sport or sport)


def _fill_records(track: Track, records: list[dict]) -> None:
    append_time, append_distance = track.times.append, track.distances_m.append
    append_altitude, append_strides = track.altitudes_m.append, track.strides_per_min.append
    append_length, append_balance = track.step_lengths_mm.append, track.balances_left_pct.append
    for record in records:
        append_time(record["timestamp"] + FIT_EPOCH_UNIX)
        append_distance(_number(record.get("distance")))
        altitude = _number(record.get("enhanced_altitude"))
        append_altitude(altitude if altitude is not None else _number(record.get("altitude")))
        cadence = _number(record.get("cadence"))
        if cadence is not None:
            # One leg's strides per minute, whole and fractional parts (docs/domain.md, 11).
            cadence += _number(record.get("fractional_cadence")) or 0.0
        append_strides(cadence)
        append_length(_number(record.get("step_length")))
        append_balance(_number(record.get("stance_time_balance")))


def _number(value) -> float | None:
    """A plain number, or None for a missing value or an array where a number belongs."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _mark_pauses(track: Track, events: list[dict]) -> None:
    """Mark the intervals between records whose middle falls while the timer was stopped."""
    timer = sorted(
        (e["timestamp"] + FIT_EPOCH_UNIX, e.get("event_type") in TIMER_STOPS)
        for e in events
        if e.get("event") == "timer" and isinstance(e.get("timestamp"), int)
    )
    stopped_ranges, stopped_at = [], None
    for when, is_stop in timer:
        if is_stop and stopped_at is None:
            stopped_at = when
        elif not is_stop and stopped_at is not None:
            stopped_ranges.append((stopped_at, when))
            stopped_at = None
    if stopped_at is not None:
        stopped_ranges.append((stopped_at, float("inf")))
    times = track.times
    middles = [(a + b) / 2 for a, b in itertools.pairwise(times)]
    for stop, resume in stopped_ranges:
        first, last = bisect_left(middles, stop), bisect_left(middles, resume)
        track.paused.update(range(first + 1, last + 1))


def _session_totals(track: Track, session: dict) -> None:
    start = _number(session.get("start_time"))
    track.start_time = None if start is None else start + FIT_EPOCH_UNIX
    track.elapsed_s = _number(session.get("total_elapsed_time"))
    track.timer_s = _number(session.get("total_timer_time"))
    track.distance_m = _number(session.get("total_distance"))
    track.ascent_m = _number(session.get("total_ascent"))
    strides = _number(session.get("total_strides", session.get("total_cycles")))
    track.total_strides = round(strides) if strides else None


def _device(messages: dict) -> str:
    """'Garmin fenix 2' from the file's creator: maker and product as the profile names them."""
    file_id = next(iter(messages.get("file_id_mesgs", [])), {})
    maker = file_id.get("manufacturer")
    product = file_id.get("garmin_product", file_id.get("product_name", file_id.get("product")))
    maker = maker.replace("_", " ").title() if isinstance(maker, str) else ""
    if isinstance(product, str):
        # fenix2 -> fenix 2, edge500 -> edge 500: the profile's names run the number on.
        name = product.replace("_", " ")
        head = name.rstrip("0123456789")
        product = f"{head} {name[len(head) :]}" if head and head != name else name
    else:
        product = ""
    return " ".join(part for part in (maker, product) if part)
