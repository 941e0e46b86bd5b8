from django.urls import path

from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("training/", views.training, name="training"),
    path("coach/", views.roster, name="roster"),
    path("coach/runners/<int:runner_id>/alerts/seen/", views.mark_alert_seen, name="alert_seen"),
    path("insights/", views.insights_page, name="insights"),
    path("menu/", views.menu, name="menu"),
]
