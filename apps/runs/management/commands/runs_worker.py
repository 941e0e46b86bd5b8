from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.runs.tasks import resume_unfinished


class Command(BaseCommand):
    help = (
        "The background worker (django-tasks-db's db_worker) after queueing again the imports "
        "a stopped worker left unfinished. Options after -- go to db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("worker_args", nargs="*", help="passed on to db_worker")

    def handle(self, *args, worker_args, **options):
        resumed = resume_unfinished()
        if resumed:
            self.stdout.write(f"Resuming {resumed} unfinished import(s).")
        call_command("db_worker", *worker_args)
