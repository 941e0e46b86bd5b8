import atexit
import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Development server for `make run`: migrate, seed the demo accounts, start the background "
        "worker (imports of runs), then runserver."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # runserver's autoreloader re-runs this command in a child process (RUN_MAIN=true):
        # set up only once, in the parent.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("migrate", interactive=False, verbosity=1)
            call_command("seed_demo")
            start_worker()
            self.stdout.write(
                f"Serving on http://{addrport}/  (Ctrl-C stops the server, the worker and the "
                "database)"
            )
        call_command("runserver", addrport)


def start_worker():
    """The worker beside the server, as its own process on the same database; stopped (and
    waited for) when this process exits, before the embedded database is."""
    # No autoreload: its child process would outlive a stopped parent. Restart `make run` to
    # load changed task code.
    worker = subprocess.Popen([sys.executable, "manage.py", "runs_worker", "--", "--no-reload"])

    def stop():
        if worker.poll() is None:
            worker.terminate()  # SIGTERM: the worker finishes the file it is reading
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()

    # Registered after the embedded database's own hook (settings start it), so run before it.
    atexit.register(stop)
    return worker
