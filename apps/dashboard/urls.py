from django.urls import path

from apps.dashboard.views import coach, runner

app_name = "dashboard"

urlpatterns = [
    path("", runner.home, name="home"),
    path("training/", runner.training, name="training"),
    path("coach/", coach.roster, name="roster"),
    path("coach/runners/<int:runner_id>/", coach.runner_page, name="runner"),
    path("coach/runners/<int:runner_id>/alerts/seen/", coach.mark_alert_seen, name="alert_seen"),
    path("insights/", runner.insights_page, name="insights"),
    path("menu/", runner.menu, name="menu"),
]
