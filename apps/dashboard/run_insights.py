"""The stride beside the hip, week by week: pure functions on numbers (no ORM, no request).

Two pairs are put side by side (docs/domain.md, "Runs from a watch"):
- the left/right hip imbalance (left minus right, degrees) and the ground contact time balance
  of flat runs (% of contact time on the left foot): hills pull the balance off 50/50;
- the hip angle (mean of both legs; higher is tighter) and the step length of runs at one pace
  band: step length grows with pace, so only runs at a comparable pace are compared.
Both are correlations of weekly levels, worded as things that moved together only when r passes
its critical value for the number of weeks (correlation.py), "no clear pattern yet" below it: a
difference in contact time or step length has many causes, and none of this is a diagnosis.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from apps.dashboard import correlation
from apps.dashboard.insights import MIN_WEEKS, TABLE_BY_MONTH_AFTER_WEEKS
from apps.runs.models import FLAT_GAIN_M_PER_KM, PACE_BAND_SECONDS
from apps.runs.presenting import GCT_EVEN, NONE
from psoas_tracker import charts
from psoas_tracker import units as u

BY_MONTH_AFTER_WEEKS = TABLE_BY_MONTH_AFTER_WEEKS

CAUTION = (
    "Even a watch figure that moves with a hip result is a correlation, not an explanation: "
    "contact time and step length also change with shoes, tiredness, the surface, the camber of "
    "the road and old injuries. None of this is a diagnosis; if one side hurts or keeps "
    "pulling, show these weeks to your physio."
)


@dataclass(frozen=True)
class GaitWeek:
    """One week (Monday) with whatever it has: a test (main instrument) and runs."""

    week_start: date
    hip_angle: float | None = None  # mean of left and right, degrees (higher is tighter)
    hip_imbalance: float | None = None  # left minus right, degrees (above 0 the left is tighter)
    step_length_m: float | None = None  # mean of the week's runs in the pace band
    gct_left_pct: float | None = None  # mean of the week's flat runs with the figure


def pace_band_label(band: int, units: str) -> str:
    """Band n holds paces from n x 30 s up to (n + 1) x 30 s a km: "5:30-6:00 /km"; the band
    stays defined a km, its words follow the reader's units ("8:51-9:39 /mi")."""
    low = band * PACE_BAND_SECONDS
    return u.pace_range(low, low + PACE_BAND_SECONDS, units)


def merge(hips: dict, gait: dict) -> list[GaitWeek]:
    """hips: week -> (mean left, mean right); gait: week -> (step length, contact balance).
    Weeks with either from the first week with runs on, oldest first (tests from before the
    watch have nothing to stand beside)."""
    first = min(gait, default=None)
    weeks = []
    for week in sorted(week for week in hips.keys() | gait.keys() if first and week >= first):
        left, right = hips.get(week, (None, None))
        step, gct = gait.get(week, (None, None))
        weeks.append(
            GaitWeek(
                week,
                hip_angle=None if left is None else (left + right) / 2,
                hip_imbalance=None if left is None else left - right,
                step_length_m=step,
                gct_left_pct=gct,
            )
        )
    return weeks


def _pairs(weeks, x_of, y_of):
    pairs = [(x_of(week), y_of(week)) for week in weeks]
    return [(x, y) for x, y in pairs if x is not None and y is not None]


def _not_enough(pairs: int, needs: str) -> str:
    return (
        f"Not enough data yet: this needs at least {MIN_WEEKS} weeks with both a test and "
        f"{needs} ({pairs} so far)."
    )


DRIFT_NOTE = (
    " Two things that both drift over the months correlate through time alone, so treat this "
    "as a hint to watch, not a finding."
)


