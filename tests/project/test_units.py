"""The units engine (psoas_tracker/units.py): a table of cases, the rounding at the edges among
them, and the browser's locale read from Accept-Language."""

import pytest

from psoas_tracker import units

KM, MI = "km", "mi"


@pytest.mark.parametrize(
    ("metres", "system", "text"),
    [
        (4835, MI, "3.00 mi"),  # the case
        (4835, KM, "4.84 km"),  # half up: the float 4.835 lies just under it
        (4994.9, KM, "4.99 km"),
        (4995, KM, "5.00 km"),
        (1609.344, MI, "1.00 mi"),
        (8039.8, MI, "5.00 mi"),  # 4.99577 mi
        (42195, KM, "42.20 km"),  # 42.195: half up
        (42195, MI, "26.22 mi"),
        (0, MI, "0.00 mi"),
        (1_000_000, KM, "1,000.00 km"),
        (None, MI, "\u2013"),
    ],
)
def test_distance(metres, system, text):
    assert units.distance(metres, system) == text


@pytest.mark.parametrize(
    ("seconds_per_km", "system", "text"),
    [
        (300, MI, "8:03 /mi"),  # the case: 482.8 s a mile
        (300, KM, "5:00 /km"),
        (299.5, KM, "5:00 /km"),  # half up, and never 4:60
        (299.4, KM, "4:59 /km"),
        (300.5, KM, "5:01 /km"),  # half up, where round() would give 5:00 (half to even)
        (372.82, MI, "10:00 /mi"),  # 599.997 s
        (2400, KM, "40:00 /km"),
        (2400, MI, "1:04:22 /mi"),
        (None, MI, "\u2013"),
        (0, KM, "\u2013"),
    ],
)
def test_pace(seconds_per_km, system, text):
    assert units.pace(seconds_per_km, system) == text


@pytest.mark.parametrize(
    ("low", "high", "system", "text"),
    [
        (330, 360, KM, "5:30\u20136:00 /km"),
        (330, 360, MI, "8:51\u20139:39 /mi"),
    ],
)
def test_pace_band_stays_a_km_and_only_its_words_convert(low, high, system, text):
    assert units.pace_range(low, high, system) == text


@pytest.mark.parametrize(
    ("function", "metres", "system", "text"),
    [
        (units.elevation, 64, KM, "64 m"),
        (units.elevation, 64, MI, "210 ft"),  # 209.97
        (units.elevation, 25.2, MI, "83 ft"),
        (units.elevation, 0.5, KM, "1 m"),  # half up
        (units.elevation, 1234.4, KM, "1,234 m"),
        (units.elevation, None, MI, "\u2013"),
        (units.length, 100, MI, "330 ft"),  # to ten feet: 328
        (units.length, 420.4, MI, "1,380 ft"),
        (units.length, 420.4, KM, "420 m"),
        (units.step_length, 1.05, KM, "105 cm"),
        (units.step_length, 1.05, MI, "41.3 in"),
        (units.step_length, 1.125, KM, "113 cm"),  # half up
        (units.step_length, 0.0254 * 40.05, MI, "40.1 in"),  # half up on 40.05
        (units.step_length, None, KM, "\u2013"),
    ],
)
def test_heights_and_lengths(function, metres, system, text):
    assert function(metres, system) == text


def test_the_hill_rule_stays_in_metres_and_says_feet_beside_them():
    assert units.hill_rule(4.0, 100.0, KM) == "4 % or steeper over 100 m"
    assert units.hill_rule(4.0, 100.0, MI) == "4 % or steeper over 100 m (330 ft)"


def test_the_flat_run_threshold_in_words():
    assert units.climb_rate(10, KM) == "10 m a km"
    assert units.climb_rate(10, MI) == "53 ft a mile"  # 52.8


def test_a_chart_takes_step_lengths_in_the_readers_unit():
    assert units.step_length_in(1.05, KM) == pytest.approx(105)
    assert units.step_length_in(1.05, MI) == pytest.approx(41.34, abs=0.01)
    assert units.step_length_unit_name(MI) == "inches"


@pytest.mark.parametrize(
    ("header", "system"),
    [
        ("en-US,en;q=0.9", MI),
        ("en-GB", MI),  # UK roads and runners' mileage: miles (README, "Units")
        ("my-MM", MI),
        ("en-LR", MI),
        ("en-us", MI),  # case does not matter
        ("de-DE,de;q=0.9,en-US;q=0.8", KM),  # the most preferred region decides
        ("en,en-US;q=0.9", MI),  # "en" names no country: the next tag does
        ("fr-CA;q=0.5,en-US;q=0.8", MI),  # by q, not by order
        ("en-US;q=0,fr-FR", KM),  # q=0: not acceptable
        ("zh-Hant-TW", KM),
        ("es-419", KM),
        ("en", KM),
        ("*", KM),
        ("", KM),
        (None, KM),
        ("en-US;q=junk", KM),
    ],
)
def test_the_default_from_accept_language(header, system):
    assert units.from_accept_language(header) == system
