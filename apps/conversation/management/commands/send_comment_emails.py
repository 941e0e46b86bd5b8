from django.conf import settings
from django.core.management.base import BaseCommand

from apps.conversation import services
from apps.conversation.models import Comment


class Command(BaseCommand):
    help = (
        "E-mail each reader the comments written to them since their last comment e-mail, once "
        f"{services.NOTICE_BATCH_WINDOW.seconds // 60} minutes have passed since it: one e-mail "
        "per conversation. Idempotent: run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        sides = (
            Comment.objects.filter(email_pending=True)
            .values_list("runner_id", "coach_id", "by_coach")
            .distinct()
        )
        sent = sum(
            services.send_due_notices(runner_id, coach_id, by_coach, settings.SITE_URL)
            for runner_id, coach_id, by_coach in sides
        )
        self.stdout.write(f"Sent {sent} comment e-mail(s).")
