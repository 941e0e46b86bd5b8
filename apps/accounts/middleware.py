import zoneinfo

from django.utils import timezone

SESSION_KEY = "timezone"


def remember_timezone(request, name: str) -> None:
    request.session[SESSION_KEY] = name


class TimezoneMiddleware:
    """Show times in the user's own time zone, kept in the session so pages need no extra query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = None
        if request.user.is_authenticated:
            name = request.session.get(SESSION_KEY)
            if name is None:
                name = request.user.profile.timezone
                remember_timezone(request, name)
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        return self.get_response(request)
