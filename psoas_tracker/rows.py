"""Helpers for views that build table rows by the dozen or hundred."""

from django.urls import reverse

# English month abbreviations, as the pages' "j M" dates show them: a table of hundreds of rows
# formats its dates here rather than through the date filter or the locale-dependent strftime.
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def url_maker(name):
    """A fast reverse() for one route with one integer argument, for rows of a table.

    reverse() costs tens of microseconds; a table of 50 rows with three links each would
    spend milliseconds on it. This reverses once and fills in each row's number.
    """
    sentinel = 2_000_000_001
    prefix, suffix = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda value: f"{prefix}{value}{suffix}"
