"""Minutes in words, one way everywhere: "7 h 30 min", "7 h", "45 min"."""


def hours(minutes) -> str:
    if minutes is None:
        return "-"
    whole, rest = divmod(round(minutes), 60)
    if not whole:
        return f"{rest} min"
    return f"{whole} h {rest} min" if rest else f"{whole} h"
