"""Kilometres or miles: the one place where a figure stored in SI (metres, seconds a km) becomes
what a runner reads in the units they chose (accounts.Profile.units). Pure functions on numbers,
no ORM and no request; the templates reach them through psoas_tracker/templatetags/units.py.

Rounding is half up on the decimal a person reads (4.835 km is 4.84 km, where the float 4.835,
0.00000000000000017 short of it, would round down), and a pace of 4:59.5 is 5:00, never 4:60.
Rules defined in SI (the hill rule, the pace bands, the flat-run threshold) stay so: only their
wording converts.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

METRES_PER_KM = 1000.0
METRES_PER_MILE = 1609.344
METRES_PER_FOOT = 0.3048
METRES_PER_INCH = 0.0254
NONE = "\u2013"  # an en dash: no figure

# Where road distances are in miles, by the region of a language tag (en-US, my-MM): the United
# States, Liberia and Myanmar, and the United Kingdom, whose roads, races' miles and most
# runners' weekly "mileage" are in miles too. Anyone may choose otherwise at sign-up or later.
MILE_REGIONS = frozenset({"US", "LR", "MM", "GB"})


class Units(models.TextChoices):
    KILOMETRES = "km", "Kilometres: km, metres and centimetres"
    MILES = "mi", "Miles: mi, feet and inches"


def _half_up(value: float, places: int = 0) -> Decimal:
    """`value` rounded half up to `places` decimals, from its shortest decimal form."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _whole(value: float, step: int = 1) -> str:
    """A whole number (to the nearest `step`) with thousands separators: "1,380"."""
    return f"{int(_half_up(value / step)) * step:,}"


def is_miles(units: str) -> bool:
    return units == Units.MILES


# Distance -----------------------------------------------------------------------------------


def distance_in(metres: float, units: str) -> float:
    """Metres as kilometres or miles."""
    return metres / (METRES_PER_MILE if is_miles(units) else METRES_PER_KM)


def distance_unit(units: str) -> str:
    return "mi" if is_miles(units) else "km"


def distance(metres: float | None, units: str) -> str:
    """A run's distance, to the hundredth: "4.84 km", "3.00 mi"."""
    if metres is None:
        return NONE
    return f"{_half_up(distance_in(metres, units), 2):,} {distance_unit(units)}"


# Pace ---------------------------------------------------------------------------------------


def clock(seconds: float | None) -> str:
    """A duration to the second, half up: "8:03", "1:02:09"."""
    if seconds is None:
        return NONE
    hours, rest = divmod(int(_half_up(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def pace_in(seconds_per_km: float, units: str) -> float:
    """Seconds a km as seconds a km or a mile."""
    return seconds_per_km * (METRES_PER_MILE / METRES_PER_KM if is_miles(units) else 1)


def pace_unit(units: str) -> str:
    return "/mi" if is_miles(units) else "/km"


def pace(seconds_per_km: float | None, units: str) -> str:
    """Minutes a km or a mile: "5:00 /km", "8:03 /mi"."""
    if not seconds_per_km:
        return NONE
    return f"{clock(pace_in(seconds_per_km, units))} {pace_unit(units)}"


def pace_range(low_seconds_per_km: float, high_seconds_per_km: float, units: str) -> str:
    """A band of paces defined a km, in the runner's units: "5:30-6:00 /km", "8:51-9:39 /mi"."""
    low, high = (
        clock(pace_in(value, units)) for value in (low_seconds_per_km, high_seconds_per_km)
    )
    return f"{low}\u2013{high} {pace_unit(units)}"


# Heights and short lengths ------------------------------------------------------------------


def elevation(metres: float | None, units: str) -> str:
    """A height climbed, to the metre or the foot: "64 m", "210 ft"."""
    if metres is None:
        return NONE
    if is_miles(units):
        return f"{_whole(metres / METRES_PER_FOOT)} ft"
    return f"{_whole(metres)} m"


def length(metres: float | None, units: str) -> str:
    """A length along the ground (a climb), to the metre or to ten feet: "420 m", "1,380 ft"."""
    if metres is None:
        return NONE
    if is_miles(units):
        return f"{_whole(metres / METRES_PER_FOOT, 10)} ft"
    return f"{_whole(metres)} m"


def step_length_in(metres: float, units: str) -> float:
    """A step length as centimetres or inches (a chart's values)."""
    return metres / (METRES_PER_INCH if is_miles(units) else 0.01)


def step_length_unit_name(units: str) -> str:
    return "inches" if is_miles(units) else "centimetres"


def step_length(metres: float | None, units: str) -> str:
    """A step, to the centimetre or the tenth of an inch: "105 cm", "41.3 in"."""
    if metres is None:
        return NONE
    if is_miles(units):
        return f"{_half_up(step_length_in(metres, units), 1)} in"
    return f"{_whole(step_length_in(metres, units))} cm"


def climb_rate(metres_per_km: float, units: str) -> str:
    """Height a distance, for the flat-run threshold: "10 m a km", "53 ft a mile"."""
    if is_miles(units):
        feet_per_mile = metres_per_km / METRES_PER_FOOT * METRES_PER_MILE / METRES_PER_KM
        return f"{_whole(feet_per_mile)} ft a mile"
    return f"{metres_per_km:g} m a km"


def hill_rule(grade_pct: float, min_distance_m: float, units: str) -> str:
    """The hill rule, defined in metres, in words: "4 % or steeper over 100 m", and for miles
    with its length in feet beside it: "4 % or steeper over 100 m (330 ft)"."""
    rule = f"{grade_pct:g} % or steeper over {min_distance_m:g} m"
    return f"{rule} ({length(min_distance_m, units)})" if is_miles(units) else rule


# The browser's locale -----------------------------------------------------------------------


def from_accept_language(header: str | None) -> str:
    """Miles when the most preferred language tag that names a region names a mile region
    (MILE_REGIONS: "en-US", "en-GB;q=0.9"), else kilometres (a tag without a region, "en" or
    "fr", says nothing of the country)."""
    for tag in _tags_by_preference(header or ""):
        region = _region(tag)
        if region:
            return Units.MILES if region in MILE_REGIONS else Units.KILOMETRES
    return Units.KILOMETRES


def _tags_by_preference(header: str) -> list[str]:
    weighted = []
    for position, item in enumerate(header.split(",")[:20]):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _quality, _position, tag in sorted(weighted)]


def _region(tag: str) -> str:
    """The region subtag of a BCP 47 tag ("en-US" -> "US", "zh-Hant-TW" -> "TW"), or ""."""
    for subtag in tag.replace("_", "-").split("-")[1:]:
        if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            return subtag.upper()
        if len(subtag) > 4:  # a variant or an extension: no region came before it
            break
    return ""
