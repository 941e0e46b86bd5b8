"""The project's URLs plus a minimal logged-in page: the baseline every benchmark ratio uses."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from psoas_tracker.urls import urlpatterns as project_urlpatterns


@login_required
def minimal(request):
    return HttpResponse("<!doctype html><title>minimal</title><p>ok</p>")


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
