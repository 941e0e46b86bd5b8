"""Pearson's r and the critical value it must pass before a page words a pattern."""

import pytest

from apps.dashboard import correlation


@pytest.mark.parametrize(
    ("xs", "ys", "r"),
    [
        ([1, 2, 3, 4], [2, 4, 6, 8], 1.0),
        ([1, 2, 3, 4], [8, 6, 4, 2], -1.0),
        ([1, 2, 3, 4], [1, 3, 2, 4], 0.8),
        ([1, 1, 1], [1, 2, 3], None),  # no variation
        ([1], [2], None),
    ],
)
def test_pearson(xs, ys, r):
    result = correlation.pearson(xs, ys)

    assert result == (pytest.approx(r) if r is not None else None)


@pytest.mark.parametrize(
    ("df", "t"),
    # Student's t, 0.975 quantile, from the printed tables.
    [(1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (10, 2.228), (30, 2.042), (120, 1.980)],
)
def test_t_quantile_matches_the_printed_tables(df, t):
    assert correlation.t_quantile_975(df) == pytest.approx(t, abs=0.0005)


def test_t_quantile_tends_to_the_normal_one():
    assert correlation.t_quantile_975(10_000) == pytest.approx(1.960, abs=0.001)


@pytest.mark.parametrize(
    ("pairs", "critical"),
    # docs/domain.md, "Correlations": the two-sided 5 % critical values of r.
    [(6, 0.81), (8, 0.71), (10, 0.63), (15, 0.51), (20, 0.44), (30, 0.36)],
)
def test_critical_r_is_the_table_of_the_domain(pairs, critical):
    assert round(correlation.critical_r(pairs), 2) == critical


def test_the_critical_value_falls_as_the_weeks_add_up():
    values = [correlation.critical_r(pairs) for pairs in range(3, 200)]

    assert values == sorted(values, reverse=True)
    assert values[0] == pytest.approx(0.997, abs=0.001)  # 3 pairs: almost a straight line


def test_fewer_than_three_pairs_have_no_critical_value():
    with pytest.raises(ValueError, match="three pairs"):
        correlation.critical_r(2)


@pytest.mark.parametrize(
    ("r", "pairs", "is_pattern"),
    [(0.6, 6, False), (0.8, 6, False), (0.9, 6, True), (-0.9, 6, True), (0.6, 20, True)],
)
def test_a_pattern_is_a_correlation_past_its_critical_value(r, pairs, is_pattern):
    assert correlation.tested(r, pairs).is_pattern is is_pattern
