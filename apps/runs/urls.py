from django.urls import include, path

from apps.runs import views

app_name = "runs"

urlpatterns = [
    path("runs/", views.run_list, name="list"),
    path("runs/upload/", views.upload, name="upload"),
    path("runs/imports/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("runs/unsure/<int:pk>/keep/", views.keep_doubtful, name="keep_doubtful"),
    path("runs/unsure/<int:pk>/drop/", views.drop_doubtful, name="drop_doubtful"),
    path("runs/<int:pk>/", views.run_detail, name="detail"),
    path("runs/<int:pk>/delete/", views.delete_run, name="delete"),
    path("", include("apps.runs.strava.urls")),
    path("runners/<int:runner_id>/runs/", views.runner_runs, name="runner_list"),
]
