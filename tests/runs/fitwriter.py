"""A minimal FIT encoder for tests and the bench: activity files written field by field.

Writes a FIT 2.0 file (14-byte header, definition and data messages, little-endian, the CRC of
the header and of the whole file), with the message and field numbers of Garmin's FIT profile.
Values are given in their physical units (metres, m/s, seconds, strides per minute) and scaled
here; None writes the field's "invalid" value, as a watch does for a missing reading.

    data = activity_file(records, sport="running")        # a whole activity
    data = one_hour_run(datetime(2026, 5, 1, 6, tzinfo=UTC))  # 3,600 records for the bench
"""

import struct
from datetime import UTC, datetime, timedelta

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

# Base types: (code, struct format, invalid value).
ENUM = (0x00, "B", 0xFF)
UINT8 = (0x02, "B", 0xFF)
SINT16 = (0x83, "h", 0x7FFF)
UINT16 = (0x84, "H", 0xFFFF)
SINT32 = (0x85, "i", 0x7FFFFFFF)
UINT32 = (0x86, "I", 0xFFFFFFFF)
UINT32Z = (0x8C, "I", 0x00000000)

DATE_TIME = "date_time"

# Global message number and its fields: name -> (field number, base type, scale, offset).
MESSAGES = {
    "file_id": (
        0,
        {
            "type": (0, ENUM, 1, 0),
            "manufacturer": (1, UINT16, 1, 0),
            "product": (2, UINT16, 1, 0),
            "serial_number": (3, UINT32Z, 1, 0),
            "time_created": (4, UINT32, DATE_TIME, 0),
        },
    ),
    "sport": (12, {"sport": (0, ENUM, 1, 0), "sub_sport": (1, ENUM, 1, 0)}),
    "record": (
        20,
        {
            "timestamp": (253, UINT32, DATE_TIME, 0),
            "position_lat": (0, SINT32, 1, 0),
            "position_long": (1, SINT32, 1, 0),
            "altitude": (2, UINT16, 5, 500),
            "heart_rate": (3, UINT8, 1, 0),
            "cadence": (4, UINT8, 1, 0),
            "distance": (5, UINT32, 100, 0),
            "speed": (6, UINT16, 1000, 0),
            "fractional_cadence": (53, UINT8, 128, 0),
            "enhanced_speed": (73, UINT32, 1000, 0),
            "enhanced_altitude": (78, UINT32, 5, 500),
            "stance_time_balance": (84, UINT16, 100, 0),
            "step_length": (85, UINT16, 10, 0),
        },
    ),
    "event": (
        21,
        {
            "timestamp": (253, UINT32, DATE_TIME, 0),
            "event": (0, ENUM, 1, 0),
            "event_type": (1, ENUM, 1, 0),
            "data": (3, UINT32, 1, 0),
        },
    ),
    "lap": (
        19,
        {
            "timestamp": (253, UINT32, DATE_TIME, 0),
            "event": (0, ENUM, 1, 0),
            "event_type": (1, ENUM, 1, 0),
            "start_time": (2, UINT32, DATE_TIME, 0),
            "total_elapsed_time": (7, UINT32, 1000, 0),
            "total_timer_time": (8, UINT32, 1000, 0),
            "total_distance": (9, UINT32, 100, 0),
            "sport": (25, ENUM, 1, 0),
        },
    ),
    "session": (
        18,
        {
            "timestamp": (253, UINT32, DATE_TIME, 0),
            "message_index": (254, UINT16, 1, 0),
            "event": (0, ENUM, 1, 0),
            "event_type": (1, ENUM, 1, 0),
            "start_time": (2, UINT32, DATE_TIME, 0),
            "sport": (5, ENUM, 1, 0),
            "sub_sport": (6, ENUM, 1, 0),
            "total_elapsed_time": (7, UINT32, 1000, 0),
            "total_timer_time": (8, UINT32, 1000, 0),
            "total_distance": (9, UINT32, 100, 0),
            # total_cycles; read as total_strides when the sport is running.
            "total_strides": (10, UINT32, 1, 0),
            "avg_running_cadence": (18, UINT8, 1, 0),
            "total_ascent": (22, UINT16, 1, 0),
            "total_descent": (23, UINT16, 1, 0),
            "avg_fractional_cadence": (92, UINT8, 128, 0),
        },
    ),
    "activity": (
        34,
        {
            "timestamp": (253, UINT32, DATE_TIME, 0),
            "total_timer_time": (0, UINT32, 1000, 0),
            "num_sessions": (1, UINT16, 1, 0),
            "type": (2, ENUM, 1, 0),
            "event": (3, ENUM, 1, 0),
            "event_type": (4, ENUM, 1, 0),
        },
    ),
}

