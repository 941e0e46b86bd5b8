import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Development server for `make run`: migrate, seed the demo accounts, then runserver."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # runserver's autoreloader re-runs this command in a child process (RUN_MAIN=true):
        # set up only once, in the parent.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("migrate", interactive=False, verbosity=1)
            call_command("seed_demo")
            self.stdout.write(
                f"Serving on http://{addrport}/  (Ctrl-C stops the server and the database)"
            )
        call_command("runserver", addrport)
