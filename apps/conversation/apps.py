from django.apps import AppConfig


class ConversationConfig(AppConfig):
    """Comments between a runner and a linked coach, on a test or the plan."""

    name = "apps.conversation"
    label = "conversation"