def describe_balance(weeks: Sequence[GaitWeek]) -> str:
    """Hip imbalance against contact balance, in words a runner and a physio both accept: a
    pattern only past the critical value of r for the number of weeks."""
    pairs = _pairs(weeks, lambda w: w.hip_imbalance, lambda w: w.gct_left_pct)
    needs = "a flat run with ground contact balance"
    if len(pairs) < MIN_WEEKS:
        return _not_enough(len(pairs), needs)
    r = correlation.pearson([x for x, _ in pairs], [y for _, y in pairs])
    if r is None:
        return (
            f"Over {len(pairs)} weeks, your hip imbalance or your contact balance did not change "
            "at all, so there is nothing to compare yet."
        )
    test = correlation.tested(r, len(pairs))
    if not test.is_pattern:
        return correlation.no_pattern_yet(
            "Your hip imbalance and your ground contact balance", test, "weeks"
        )
    share = "larger" if r > 0 else "smaller"
    finding = (
        f"Over {len(pairs)} weeks, in weeks when your left hip tested tighter relative to the "
        f"right, your left foot tended to stay on the ground a {share} share of the time"
    )
    return correlation.pattern(finding, test, "weeks") + DRIFT_NOTE


def plain_balance(weeks: Sequence[GaitWeek]) -> str:
    """describe_balance in one plain sentence, without the statistics."""
    return _plain(
        _pairs(weeks, lambda w: w.hip_imbalance, lambda w: w.gct_left_pct),
        "your hip imbalance and your ground contact balance",
        higher="When your left hip tested tighter, your left foot stayed down longer",
        lower="When your left hip tested tighter, your left foot stayed down for less",
    )


def plain_stride(weeks: Sequence[GaitWeek], band: int | None) -> str:
    """describe_stride in one plain sentence, without the statistics."""
    if band is None:
        return "No step length yet: it needs a watch that counts steps."
    return _plain(
        _pairs(weeks, lambda w: w.hip_angle, lambda w: w.step_length_m),
        "your hip angle and your step length",
        higher="Weeks with your thigh resting higher went with longer steps",
        lower="Weeks with your thigh resting higher went with shorter steps",
    )


def _plain(pairs, subject: str, *, higher: str, lower: str) -> str:
    """The plain sentence of the correlation of these (x, y) pairs (correlation.plain_sentence)."""
    r = correlation.pearson([x for x, _ in pairs], [y for _, y in pairs])
    return correlation.plain_sentence(
        subject, r, len(pairs), min_pairs=MIN_WEEKS, higher=higher, lower=lower
    )


def describe_stride(weeks: Sequence[GaitWeek], band: int | None, units: str) -> str:
    """Hip angle against step length at one pace band: a pattern only past the critical value
    of r for the number of weeks."""
    if band is None:
        return (
            "None of your runs has a step length yet: it comes from a watch that counts steps "
            "(cadence) and a distance."
        )
    pace = pace_band_label(band, units)
    pairs = _pairs(weeks, lambda w: w.hip_angle, lambda w: w.step_length_m)
    if len(pairs) < MIN_WEEKS:
        return _not_enough(len(pairs), f"a run at {pace}, your most common pace")
    r = correlation.pearson([x for x, _ in pairs], [y for _, y in pairs])
    if r is None:
        return (
            f"Over {len(pairs)} weeks, your hip angle or your step length at {pace} did not "
            "change at all, so there is nothing to compare yet."
        )
    # 5:30 and 6:00 /km still differ by about 8 % in speed: a similar pace, not the same one.
    similar = f"At a similar pace (runs at {pace}, your most common)"
    test = correlation.tested(r, len(pairs))
    if not test.is_pattern:
        return correlation.no_pattern_yet(
            f"{similar}, your hip angle and your step length", test, "weeks"
        )
    steps = "longer" if r > 0 else "shorter"
    finding = (
        f"{similar}, over {len(pairs)} weeks, weeks with your thigh resting higher in the test "
        f"went with {steps} steps"
    )
    return correlation.pattern(finding, test, "weeks") + DRIFT_NOTE


