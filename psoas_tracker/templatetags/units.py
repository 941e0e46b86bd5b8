"""The units engine (psoas_tracker/units.py) for templates: `{% load units %}`, then
`{{ run.distance_m|distance:units }}` or `{% hill_rule units %}`, where `units` is the viewer's
choice (the context processor apps.accounts.context_processors.units puts it in every page)."""

from django import template
from django.conf import settings

from psoas_tracker import units as engine

register = template.Library()


@register.filter
def distance(metres, units):
    return engine.distance(metres, units)


@register.filter
def pace(seconds_per_km, units):
    return engine.pace(seconds_per_km, units)


@register.filter
def elevation(metres, units):
    return engine.elevation(metres, units)


@register.filter
def step_length(metres, units):
    return engine.step_length(metres, units)


@register.simple_tag
def hill_rule(units):
    """The hill rule of the settings (docs/domain.md), in words: "4 % or steeper over 100 m"."""
    return engine.hill_rule(settings.RUNS_HILL_GRADE_PCT, settings.RUNS_HILL_MIN_DISTANCE_M, units)
