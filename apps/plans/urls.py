from django.urls import path

from apps.plans.views import (
    calendar,
    exercises,
    morning,
    past_session,
    plans,
    returning,
    session,
    templates,
)

app_name = "plans"

urlpatterns = [
    path("stretches/", plans.catalogue, name="catalogue"),
    path("stretches/<slug:slug>/", plans.stretch_detail, name="stretch"),
    path("plan/", plans.my_plan, name="my_plan"),
    path("plan/generate/", plans.generate, name="generate"),
    path("plan/<int:pk>/end/", plans.end_plan, name="end_plan"),
    path("plan/session/", session.session, name="session"),
    path("plan/session/set/", session.log_set, name="log_set"),
    path("plan/session/rate/", session.rate_set, name="rate_set"),
    path("plan/session/finish/", session.finish_session, name="finish_session"),
    path("plan/morning-check/", morning.answer, name="morning_check"),
    path("plan/back-to-running/start/", returning.start, name="start_return"),
    path("plan/back-to-running/walk-run/", returning.log_walk_run, name="log_walk_run"),
    path("plan/back-to-running/end/", returning.end, name="end_return"),
    path("plans/sessions/<int:pk>/", past_session.session_detail, name="session_detail"),
    path("plan/calendar/", calendar.manage, name="calendar"),
    path("calendar/<token:token>.ics", calendar.feed, name="calendar_feed"),
    path("coach/exercises/", exercises.exercise_list, name="exercises"),
    path("coach/exercises/new/", exercises.new_exercise, name="new_exercise"),
    path("coach/exercises/<int:pk>/edit/", exercises.edit_exercise, name="edit_exercise"),
    path("coach/exercises/<int:pk>/delete/", exercises.delete_exercise, name="delete_exercise"),
    path("coach/templates/", templates.template_list, name="templates"),
    path("coach/templates/new/", templates.new_template, name="new_template"),
    path("coach/templates/<int:pk>/edit/", templates.edit_template, name="edit_template"),
    path("coach/templates/<int:pk>/delete/", templates.delete_template, name="delete_template"),
    path(
        "runners/<int:runner_id>/plan/<int:pk>/template/",
        templates.template_from_plan,
        name="template_from_plan",
    ),
    path(
        "runners/<int:runner_id>/back-to-running/start/",
        returning.coach_start,
        name="coach_start_return",
    ),
    path("runners/<int:runner_id>/plan/", plans.runner_plan, name="runner_plan"),
    path("runners/<int:runner_id>/plan/new/", plans.assign_plan, name="assign_plan"),
    path("runners/<int:runner_id>/plan/<int:pk>/edit/", plans.edit_plan, name="edit_plan"),
]
