from django.urls import path

from apps.dashboard import roster, views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("coach/", roster.roster, name="roster"),
    path("insights/", views.insights_page, name="insights"),
    path("account/export.json", views.export_json, name="export_json"),
    path("account/export.zip", views.export_zip, name="export_zip"),
    path("account/import/", views.import_json, name="import_json"),
]
