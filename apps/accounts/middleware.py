import zoneinfo

from django.utils import timezone


class TimezoneMiddleware:
    """Show times in the user's own time zone. The profile comes with the user in the one query
    that loads them (backends.EmailBackend), so this reads no more, and a change (or an import)
    shows on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(request.user.profile.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)
