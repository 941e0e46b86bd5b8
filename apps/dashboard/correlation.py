"""When may a page say two weekly series move together? Pearson's r, the critical value it must
pass for its number of pairs (two-sided 5 %), and the words for both sides of it: pure functions
on numbers (docs/domain.md, "Correlations"). Shared by the sitting and the runs insights."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

NO_PATTERN_YET = "no clear pattern yet"


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when there are fewer than two pairs or a series does not vary."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def _t_central_probability(theta: float, df: int) -> float:
    """P(-t < T < t) for Student's t with a whole number df of degrees of freedom, where
    t = sqrt(df) * tan(theta): the exact finite series (Abramowitz & Stegun 26.7.3, 26.7.4)."""
    cos2 = math.cos(theta) ** 2
    if df % 2 == 0:
        term = total = 1.0
        for j in range(1, df // 2):
            term *= (2 * j - 1) / (2 * j) * cos2
            total += term
        return math.sin(theta) * total
    term = total = math.cos(theta) if df > 1 else 0.0
    for j in range(1, (df - 1) // 2):
        term *= 2 * j / (2 * j + 1) * cos2
        total += term
    return 2 / math.pi * (theta + math.sin(theta) * total)


def t_quantile_975(df: int) -> float:
    """The 0.975 quantile of Student's t with df degrees of freedom (12.71 for 1, 2.78 for 4,
    towards 1.96 as df grows), by bisection on the exact distribution."""
    if df < 1:
        raise ValueError("Student's t needs at least one degree of freedom")
    low, high = 0.0, math.pi / 2
    for _ in range(40):  # halves the interval of pi/2 down to about 1e-12
        middle = (low + high) / 2
        if _t_central_probability(middle, df) < 0.95:
            low = middle
        else:
            high = middle
    return math.sqrt(df) * math.tan((low + high) / 2)


def critical_r(pairs: int) -> float:
    """The |r| that n pairs must pass to differ from no correlation at two-sided 5 %:
    t / sqrt(t^2 + n - 2), t the 0.975 quantile of Student's t with n - 2 degrees of freedom
    (6 pairs: 0.81, 10: 0.63, 30: 0.36)."""
    if pairs < 3:
        raise ValueError("a correlation test needs at least three pairs")
    t = t_quantile_975(pairs - 2)
    return t / math.sqrt(t * t + pairs - 2)


@dataclass(frozen=True)
class Tested:
    """r of `pairs` pairs beside the critical value it must pass (critical_r)."""

    r: float
    pairs: int
    critical: float

    @property
    def is_pattern(self) -> bool:
        """Only a correlation past its critical value may be worded as things moving together."""
        return abs(self.r) > self.critical


def tested(r: float, pairs: int) -> Tested:
    return Tested(r, pairs, critical_r(pairs))


def strength(r: float) -> str:
    """Conventional words for the size of a correlation that passed its critical value."""
    size = abs(r)
    if size < 0.4:
        return "a weak"
    if size < 0.7:
        return "a moderate"
    return "a strong"


def r_text(r: float) -> str:
    """r to two places, never "-0.00"."""
    return f"{round(r, 2) + 0.0:.2f}"


def _needs(test: Tested, unit: str) -> str:
    return f"{test.pairs} {unit} a pattern needs r beyond ±{test.critical:.2f}"


def no_pattern_yet(subject: str, test: Tested, unit: str) -> str:
    """The words for a correlation below its critical value, r and n after them: "Sitting and
    your hip angle: no clear pattern yet (6 weeks). With 6 weeks a pattern needs r beyond
    ±0.81; here r = 0.60." unit: what a pair is ("weeks", "pairs of weeks")."""
    return (
        f"{subject}: {NO_PATTERN_YET} ({test.pairs} {unit}). With {_needs(test, unit)}; "
        f"here r = {r_text(test.r)}."
    )


def pattern(finding: str, test: Tested, unit: str, *, sign: bool = False) -> str:
    """The words for a correlation that passed: what moved with what, its size, then r and n:
    "Over 6 weeks, weeks with more sitting went with your thigh resting higher in the test: a
    strong correlation (r = 0.90; with 6 weeks a pattern needs r beyond ±0.81)." sign: say
    "positive" or "negative" before "correlation"."""
    direction = (" positive" if test.r > 0 else " negative") if sign else ""
    return (
        f"{finding}: {strength(test.r)}{direction} correlation "
        f"(r = {r_text(test.r)}; with {_needs(test, unit)})."
    )


def plain_sentence(
    subject: str, r: float | None, pairs: int, *, min_pairs: int, higher: str, lower: str
) -> str:
    """The one sentence under a chart, with no statistics (those go in a details element):
    "No clear pattern yet between your sitting and your hip angle." `higher` / `lower`: what
    moved together when r passes its critical value, positive or negative."""
    if pairs < min_pairs:
        return f"Too early to tell: {pairs} of the {min_pairs} weeks needed so far."
    if r is None:
        return f"Nothing to compare yet: {subject} did not change at all."
    if not tested(r, pairs).is_pattern:
        return f"No clear pattern yet between {subject}."
    return f"{higher if r > 0 else lower}: a pattern, not a cause."
