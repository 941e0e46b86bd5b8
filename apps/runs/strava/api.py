"""Strava's API through stravalib: the OAuth steps, a client with a token refreshed before it
expires, the activity and its streams, and the app's rate budget read from Strava's headers.

Three failures a caller handles, each leaving the work to a later try, never dropping it:
RateLimited (the budget is spent until resume_at), Unavailable (a network failure, a 5xx),
NeedsReconnect (Strava refused the refresh token: the runner must connect again).
"""

from datetime import UTC, datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from stravalib import Client, exc
from stravalib.util import limiter

from apps.runs.models import StravaConnection, StravaRateLimit
from apps.runs.strava import tokens

STRAVA = "https://www.strava.com"  # what stravalib addresses; sent to settings.STRAVA_BASE_URL
SCOPE = ["activity:read_all"]
REFRESH_AHEAD = timedelta(minutes=10)  # a token is refreshed this long before it expires
STREAM_TYPES = ["time", "distance", "altitude", "cadence", "velocity_smooth", "grade_smooth"]


class RateLimited(Exception):
    def __init__(self, resume_at: datetime):
        super().__init__(f"Strava's rate limit is reached until {resume_at:%H:%M} UTC")
        self.resume_at = resume_at


class Unavailable(Exception):
    """Strava could not be reached, or answered with a server error: try again later."""


class NeedsReconnect(Exception):
    """Strava refused the refresh token: the runner must connect again."""


class _ToStrava(requests.Session):
    """Sends stravalib's requests to settings.STRAVA_BASE_URL, within a timeout."""

    def request(self, method, url, *args, **kwargs):
        if url.startswith(STRAVA):
            url = settings.STRAVA_BASE_URL + url.removeprefix(STRAVA)
        kwargs.setdefault("timeout", settings.STRAVA_TIMEOUT_SECONDS)
        return super().request(method, url, *args, **kwargs)


def _client(access_token: str | None = None) -> Client:
    return Client(
        access_token=access_token,
        requests_session=_ToStrava(),
        rate_limit_requests=False,
        rate_limiter=None,
    )


def _record_budget(headers, method) -> None:
    """Strava's usage headers after each call: a limit reached puts every task off until the
    next quarter hour (the 15-minute limit) or the next UTC day (the daily one)."""
    rates = limiter.get_rates_from_response_headers(headers, method)
    if rates is None:
        return
    now = timezone.now()
    if rates.long_usage >= rates.long_limit:
        _spend_until(now + timedelta(seconds=limiter.get_seconds_until_next_day() + 1))
    elif rates.short_usage >= rates.short_limit:
        _spend_until(now + timedelta(seconds=limiter.get_seconds_until_next_quarter() + 1))


def _spend_until(resume_at: datetime) -> None:
    StravaRateLimit.objects.update_or_create(pk=1, defaults={"resume_at": resume_at})


def resume_at() -> datetime | None:
    """Until when the budget is spent, or None when calls may go."""
    row = StravaRateLimit.objects.filter(pk=1, resume_at__gt=timezone.now()).first()
    return row.resume_at if row else None


def _call(function, *args, **kwargs):
    """function(*args, **kwargs), a stravalib call, within the budget; a 429, a network
    failure or a server error raised as RateLimited or Unavailable."""
    spent = resume_at()
    if spent:
        raise RateLimited(spent)
    try:
        return function(*args, **kwargs)
    except exc.Fault as fault:
        status = getattr(fault.response, "status_code", None)
        if status == 429:
            spent = resume_at() or timezone.now() + timedelta(
                seconds=limiter.get_seconds_until_next_quarter() + 1
            )
            _spend_until(spent)
            raise RateLimited(spent) from fault
        if status is not None and status >= 500:
            raise Unavailable(str(fault)) from fault
        raise
    except requests.RequestException as error:
        raise Unavailable(str(error)) from error


def _client_with_budget(access_token: str | None = None) -> Client:
    client = _client(access_token)
    client.protocol.rate_limiter = _record_budget
    return client


def authorization_url(state: str, redirect_uri: str) -> str:
    url = _client().authorization_url(
        client_id=int(settings.STRAVA_CLIENT_ID),
        redirect_uri=redirect_uri,
        scope=SCOPE,
        state=state,
        approval_prompt="auto",
    )
    return settings.STRAVA_BASE_URL + url.removeprefix(STRAVA)


