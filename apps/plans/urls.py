from django.urls import path

from apps.plans import calendar, views

app_name = "plans"

urlpatterns = [
    path("stretches/", views.catalogue, name="catalogue"),
    path("stretches/<slug:slug>/", views.stretch_detail, name="stretch"),
    path("plan/", views.my_plan, name="my_plan"),
    path("plan/generate/", views.generate, name="generate"),
    path("plan/<int:pk>/end/", views.end_plan, name="end_plan"),
    path("plan/session/", views.session, name="session"),
    path("plan/session/set/", views.log_set, name="log_set"),
    path("plan/session/finish/", views.finish_session, name="finish_session"),
    path("plan/calendar/", calendar.manage, name="calendar"),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar_feed"),
    path("runners/<int:runner_id>/plan/", views.runner_plan, name="runner_plan"),
    path("runners/<int:runner_id>/plan/new/", views.assign_plan, name="assign_plan"),
    path("runners/<int:runner_id>/plan/<int:pk>/edit/", views.edit_plan, name="edit_plan"),
]
