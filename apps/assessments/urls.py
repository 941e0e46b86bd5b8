from django.urls import path

from apps.assessments import views

app_name = "assessments"

urlpatterns = [
    path("tests/", views.history, name="history"),
    path("tests/new/", views.record, name="record"),
    path("tests/feedback/", views.feedback, name="feedback"),
    path("tests/<int:pk>/", views.detail, name="detail"),
    path("tests/<int:pk>/edit/", views.edit, name="edit"),
    path("tests/<int:pk>/delete/", views.delete, name="delete"),
    path("tests/<int:pk>/safety/", views.safety_questions, name="safety"),
    path("safety/", views.safety_questions, name="safety_check"),
    path("runners/<int:runner_id>/tests/", views.history, name="runner_history"),
]
