"""What a Strava event does to a runner's runs: a run created, replaced or deleted, or, on
the athlete's deauthorisation, their Strava data deleted (Strava's API agreement). Called by
the worker (tasks.py); returns a line for the event's record."""

from django.db import transaction

from apps.runs import parsing, services
from apps.runs.models import Run, StravaConnection, StravaEvent
from apps.runs.strava import api


def apply(event: StravaEvent) -> str:
    connection = (
        StravaConnection.objects.select_related("runner__profile")
        .filter(athlete_id=event.owner_id)
        .first()
    )
    if connection is None:
        return "no runner is connected to this Strava athlete"
    if event.object_type == "athlete":
        if str(event.updates.get("authorized", "")).lower() != "false":
            return "nothing to do"
        return deauthorised(connection)
    if event.object_type != "activity":
        return f"an event on a {event.object_type[:40]}: nothing to do"
    if event.aspect_type == "delete":
        return _deleted(connection, event.object_id)
    return _fetched(connection, event.object_id)


def deauthorised(connection: StravaConnection) -> str:
    """The athlete revoked the app at Strava: once the token no longer opens the account
    (events are not signed), their Strava runs and the connection are deleted."""
    try:
        client = api.client_for(connection)
        if api.still_authorised(client):
            return "a deauthorisation Strava does not confirm: nothing deleted"
    except api.NeedsReconnect:
        pass  # the refresh token is refused too: revoked indeed
    with transaction.atomic():
        runs, _ = Run.objects.owned_by(connection.runner).from_strava().delete()
        connection.delete()
    return f"deauthorised at Strava: the connection and {runs} Strava runs deleted"


def _deleted(connection, activity_id) -> str:
    """Deleted at Strava: the run goes, once Strava confirms the activity is gone."""
    client = api.client_for(connection)
    if api.activity(client, activity_id) is not None:
        return "a deletion Strava does not confirm: the run stays"
    deleted, _ = (
        Run.objects.owned_by(connection.runner).filter(strava_activity_id=activity_id).delete()
    )
    return "the run is deleted" if deleted else "no run of this activity"


def _fetched(connection, activity_id) -> str:
    """Created or updated: the activity and its streams, summed up as a file's run and stored
    in place of the run it had (an update may change anything, even the sport)."""
    client = api.client_for(connection)
    activity = api.activity(client, activity_id)
    if activity is None:
        return _deleted(connection, activity_id)
    runner = connection.runner
    previous = Run.objects.owned_by(runner).filter(strava_activity_id=activity_id)
    if not parsing.strava.is_run(activity):
        deleted, _ = previous.delete()
        return "not a run" + (": its run is deleted" if deleted else "")
    streams = api.streams(client, activity_id)
    grade, distance = services.hill_rule()
    try:
        parsed = parsing.parse_strava(
            activity, streams, hill_grade_pct=grade, hill_min_distance_m=distance
        )
        with transaction.atomic():
            previous.delete()
            run = services.store(
                runner,
                parsed,
                file_name=str(activity.get("name") or "Strava activity")[:255],
                strava_activity_id=activity_id,
            )
    except parsing.Refused as refused:
        return f"not imported: {refused.message}"[:300]
    return f"stored as the run of {run.day:%-d %B %Y}"
