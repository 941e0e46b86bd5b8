from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.plans import following
from apps.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Generated plans past their last week go on with the next block (maintenance, or "
        "another block to build length), as a plan revision: a plan never just ends. "
        "Idempotent: run it from cron as often as you like (e.g. hourly)."
    )

    def handle(self, *args, **options):
        # Every runner's today is within a day of UTC's: only plans ended by then are read.
        ended_by = timezone.now().date() + timedelta(days=1)
        started = 0
        plans = (
            Plan.objects.active()
            .filter(author_name="", starts_on__lt=ended_by)
            .select_related("runner__profile")
        )
        for plan in plans.iterator(chunk_size=500):
            if plan.ends_on >= ended_by:
                continue
            if following.start_next_block(plan, plan.runner.profile.today()):
                started += 1
        self.stdout.write(f"{started} plan(s) went on with their next block.")
