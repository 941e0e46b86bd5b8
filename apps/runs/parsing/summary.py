"""The maths shared by the three formats: moving time, climbs, steps, cadence, step length.

Pure functions on a Track (apps/runs/parsing/core.py). The facts they follow are in
docs/domain.md, section 11: cadence is stored as strides per minute of one leg, so steps per
minute = 2 x strides; a hill is a grade of 4 % or more over at least 100 m; GPS altitude is noisy.
"""

import itertools
import statistics
from datetime import UTC, datetime

from apps.runs.parsing.core import (
    MAX_RUN_DISTANCE_M,
    MAX_RUN_ELAPSED_S,
    Climb,
    ParsedRun,
    Refused,
    Track,
)

STOPPED_SPEED_M_S = 0.5  # below this over the speed window the runner is standing, not moving
SPEED_WINDOW_S = 10.0  # speed is taken over ~10 s so that GPS jitter at a standstill is not motion
# Rises smaller than this on the smoothed profile are noise (docs/domain.md: under 2-3 m).
GAIN_THRESHOLD_BAROMETRIC_M = 2.0
GAIN_THRESHOLD_GPS_M = 3.0
CLIMB_STEP_M = 10.0  # the altitude profile is resampled every 10 m of distance to find climbs
CLIMB_SMOOTHING_BAROMETRIC_M = 30.0  # moving average over this much distance before grading
CLIMB_SMOOTHING_GPS_M = 100.0
CLIMB_MAX_GAP_M = 20.0  # a flatter bit this short does not end a climb
# Sustained speeds of a run, used only when the file does not say what the activity was. Walkers
# move at 1.2-1.7 m/s, the slowest joggers at about 2 m/s; nobody runs for long above ~6.5 m/s.
RUN_MIN_MEDIAN_SPEED_M_S = 1.8
RUN_MAX_MEDIAN_SPEED_M_S = 6.5
RIDE_SPEED_M_S = 8.0  # time moving above this (29 km/h) is on wheels
RIDE_MAX_SHARE = 0.1
# A run's cadence is rarely under this (steps a minute, both feet); a walk's is 100-130.
RUN_MIN_CADENCE_SPM = 140


def filled(values: list) -> list:
    """Each missing value replaced by the last one recorded (None before the first)."""
    out, last = [], None
    for value in values:
        if value is not None:
            last = value
        out.append(last)
    return out


def interval_speeds(track: Track) -> list[float | None]:
    """Speed in m/s of each interval k (sample k-1 to k) over a window of ~SPEED_WINDOW_S.

    None for k = 0, across a pause, or without distances. The window never crosses a pause.
    """
    times, n = track.times, len(track.times)
    distances = filled(track.distances_m)
    speeds: list[float | None] = [None] * n
    if not any(d is not None for d in distances):
        return speeds
    half = SPEED_WINDOW_S / 2
    segment_start = 0
    a = b = 0
    for k in range(1, n):
        if k in track.paused:
            segment_start = a = b = k
            continue
        if distances[k - 1] is None or times[k] <= times[k - 1]:
            continue
        centre = (times[k - 1] + times[k]) / 2
        a = max(a, segment_start)
        while a + 1 <= k - 1 and times[a + 1] <= centre - half:
            a += 1
        b = max(b, k)
        while b + 1 < n and b + 1 not in track.paused and times[b] < centre + half:
            b += 1
        speeds[k] = (distances[b] - distances[a]) / (times[b] - times[a])
    return speeds


