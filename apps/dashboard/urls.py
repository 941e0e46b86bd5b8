from django.urls import path

from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("coach/", views.roster, name="roster"),
    path("insights/", views.insights_page, name="insights"),
    path("menu/", views.menu, name="menu"),
]
