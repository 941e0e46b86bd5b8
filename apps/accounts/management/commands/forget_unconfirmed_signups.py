from django.core.management.base import BaseCommand

from apps.accounts import signup


class Command(BaseCommand):
    help = (
        "Delete sign-ups whose e-mailed link was never used within a week (no password, never "
        "active). Idempotent; run it daily from cron."
    )

    def handle(self, *args, **options):
        count = signup.forget_unconfirmed()
        self.stdout.write(f"Forgot {count} unconfirmed sign-up(s).")
