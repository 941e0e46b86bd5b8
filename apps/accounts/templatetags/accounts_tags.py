from django import template

register = template.Library()


@register.filter
def minutes(duration):
    """A timedelta in whole minutes: "15 minutes"."""
    count = int(duration.total_seconds() // 60)
    return f"{count} minute{'s' if count != 1 else ''}"
