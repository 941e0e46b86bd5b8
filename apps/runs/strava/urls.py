"""Strava's pages, in the runs namespace (included by apps/runs/urls.py)."""

from django.urls import path

from apps.runs.strava import views

urlpatterns = [
    path("runs/strava/connect/", views.connect, name="strava_connect"),
    path("runs/strava/callback/", views.callback, name="strava_callback"),
    path("runs/strava/disconnect/", views.disconnect, name="strava_disconnect"),
    path("runs/strava/delete-runs/", views.delete_strava_runs, name="strava_delete_runs"),
    path("strava/webhook/", views.webhook, name="strava_webhook"),
]