def monthly(weeks: Sequence[GaitWeek]) -> list[GaitWeek]:
    """Monthly means of each figure over the weeks that have it, dated the 1st."""
    months: dict[date, list[GaitWeek]] = {}
    for week in weeks:
        months.setdefault(week.week_start.replace(day=1), []).append(week)

    def mean(group, name):
        values = [getattr(week, name) for week in group if getattr(week, name) is not None]
        return sum(values) / len(values) if values else None

    return [
        GaitWeek(
            month,
            **{
                name: mean(group, name)
                for name in ("hip_angle", "hip_imbalance", "step_length_m", "gct_left_pct")
            },
        )
        for month, group in sorted(months.items())
    ]


@dataclass(frozen=True)
class Row:
    label: str
    imbalance: str
    gct: str
    hip: str
    step: str


def table(points: Sequence[GaitWeek], *, by_month: bool, units: str) -> list[Row]:
    """Rows newest first, each figure formatted once here, a dash where a week has none."""

    def fmt(value, pattern):
        return NONE if value is None else pattern.format(value)

    return [
        Row(
            f"{week.week_start:%B %Y}" if by_month else f"{week.week_start:%-d %b %Y}",
            fmt(week.hip_imbalance, "{:+.1f}°"),
            fmt(week.gct_left_pct, "{:.1f} % L"),
            fmt(week.hip_angle, "{:+.1f}°"),
            u.step_length(week.step_length_m, units),
        )
        for week in reversed(points)
    ]


def timeline(
    points: Sequence[GaitWeek],
    *,
    start: date,
    end: date,
    by_month: bool,
    hip_threshold: float,
    band: int | None,
    units: str,
) -> list[charts.Chart]:
    """Hip imbalance, contact balance and step length on one time axis, each its own chart
    (two scales on one chart invite reading a crossing as meaning something). A chart whose
    figure no week has is left out."""
    note = " Each point is the mean of one month's weeks." if by_month else ""

    def day_of(week):
        return week.week_start + timedelta(days=14 if by_month else 3)

    def series(key, label, value_of):
        return charts.Series(
            key,
            label,
            [
                charts.Point(day_of(week), value_of(week), "")
                for week in points
                if value_of(week) is not None
            ],
        )

    built = [
        charts.build_chart(
            title="Hip imbalance, week by week: above 0 the left is tighter",
            description=f"Left minus right hip angle in degrees, from your tests; inside the "
            f"±{hip_threshold:g}° band the difference is within measurement error.{note}",
            series=[series("imbalance", "Left minus right", lambda w: w.hip_imbalance)],
            start=start,
            end=end,
            reference_lines=[charts.ReferenceLine(0, "even")],
            band=(-hip_threshold, hip_threshold, f"±{hip_threshold:g}°"),
        ),
        charts.build_chart(  # flat by the rule defined a km, worded in the reader's units
            title="Ground contact balance on flat runs: above 50 % the left foot stays down longer",
            description=f"Share of ground contact time on the left foot, week by week, from "
            f"runs climbing under {u.climb_rate(FLAT_GAIN_M_PER_KM, units)}; the band is "
            f"Garmin's even zone, 50 ± {GCT_EVEN:g} %.{note}",
            series=[series("gct", "Left foot", lambda w: w.gct_left_pct)],
            start=start,
            end=end,
            reference_lines=[charts.ReferenceLine(50, "even")],
            band=(50 - GCT_EVEN, 50 + GCT_EVEN, f"50 ± {GCT_EVEN:g} %"),
            unit=" %",
        ),
    ]
    if band is not None:
        in_units = u.step_length_unit_name(units)
        built.append(
            charts.build_chart(
                title=f"Step length in {in_units}, at {pace_band_label(band, units)}",
                description=f"Mean step length in {in_units}, week by week, of the runs at "
                f"{pace_band_label(band, units)} only: step length grows with pace.{note}",
                series=[
                    series(
                        "step",
                        "Step length",
                        lambda w: (
                            None
                            if w.step_length_m is None
                            else u.step_length_in(w.step_length_m, units)
                        ),
                    )
                ],
                start=start,
                end=end,
                unit="",
            )
        )
    return [chart for chart in built if not chart.is_empty]
