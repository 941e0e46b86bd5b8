from django.urls import path

from apps.portability import views

app_name = "portability"

urlpatterns = [
    path("account/export.json", views.export_json, name="export_json"),
    path("account/export.zip", views.export_zip, name="export_zip"),
    path("account/import/", views.import_account, name="import_account"),
    path("tests/export.csv", views.export_tests, name="export_tests"),
    path("tests/import/", views.import_tests, name="import_tests"),
]
