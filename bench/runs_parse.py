"""Time to parse a one-hour FIT file (3,600 records) into a run: the parsing half of issue 16's
"parsed and stored in under 150 ms". Pure Python, no database.

The file is written by tests/runs/fitwriter.py (one record a second with distance, speed,
altitude, cadence, step length and ground contact balance, timer events, lap and session), as a
running watch with running dynamics records it. Prints the median of N parses and how long the
FIT SDK's decoding alone takes of it.

    make bench            # or: python bench/runs_parse.py [--repeat N]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from garmin_fit_sdk import Decoder, Stream

from apps.runs.parsing import parse
from tests.runs.fitwriter import one_hour_run

TARGET_MS = 100  # of the 150 ms for parse and store, parsing should take well under 100
# The hill rule to parse with: this bench reads no Django settings (which would start the
# database), so it states the rule it times, docs/domain.md's (settings.RUNS_HILL_*).
HILL_RULE = {"hill_grade_pct": 4.0, "hill_min_distance_m": 100.0}


def median_ms(function, repeat: int) -> float:
    function()  # warm up: imports, the SDK's profile tables
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def decode_only(data: bytes) -> None:
    """The SDK's part of apps/runs/parsing/fit.read(), with its options (the CRC is ours)."""
    Decoder(Stream.from_byte_array(bytearray(data))).read(
        enable_crc_check=False,
        convert_datetimes_to_dates=False,
        expand_components=False,
        merge_heart_rates=False,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    data = one_hour_run(datetime(2026, 5, 1, 6, tzinfo=UTC))
    run = parse("hour.fit", data, **HILL_RULE)
    parse_ms = median_ms(lambda: parse("hour.fit", data, **HILL_RULE), args.repeat)
    decode_ms = median_ms(lambda: decode_only(data), args.repeat)
    print(f"one-hour FIT file: {len(data) / 1024:.0f} KB, {run.elapsed_s + 1} records")
    # Shared cores: a load above the core count slows every figure below in proportion.
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores")
    print(
        f"parse: {parse_ms:.1f} ms median of {args.repeat} (FIT SDK decoding {decode_ms:.1f} ms, "
        f"our CRC check and figures {parse_ms - decode_ms:.1f} ms); target under {TARGET_MS} ms"
    )
    print(
        f"run: {run.distance_m / 1000:.2f} km, {run.moving_s / 60:.0f} min moving, "
        f"{run.steps} steps, {run.cadence_spm} steps/min, {len(run.climbs)} climbs "
        f"({run.climbing_s / 60:.0f} min)"
    )


if __name__ == "__main__":
    main()
