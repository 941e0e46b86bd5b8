from django import template

register = template.Library()


@register.filter
def hours(minutes):
    """Minutes as "7 h 30 min", "45 min", "0 min"."""
    if minutes is None:
        return "-"
    whole, rest = divmod(int(minutes), 60)
    if not whole:
        return f"{rest} min"
    return f"{whole} h {rest} min" if rest else f"{whole} h"
