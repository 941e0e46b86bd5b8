from django import template

from apps.sitting.units import hours as minutes_in_words

register = template.Library()


@register.filter
def hours(minutes):
    """Minutes as "7 h 30 min", "45 min"."""
    return minutes_in_words(minutes)
