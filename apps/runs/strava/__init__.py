"""Runs from Strava: OAuth connect and disconnect, the webhook, the worker that applies its
events, and the 12 weeks fetched on connecting. Strava's figures become a run through
apps/runs/parsing/ (parse_strava), the same summary as a file's."""

from django.conf import settings


def enabled() -> bool:
    """Whether Strava is configured: without all of it, the Strava button is not shown."""
    return all(
        (
            settings.STRAVA_CLIENT_ID,
            settings.STRAVA_CLIENT_SECRET,
            settings.STRAVA_VERIFY_TOKEN,
            settings.STRAVA_PUBLIC_URL,
            settings.STRAVA_TOKEN_KEY,
        )
    )
