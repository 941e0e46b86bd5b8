import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string

from apps.accounts.models import CoachLink, Profile
from apps.assessments import schedule
from apps.assessments.models import TestReminder


class Command(BaseCommand):
    help = (
        "E-mail opted-in runners whose weekly test is due; at most once per runner per test week. "
        "Idempotent: run it from cron as often as you like (e.g. hourly)."
    )

    def handle(self, *args, **options):
        profiles = (
            Profile.objects.filter(reminders_opt_in=True, user__is_active=True)
            .select_related("user")
            .annotate(latest_test_on=Max("user__assessments__taken_on"))
            # A coach who has never recorded a test of their own is not asked for one.
            .exclude(
                Q(latest_test_on__isnull=True)
                & Q(user__runner_links__status=CoachLink.Status.ACTIVE)
            )
            .distinct()
        )
        sent = failed = 0
        for profile in profiles.iterator(chunk_size=500):
            today = profile.today()
            if not schedule.is_test_due(today, profile.test_weekday, profile.latest_test_on):
                continue
            week_start = schedule.test_week_start(today, profile.test_weekday)
            try:
                # Record first, inside the transaction: a second run (or a parallel one) finds
                # the row and sends nothing; a failed send rolls the record back for a retry.
                with transaction.atomic():
                    TestReminder.objects.create(runner=profile.user, week_start=week_start)
                    self._send(profile)
            except IntegrityError:
                continue  # already reminded this week
            except (smtplib.SMTPException, OSError) as error:
                # One refused address must not stop the others; no record, so a later run retries.
                failed += 1
                self.stderr.write(f"Could not send to runner {profile.user_id}: {error}")
                continue
            sent += 1
        self.stdout.write(f"Sent {sent} test reminder(s); {failed} failed.")

    def _send(self, profile):
        context = {"profile": profile, "site_url": settings.SITE_URL}
        send_mail(
            subject="Your weekly hip-flexor test is due",
            message=render_to_string("assessments/reminder_email.txt", context),
            from_email=None,
            recipient_list=[profile.user.email],
        )
