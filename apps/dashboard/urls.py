from django.urls import path

from apps.dashboard.views import bulk, coach, groups, report, runner

app_name = "dashboard"

urlpatterns = [
    path("", runner.home, name="home"),
    path("training/", runner.training, name="training"),
    path("coach/", coach.roster, name="roster"),
    path("coach/runners/<int:runner_id>/", coach.runner_page, name="runner"),
    path("coach/runners/<int:runner_id>/alerts/seen/", coach.mark_alert_seen, name="alert_seen"),
    path(
        "coach/runners/<int:runner_id>/alerts/all-seen/",
        coach.mark_runner_seen,
        name="runner_all_seen",
    ),
    path("coach/groups/", groups.groups, name="groups"),
    path("coach/groups/<int:pk>/", groups.group, name="group"),
    path("coach/groups/<int:pk>/delete/", groups.delete_group, name="delete_group"),
    path("coach/groups/<int:pk>/all-seen/", groups.mark_group_seen, name="group_all_seen"),
    path("coach/report/", report.squad_report_page, name="squad_report"),
    path("coach/templates/<int:pk>/assign/", bulk.assign_template, name="assign_template"),
    path("coach/groups/<int:pk>/message/", bulk.message_group, name="group_message"),
    path("insights/", runner.insights_page, name="insights"),
    path("menu/", runner.menu, name="menu"),
    path("getting-started/dismiss/", runner.dismiss_first_steps, name="dismiss_first_steps"),
]
