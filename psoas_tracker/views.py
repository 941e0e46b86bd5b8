import sys

from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
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