def judge_unnamed_activity(
    track: Track, speeds: list[float | None], cadence_spm: float | None
) -> tuple[str, str]:
    """('running', why it may not be a run, or "") for a file that does not name its sport;
    Refused when every signal says it is not a run.

    Two signals: the time-weighted median moving speed (between a walk's and a ride's, and no
    more than a tenth of the moving time at wheel speeds), and the cadence where the file has
    one (a run's is rarely under RUN_MIN_CADENCE_SPM steps a minute). Wheel speeds refuse
    alone: a pedal's turns a minute, stored in the same field, read like a run's cadence.
    When speed and cadence disagree, the second string says how, for the runner to decide.
    The words name no unit: a refusal is stored, and read later in either units.
    """
    weighted = []
    for k, speed in enumerate(speeds):
        if speed is not None and speed >= STOPPED_SPEED_M_S:
            weighted.append((speed, track.times[k] - track.times[k - 1]))
    moving_s = sum(dt for _speed, dt in weighted)
    if not moving_s:
        raise Refused("not_a_run", "This file shows no movement, so it cannot be a run.")
    median = _weighted_median(weighted)
    fast_s = sum(dt for speed, dt in weighted if speed > RIDE_SPEED_M_S)
    if median > RUN_MAX_MEDIAN_SPEED_M_S or fast_s > RIDE_MAX_SHARE * moving_s:
        raise Refused(
            "not_a_run", "This looks like a ride, not a run: it moved faster than anyone runs."
        )
    run_cadence = cadence_spm is not None and cadence_spm >= RUN_MIN_CADENCE_SPM
    if median < RUN_MIN_MEDIAN_SPEED_M_S:
        if not run_cadence:
            raise Refused(
                "not_a_run",
                "This looks like a walk or a paddle, not a run: it moved slower than a jog.",
            )
        return "running", (
            f"It moved slower than a jog, but its cadence of {cadence_spm:.0f} steps a minute "
            "is a run's."
        )
    if cadence_spm is not None and not run_cadence:
        return "running", (
            f"It moved at a run's speed, but its cadence of {cadence_spm:.0f} steps a minute is "
            f"under the {RUN_MIN_CADENCE_SPM} a run rarely goes below: a walk, a ride or a "
            "paddle?"
        )
    return "running", ""


def _weighted_median(pairs: list[tuple[float, float]]) -> float:
    pairs = sorted(pairs)
    half, total = sum(w for _v, w in pairs) / 2, 0.0
    for value, weight in pairs:
        total += weight
        if total >= half:
            return value
    return pairs[-1][0]


def elevation_gain(altitudes: list[float | None], threshold_m: float) -> float | None:
    """Metres climbed, counting a rise only once it exceeds threshold_m (hysteresis)."""
    values = [a for a in altitudes if a is not None]
    if not values:
        return None
    gain, low, high = 0.0, values[0], values[0]
    climbing = False
    for altitude in values:
        if climbing:
            if altitude > high:
                gain += altitude - high
                high = altitude
            elif altitude < high - threshold_m:
                climbing, low = False, altitude
        elif altitude < low:
            low = altitude
        elif altitude > low + threshold_m:
            climbing, high = True, altitude
            gain += altitude - low
    return gain


def smoothed_profile(track: Track) -> tuple[list[float], list[float]]:
    """(times, altitudes) every CLIMB_STEP_M of distance, altitude smoothed over a moving window.

    The window is longer for GPS altitude; resampling by distance keeps a standstill from
    weighing more than the metres around it.
    """
    distances = filled(track.distances_m)
    points = [
        (t, d, h)
        for t, d, h in zip(track.times, distances, track.altitudes_m, strict=True)
        if d is not None and h is not None
    ]
    if len(points) < 2:
        return [], []
    grid_t, grid_h = _resample(points, CLIMB_STEP_M)
    smoothing_m = (
        CLIMB_SMOOTHING_BAROMETRIC_M if track.altitude_barometric else CLIMB_SMOOTHING_GPS_M
    )
    return grid_t, _moving_average(grid_h, round(smoothing_m / CLIMB_STEP_M / 2))


