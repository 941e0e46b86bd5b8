from django.urls import path

from apps.runs import views
from apps.runs.strava import views as strava_views

app_name = "runs"

urlpatterns = [
    path("runs/", views.run_list, name="list"),
    path("runs/upload/", views.upload, name="upload"),
    path("runs/imports/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("runs/unsure/<int:pk>/keep/", views.keep_doubtful, name="keep_doubtful"),
    path("runs/unsure/<int:pk>/drop/", views.drop_doubtful, name="drop_doubtful"),
    path("runs/<int:pk>/", views.run_detail, name="detail"),
    path("runs/<int:pk>/delete/", views.delete_run, name="delete"),
    path("runs/strava/connect/", strava_views.connect, name="strava_connect"),
    path("runs/strava/callback/", strava_views.callback, name="strava_callback"),
    path("runs/strava/disconnect/", strava_views.disconnect, name="strava_disconnect"),
    path("runs/strava/delete-runs/", strava_views.delete_strava_runs, name="strava_delete_runs"),
    path("strava/webhook/", strava_views.webhook, name="strava_webhook"),
    path("runners/<int:runner_id>/runs/", views.runner_runs, name="runner_list"),
]
