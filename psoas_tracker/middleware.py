"""Request limits that must act before anything reads the request body, and the caching rule of
every page a signed-in person sees."""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader


def max_body_bytes(limit: int):
    """Lets a view take a larger request body than settings.MAX_REQUEST_BODY_BYTES (an upload)."""

    def decorate(view):
        view.max_body_bytes = limit
        return view

    return decorate


class RequestBodyLimitMiddleware:
    """Refuses a body larger than its view takes with a 413, from its Content-Length alone: before
    the CSRF check or a form reads (and the server buffers) a 60 MB upload. The proxy in front
    caps bodies too (README); this keeps a worker safe without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_body_bytes", settings.MAX_REQUEST_BODY_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = limit + 1  # a length that is no number is refused like one too large
        if length <= limit:
            return None
        page = loader.get_template("413.html").render({"limit_mb": limit / 1_000_000})
        return HttpResponse(page, status=413)


class PrivatePagesMiddleware:
    """Every response to a signed-in person holds their data (a page, a fragment, an export):
    `Cache-Control: private, no-store`, so that no shared cache keeps it and the browser keeps
    it in neither its cache nor its back-forward cache (no page after logging out). A view that
    set its own Cache-Control keeps it. Static files (whitenoise) never reach this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
