from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts and coach links"

    def ready(self):
        from apps.accounts import checks  # noqa: F401 (registers the deploy checks)