# Enum values from the FIT profile that tests name.
SPORTS = {
    "generic": 0,
    "running": 1,
    "cycling": 2,
    "swimming": 5,
    "walking": 11,
    "cross_country_skiing": 12,
    "hiking": 17,
    "stand_up_paddleboarding": 37,
}
SUB_SPORTS = {"generic": 0, "treadmill": 1, "street": 2, "trail": 3, "track": 4}
GARMIN = 1
FENIX5 = 2697
EVENT_TIMER = 0
EVENT_START = 0
EVENT_STOP_ALL = 4
EVENT_SESSION = 8
EVENT_ACTIVITY = 26

_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def _nibble_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 of `data` (the SDK's nibble-table algorithm)."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


# The SDK's algorithm a byte at a time, from a table of its CRC of each byte: 4x faster.
_BYTE_TABLE = tuple(_nibble_crc(bytes([n])) for n in range(256))


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 of `data`, as the SDK computes it."""
    table = _BYTE_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _raw(value, base_type, scale, offset):
    _code, _fmt, invalid = base_type
    if value is None:
        return invalid
    if scale == DATE_TIME:
        return int((value - FIT_EPOCH).total_seconds())
    return round((value + offset) * scale)


class FitWriter:
    """Messages in order; each distinct set of fields gets its own local definition."""

    def __init__(self):
        self._body = bytearray()
        self._locals: dict[tuple, int] = {}

    def message(self, name: str, **values) -> None:
        global_number, fields = MESSAGES[name]
        names = tuple(values)
        key = (name, names)
        if key not in self._locals:
            local = len(self._locals) % 16
            self._locals = {k: v for k, v in self._locals.items() if v != local}
            self._locals[key] = local
            self._body += struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(names))
            for field in names:
                number, (code, fmt, _invalid), _scale, _offset = fields[field]
                self._body += struct.pack("<BBB", number, struct.calcsize(fmt), code)
        local = self._locals[key]
        fmt = "<B" + "".join(fields[f][1][1] for f in names)
        raws = [_raw(values[f], *fields[f][1:]) for f in names]
        self._body += struct.pack(fmt, local, *raws)

    def raw(self, data: bytes) -> None:
        """Bytes as they are, for records this writer does not make (a compressed timestamp)."""
        self._body += data

    def to_bytes(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self._body), b".FIT")
        header += struct.pack("<H", fit_crc(header))
        data = header + bytes(self._body)
        return data + struct.pack("<H", fit_crc(data))


def activity_file(
    records: list[dict],
    *,
    sport: str = "running",
    sub_sport: str = "generic",
    session: dict | None = None,
    pauses: list[tuple[datetime, datetime]] = (),
) -> bytes:
    """A whole activity: file_id, sport, timer events, the records, a lap, a session, activity.

    `session` adds or overrides session fields (e.g. total_strides, total_ascent); `pauses` are
    (stop, start) pairs of the timer, written as timer events between the records.
    """
    start, end = records[0]["timestamp"], records[-1]["timestamp"]
    paused_s = sum((b - a).total_seconds() for a, b in pauses)
    elapsed_s = (end - start).total_seconds()
    distance = next((r["distance"] for r in reversed(records) if r.get("distance")), None)
    w = FitWriter()
    w.message(
        "file_id", type=4, manufacturer=GARMIN, product=FENIX5, serial_number=1, time_created=start
    )
    w.message("sport", sport=SPORTS[sport], sub_sport=SUB_SPORTS.get(sub_sport, 0))
    w.message("event", timestamp=start, event=EVENT_TIMER, event_type=EVENT_START, data=0)
    pending = sorted(pauses)
    for record in records:
        while pending and pending[0][0] <= record["timestamp"]:
            stop, resume = pending.pop(0)
            w.message("event", timestamp=stop, event=EVENT_TIMER, event_type=EVENT_STOP_ALL, data=0)
            w.message("event", timestamp=resume, event=EVENT_TIMER, event_type=EVENT_START, data=0)
        w.message("record", **record)
    w.message("event", timestamp=end, event=EVENT_TIMER, event_type=EVENT_STOP_ALL, data=0)
    totals = {
        "start_time": start,
        "total_elapsed_time": elapsed_s,
        "total_timer_time": elapsed_s - paused_s,
        "total_distance": distance,
    }
    w.message("lap", timestamp=end, event=9, event_type=1, sport=SPORTS[sport], **totals)
    session_fields = {
        "timestamp": end,
        "message_index": 0,
        "event": EVENT_SESSION,
        "event_type": 1,
        "sport": SPORTS[sport],
        "sub_sport": SUB_SPORTS.get(sub_sport, 0),
        **totals,
        **(session or {}),
    }
    w.message("session", **session_fields)
    w.message(
        "activity",
        timestamp=end,
        total_timer_time=elapsed_s - paused_s,
        num_sessions=1,
        type=0,
        event=EVENT_ACTIVITY,
        event_type=1,
    )
    return w.to_bytes()


def tiny_records(count: int, values: bytes | None = None) -> bytes:
    """The file a red team built to hold the worker: a header, one definition of a record with
    one uint8 field (heart rate), then `count` two-byte records of it (header byte and value,
    7 each, or `values`), and a valid CRC. 10 MB of them gzip to 10 KB."""
    w = FitWriter()
    w.raw(struct.pack("<BBBHB", 0x40, 0, 0, MESSAGES["record"][0], 1))
    w.raw(struct.pack("<BBB", MESSAGES["record"][1]["heart_rate"][0], 1, UINT8[0]))
    body = bytearray(2 * count)
    body[1::2] = values if values is not None else b"\x07" * count
    w.raw(bytes(body))
    return w.to_bytes()


def steady_records(
    start: datetime,
    seconds: int,
    *,
    speed_m_s: float = 3.0,
    strides_per_min: float = 85.5,
    altitude_m=lambda i: 100.0,
    dynamics: bool = True,
) -> list[dict]:
    """One record a second at a steady pace; `altitude_m(i)` gives the altitude at second i."""
    whole = int(strides_per_min)
    records = []
    for i in range(seconds):
        record = {
            "timestamp": start + timedelta(seconds=i),
            "distance": speed_m_s * i,
            "enhanced_speed": speed_m_s,
            "enhanced_altitude": altitude_m(i),
            "cadence": whole,
            "fractional_cadence": strides_per_min - whole,
        }
        if dynamics:
            # Footfall to footfall: speed / steps per second, in mm.
            record["step_length"] = 1000 * speed_m_s / (2 * strides_per_min / 60)
            record["stance_time_balance"] = 50.8
        records.append(record)
    return records


def one_hour_run(start: datetime) -> bytes:
    """3,600 records of a one-hour run with running dynamics, over a 40 m rolling hill."""

    def rolling(i):
        # A 10-minute cycle: 5 minutes up 40 m (about 4.4 % at 3 m/s), 5 minutes down.
        phase = i % 600
        return 100.0 + (phase if phase < 300 else 600 - phase) * 40 / 300

    records = steady_records(start, 3600, altitude_m=rolling)
    return activity_file(records, session={"total_strides": round(3600 / 60 * 85.5)})
