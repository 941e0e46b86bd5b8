"""Checks that Strava's webhook subscription points at this app, and creates it when none
does (idempotent: run it after each deploy). Strava allows one subscription an app."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from stravalib import exc

from apps.runs import strava
from apps.runs.strava import api


class Command(BaseCommand):
    help = "Check Strava's webhook subscription, and create it if there is none."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="only check: exit 1 when it is missing"
        )

    def handle(self, *args, check=False, **options):
        if not strava.enabled():
            raise CommandError(
                "Strava is not configured: set STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, "
                "STRAVA_VERIFY_TOKEN, STRAVA_PUBLIC_URL and STRAVA_TOKEN_KEY."
            )
        callback_url = settings.STRAVA_PUBLIC_URL + reverse("runs:strava_webhook")
        try:
            existing = api.subscriptions()
        except (exc.Fault, api.Unavailable, api.RateLimited) as error:
            raise CommandError(f"Strava did not list the subscriptions: {error}") from error
        for subscription in existing:
            if subscription.callback_url == callback_url:
                self.stdout.write(f"Subscribed: {subscription.id} calls {callback_url}.")
                return
            self.stdout.write(
                f"Subscription {subscription.id} calls {subscription.callback_url}, not "
                f"{callback_url}: delete it at Strava first (one subscription an app)."
            )
        if existing:
            raise CommandError("Another address is subscribed.")
        if check:
            raise CommandError(f"No subscription: nothing calls {callback_url}.")
        try:
            created = api.create_subscription(callback_url)
        except (exc.Fault, api.Unavailable, api.RateLimited) as error:
            raise CommandError(f"Strava refused the subscription: {error}") from error
        self.stdout.write(f"Subscribed: {created.id} calls {callback_url}.")