def find_climbs(
    grid_t: list[float], heights: list[float], start: float, grade_pct: float, min_distance_m: float
) -> tuple[Climb, ...]:
    """Stretches of at least min_distance_m at a grade of grade_pct or more, in time order.

    On the smoothed profile, steep steps are joined across flatter bits under CLIMB_MAX_GAP_M.
    """
    steep = [
        (heights[k + 1] - heights[k]) / CLIMB_STEP_M * 100 >= grade_pct
        for k in range(len(heights) - 1)
    ]
    climbs = []
    for first, last in _steep_runs(steep, heights, grade_pct):
        distance_m = (last - first) * CLIMB_STEP_M
        if distance_m < min_distance_m:
            continue
        gain_m = heights[last] - heights[first]
        climbs.append(
            Climb(
                start_offset_s=round(grid_t[first] - start),
                duration_s=round(grid_t[last] - grid_t[first]),
                distance_m=distance_m,
                gain_m=round(gain_m, 1),
                grade_pct=round(gain_m / distance_m * 100, 1),
            )
        )
    return tuple(climbs)


def _resample(points, step_m):
    grid_t, grid_h = [], []
    target = points[0][1]
    for (t0, d0, h0), (t1, d1, h1) in itertools.pairwise(points):
        if d1 <= d0:
            continue
        while target <= d1:
            f = min(max((target - d0) / (d1 - d0), 0.0), 1.0)
            grid_t.append(t0 + f * (t1 - t0))
            grid_h.append(h0 + f * (h1 - h0))
            target += step_m
    return grid_t, grid_h


def _moving_average(values: list[float], half_width: int) -> list[float]:
    if half_width < 1 or len(values) < 3:
        return values
    prefix = [0.0]
    for value in values:
        prefix.append(prefix[-1] + value)
    n = len(values)
    out = []
    for k in range(n):
        lo, hi = max(0, k - half_width), min(n, k + half_width + 1)
        out.append((prefix[hi] - prefix[lo]) / (hi - lo))
    return out


def _steep_runs(steep: list[bool], heights: list[float], grade_pct: float):
    """(first, last) grid indexes of each steep stretch, short flatter gaps joined."""
    runs: list[list[int]] = []
    k = 0
    while k < len(steep):
        if not steep[k]:
            k += 1
            continue
        first = k
        while k < len(steep) and steep[k]:
            k += 1
        if runs and (first - runs[-1][1]) * CLIMB_STEP_M <= CLIMB_MAX_GAP_M:
            joined_first = runs[-1][0]
            rise = heights[k] - heights[joined_first]
            if rise / ((k - joined_first) * CLIMB_STEP_M) * 100 >= grade_pct:
                runs[-1][1] = k
                continue
        runs.append([first, k])
    return [tuple(run) for run in runs]


