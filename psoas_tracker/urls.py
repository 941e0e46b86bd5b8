from django.contrib import admin
from django.urls import include, path

from psoas_tracker import views

handler500 = "psoas_tracker.views.server_error"

urlpatterns = [
    path("", include("apps.dashboard.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.assessments.urls")),
    path("", include("apps.plans.urls")),
    path("", include("apps.sitting.urls")),
    path("", include("apps.portability.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
