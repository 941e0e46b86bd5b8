from django.contrib import admin
from django.urls import include, path, register_converter

from psoas_tracker import views
from psoas_tracker.converters import TokenConverter

# Before the apps' URLconfs are included: they use it.
register_converter(TokenConverter, "token")

handler500 = "psoas_tracker.views.server_error"

urlpatterns = [
    path("", include("apps.dashboard.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.assessments.urls")),
    path("", include("apps.plans.urls")),
    path("", include("apps.sitting.urls")),
    path("", include("apps.runs.urls")),
    path("", include("apps.portability.urls")),
    path("", include("apps.conversation.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("admin/", admin.site.urls),
]
