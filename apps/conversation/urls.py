from django.urls import path

from apps.conversation import views

app_name = "conversation"

urlpatterns = [
    path("tests/<int:pk>/comments/", views.post_on_test, name="post_on_test"),
    path("plans/<int:pk>/comments/", views.post_on_plan, name="post_on_plan"),
    path("plans/sessions/<int:pk>/comments/", views.post_on_session, name="post_on_session"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
]