def exchange(code: str) -> tuple[dict, int]:
    """(the tokens Strava gives for an authorisation code, the athlete's id)."""
    access, athlete = _call(
        _client().exchange_code_for_token,
        client_id=int(settings.STRAVA_CLIENT_ID),
        client_secret=settings.STRAVA_CLIENT_SECRET,
        code=code,
        return_athlete=True,
    )
    return access, athlete.id


def seal(connection: StravaConnection, access: dict) -> None:
    """The tokens of an OAuth answer, encrypted, on the connection (unsaved)."""
    connection.access_token = tokens.encrypt(access["access_token"])
    connection.refresh_token = tokens.encrypt(access["refresh_token"])
    connection.expires_at = datetime.fromtimestamp(access["expires_at"], UTC)


def client_for(connection: StravaConnection) -> Client:
    """A client with the runner's token, refreshed first when it expires within
    REFRESH_AHEAD (the row locked, so two tasks never both spend the refresh token)."""
    if connection.needs_reconnect:
        raise NeedsReconnect
    if connection.expires_at <= timezone.now() + REFRESH_AHEAD:
        connection = _refreshed(connection.pk)
    return _client_with_budget(tokens.decrypt(connection.access_token))


def _refreshed(connection_id: int) -> StravaConnection:
    with transaction.atomic():
        connection = StravaConnection.objects.select_for_update().get(pk=connection_id)
        if connection.expires_at > timezone.now() + REFRESH_AHEAD:
            return connection  # another task refreshed it meanwhile
        try:
            access = _call(
                _client().refresh_access_token,
                client_id=int(settings.STRAVA_CLIENT_ID),
                client_secret=settings.STRAVA_CLIENT_SECRET,
                refresh_token=tokens.decrypt(connection.refresh_token),
            )
        except exc.Fault:  # 400/401: the refresh token is revoked or no longer valid
            connection.needs_reconnect = True
            connection.save(update_fields=["needs_reconnect"])
            refused = True
        else:
            refused = False
            seal(connection, access)
            connection.save(update_fields=["access_token", "refresh_token", "expires_at"])
    if refused:
        raise NeedsReconnect
    return connection


def activity(client: Client, activity_id: int) -> dict | None:
    """Strava's JSON of the activity, or None when Strava has it no more (404)."""
    try:
        return _call(client.protocol.get, "/activities/{id}", id=activity_id)
    except exc.ObjectNotFound:
        return None


def streams(client: Client, activity_id: int) -> dict:
    """The activity's streams by type ({} for a manual activity, which has none)."""
    try:
        return _call(
            client.protocol.get,
            "/activities/{id}/streams",
            id=activity_id,
            keys=",".join(STREAM_TYPES),
            key_by_type="true",
        )
    except exc.ObjectNotFound:
        return {}


def activities_after(client: Client, after: datetime, page: int, per_page: int = 100) -> list:
    """A page of the athlete's activities since `after` (Strava's summaries)."""
    return _call(
        client.protocol.get,
        "/athlete/activities",
        after=int(after.timestamp()),
        page=page,
        per_page=per_page,
    )


def still_authorised(client: Client) -> bool:
    """Whether the token still opens the athlete's account (a deauthorisation is checked so
    before the runner's Strava data is deleted: webhook events are not signed)."""
    try:
        _call(client.protocol.get, "/athlete")
    except exc.AccessUnauthorized:
        return False
    return True


def deauthorize(connection: StravaConnection) -> None:
    """Revokes the app's access at Strava (POST /oauth/deauthorize)."""
    client = _client(tokens.decrypt(connection.access_token))
    _call(client.protocol.post, f"{STRAVA}/oauth/deauthorize")


def create_subscription(callback_url: str):
    return _call(
        _client().create_subscription,
        client_id=int(settings.STRAVA_CLIENT_ID),
        client_secret=settings.STRAVA_CLIENT_SECRET,
        callback_url=callback_url,
        verify_token=settings.STRAVA_VERIFY_TOKEN,
    )


def subscriptions() -> list:
    return list(
        _call(
            _client().list_subscriptions,
            client_id=int(settings.STRAVA_CLIENT_ID),
            client_secret=settings.STRAVA_CLIENT_SECRET,
        )
    )
