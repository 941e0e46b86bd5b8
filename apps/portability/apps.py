from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """A runner's data in and out: exports, and imports into their own account."""

    name = "apps.portability"
    label = "portability"
