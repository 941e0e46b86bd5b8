import json
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import CoachLink, User

DEMO_RUNNER = "runner@demo.psoas.test"
DEMO_COACH = "coach@demo.psoas.test"


class Command(BaseCommand):
    help = "Create (idempotently) a demo runner and a demo coach linked to each other."

    def add_arguments(self, parser):
        parser.add_argument(
            "--credentials-file",
            default=str(settings.BASE_DIR / ".demo-credentials.json"),
            help="Where the generated demo passwords are kept (git-ignored).",
        )

    @transaction.atomic
    def handle(self, *args, credentials_file, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo is for development: run it with DEBUG=1.")
        passwords = self._passwords(Path(credentials_file))
        runner = self._user(DEMO_RUNNER, "Demo Runner", passwords[DEMO_RUNNER])
        coach = self._user(DEMO_COACH, "Demo Coach", passwords[DEMO_COACH])
        if not CoachLink.objects.active().filter(runner=runner, coach=coach).exists():
            CoachLink.objects.create(
                runner=runner,
                coach=coach,
                direction=CoachLink.Direction.RUNNER_INVITES_COACH,
                status=CoachLink.Status.ACTIVE,
                accepted_at=timezone.now(),
            )
        self.stdout.write("Demo accounts (passwords are kept in .demo-credentials.json):")
        for email in (DEMO_RUNNER, DEMO_COACH):
            self.stdout.write(f"  {email:28} password: {passwords[email]}")

    def _passwords(self, path: Path) -> dict:
        """Random passwords made on the first run and reused after, so none is in the repo."""
        stored = json.loads(path.read_text()) if path.exists() else {}
        for email in (DEMO_RUNNER, DEMO_COACH):
            stored.setdefault(email, secrets.token_urlsafe(12))
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
        return stored

    def _user(self, email, display_name, password):
        user = User.objects.filter(email=email).first()
        if user is None:
            return User.objects.create_user(email, password, display_name=display_name)
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        return user
