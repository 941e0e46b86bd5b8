from django.urls import path

from apps.dashboard import roster, views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("coach/", roster.roster, name="roster"),
    path("insights/", views.insights_page, name="insights"),
]
