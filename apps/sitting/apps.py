from django.apps import AppConfig


class SittingConfig(AppConfig):
    name = "apps.sitting"
    label = "sitting"
    verbose_name = "Sitting log"
