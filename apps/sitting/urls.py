from django.urls import path

from apps.sitting import views

app_name = "sitting"

urlpatterns = [
    path("sitting/", views.week, name="week"),
    path("sitting/add/", views.add, name="add"),
    path("sitting/undo/", views.undo, name="undo"),
    path("sitting/total/", views.set_total, name="set_total"),
    path("sitting/<str:day>/", views.edit_day, name="day"),
]