def summarise(
    track: Track, *, sha256: str, hill_grade_pct: float, hill_min_distance_m: float
) -> ParsedRun:
    """The run's figures from a reader's Track; Refused when it is empty or not a run."""
    times = track.times
    if len(times) < 2 or times[-1] <= times[0]:
        raise Refused("empty", "This file holds no recorded run: it has fewer than two points.")
    _check_plausible(track)
    speeds = interval_speeds(track)
    start = track.start_time if track.start_time is not None else times[0]
    has_distance = any(s is not None for s in speeds)

    active, moving = [False] * len(times), [False] * len(times)
    for k in range(1, len(times)):
        if k in track.paused or times[k] <= times[k - 1]:
            continue
        active[k] = True
        moving[k] = speeds[k] >= STOPPED_SPEED_M_S if has_distance and speeds[k] else False
    if not has_distance:
        moving = active
    moving_s = sum(times[k] - times[k - 1] for k in range(1, len(times)) if moving[k])
    if track.timer_s:
        moving_s = min(moving_s, track.timer_s)

    elapsed_s = track.elapsed_s if track.elapsed_s is not None else times[-1] - start
    distances = filled(track.distances_m)
    distance_m = track.distance_m if track.distance_m is not None else distances[-1]

    grid_t, heights = smoothed_profile(track)
    if track.ascent_m is not None:
        gain_m, elevation_source = track.ascent_m, "device"  # the watch's own, barometric if any
    elif heights:
        barometric = track.altitude_barometric
        threshold = GAIN_THRESHOLD_BAROMETRIC_M if barometric else GAIN_THRESHOLD_GPS_M
        gain_m = elevation_gain(heights, threshold)
        elevation_source = "barometric" if barometric else "gps"
    else:
        gain_m, elevation_source = None, ""
    climbs = find_climbs(grid_t, heights, start, hill_grade_pct, hill_min_distance_m)
    stride = _stride_figures(track, active, moving, distances)
    sport, doubt = track.sport, ""
    if not sport:
        sport, doubt = judge_unnamed_activity(track, speeds, stride["cadence_spm"])

    return ParsedRun(
        sport=sport,
        started_at=datetime.fromtimestamp(start, UTC),
        elapsed_s=round(elapsed_s),
        moving_s=round(moving_s),
        distance_m=None if distance_m is None else round(float(distance_m), 1),
        elevation_gain_m=None if gain_m is None else round(float(gain_m), 1),
        climbing_s=sum(c.duration_s for c in climbs),
        climbs=climbs,
        device=track.device,
        fmt=track.fmt,
        sha256=sha256,
        elevation_source=elevation_source,
        doubt=doubt,
        **stride,
    )


def _check_plausible(track: Track) -> None:
    """Refuse spans no run has: they come from damaged files and would only waste the worker."""
    days = (track.times[-1] - track.times[0]) / 86400
    if days * 86400 > MAX_RUN_ELAPSED_S:
        raise Refused(
            "corrupt", f"This file's times span {days:,.0f} days, not one run: it looks damaged."
        )
    distances = [d for d in track.distances_m if d is not None] + [track.distance_m or 0.0]
    if max(distances) > MAX_RUN_DISTANCE_M or min(distances) < 0:
        raise Refused("corrupt", "This file's distances are not a run's: it looks damaged.")


def _stride_figures(track: Track, active, moving, distances) -> dict:
    """Steps, cadence (steps/min while moving), step length (m) and contact balance (% left)."""
    times, strides = track.times, track.strides_per_min
    steps = 0.0
    moving_steps = moving_minutes = moving_distance = 0.0
    lengths_mm = lengths_s = 0.0
    for k in range(1, len(times)):
        if not active[k]:
            continue
        minutes = (times[k] - times[k - 1]) / 60
        stride_rate = strides[k] if strides[k] is not None else strides[k - 1]
        if stride_rate and stride_rate > 0:
            k_steps = 2 * stride_rate * minutes  # both feet: 2 steps a stride
            steps += k_steps
            if moving[k]:
                moving_steps += k_steps
                moving_minutes += minutes
                if distances[k] is not None and distances[k - 1] is not None:
                    moving_distance += distances[k] - distances[k - 1]
        length = track.step_lengths_mm[k]
        if moving[k] and length:
            lengths_mm += length * minutes
            lengths_s += minutes
    has_cadence = moving_minutes > 0
    if track.total_strides:
        steps = 2 * track.total_strides  # the watch's own count of strides, both feet
    if lengths_s:
        step_length_m = lengths_mm / lengths_s / 1000
    elif has_cadence and moving_distance > 0:
        step_length_m = moving_distance / moving_steps
    else:
        step_length_m = None
    balances = [b for b in track.balances_left_pct if b and 0 < b < 100]
    return {
        "steps": round(steps) if has_cadence or track.total_strides else None,
        "cadence_spm": round(moving_steps / moving_minutes, 1) if has_cadence else None,
        "step_length_m": None if step_length_m is None else round(step_length_m, 3),
        "gct_balance_left_pct": round(statistics.fmean(balances), 2) if balances else None,
    }
