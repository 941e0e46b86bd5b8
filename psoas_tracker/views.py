import hashlib
import sys

from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 handler: a database that does not answer gets a calm 503, two requests that
    collided on a unique or check rule (a double tap the view did not expect) a 409 saying
    nothing was saved, anything else a 500. The error is logged either way.

    Renders without a request context: nothing here may touch the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    if isinstance(error, IntegrityError):
        return HttpResponse(loader.get_template("409.html").render(), status=409)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


# The installable app: a web app manifest, a service worker and the page it shows offline.
# The worker keeps the offline page and the static files, and today's pages of the runner once
# opened (TODAYS_PAGES): in the browser's Cache Storage, the runner's own, cleared at log-out.

# The pages a runner needs without signal: the dashboard, the plan and today's session, the daily
# log, the test form, and the stretch pages with their pictures and doses.
TODAYS_PAGES = (
    "dashboard:home",
    "plans:my_plan",
    "plans:session",
    "sitting:week",
    "assessments:record",
)
TODAYS_PAGE_PREFIXES = ("plans:catalogue",)  # /stretches/ and each stretch's page under it
# What every page loads, kept from the install on so that a page kept offline works.
SHELL_ASSETS = (
    "vendor/pico/pico.min.css",
    "css/app.css",
    "css/record.css",  # today's pages that have styles of their own (TODAYS_PAGES)
    "css/session.css",
    "css/sitting.css",
    "vendor/htmx/htmx.min.js",
    "js/app.js",
    "js/outbox.js",
    "js/session.js",
    "js/tilt.js",
)


@require_GET
def manifest(request):
    data = {
        "name": "Psoas Tracker",
        "short_name": "Psoas",
        "description": "Hip-flexor tests, stretch plans and sitting logs for runners.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f6e5c",
        "icons": [
            {
                "src": static(f"img/app-icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
def service_worker(request):
    """Served from the root so that it may answer for every page (its scope is its folder)."""
    assets = [static(path) for path in SHELL_ASSETS]
    script = loader.render_to_string(
        "sw.js",
        {
            "offline_url": reverse("offline"),
            "login_url": reverse("accounts:login"),
            "static_url": static(""),
            "assets": assets,
            "page_paths": [reverse(name) for name in TODAYS_PAGES],
            "page_prefixes": [reverse(name) for name in TODAYS_PAGE_PREFIXES],
            # A new deploy (new hashed asset names) gets new caches; the old ones are dropped.
            "version": hashlib.sha256("".join(assets).encode()).hexdigest()[:12],
        },
    )
    response = HttpResponse(script, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """Shown by the service worker when there is no network. The same for everybody: it is
    cached on the device, so it holds nothing of the user's (rendered without the request)."""
    return HttpResponse(loader.render_to_string("offline.html"))
