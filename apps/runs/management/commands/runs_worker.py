from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.runs.strava.tasks import resume_stranded
from apps.runs.tasks import clear_stale_tasks, resume_unfinished


class Command(BaseCommand):
    help = (
        "The background worker (django-tasks-db's db_worker) after marking failed the import "
        "tasks a killed worker left running and queueing again the imports and Strava events it "
        "left unfinished. "
        "Options after -- go to db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("worker_args", nargs="*", help="passed on to db_worker")

    def handle(self, *args, worker_args, **options):
        cleared = clear_stale_tasks()
        if cleared:
            self.stdout.write(f"Marked failed {cleared} import task(s) a stopped worker left.")
        resumed = resume_unfinished()
        if resumed:
            self.stdout.write(f"Resuming {resumed} unfinished import(s).")
        stranded = resume_stranded()
        if stranded:
            self.stdout.write(f"Queued again {stranded} Strava event(s) a stopped worker left.")
        call_command("db_worker", *worker_args)
