"""The worker's side of Strava (django.tasks, run by the worker that reads uploads): one task
an event, and the backfill of the last weeks on connecting.

An event is never dropped: a rate limit puts its task off until Strava's budget is back
(read from its headers: the next quarter hour or the next day); a 429, a network failure or a
server error until a backoff doubling from BACKOFF_FIRST_S up to BACKOFF_MAX_S; a refused
refresh token until the runner connects again (connecting queues their waiting events).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.runs import parsing
from apps.runs.models import StravaConnection, StravaEvent
from apps.runs.strava import api, sync

logger = logging.getLogger(__name__)
BACKOFF_FIRST_S = 30
BACKOFF_MAX_S = 3600


@task()
def apply_event(event_id: int) -> str:
    event = StravaEvent.objects.filter(pk=event_id, status=StravaEvent.Status.PENDING).first()
    if event is None:
        return "nothing to do"
    try:
        outcome = sync.apply(event)
    except api.RateLimited as limited:
        _again(event, limited.resume_at)
        return str(limited)
    except api.Unavailable as error:
        attempts = event.attempts + 1
        delay = min(BACKOFF_FIRST_S * 2 ** (attempts - 1), BACKOFF_MAX_S)
        StravaEvent.objects.filter(pk=event.pk).update(attempts=attempts)
        _again(event, timezone.now() + timedelta(seconds=delay))
        logger.warning("Strava unavailable for event %s (try %s): %s", event.pk, attempts, error)
        return f"Strava is unavailable: try {attempts + 1} in {delay} s"
    except api.NeedsReconnect:
        StravaEvent.objects.filter(pk=event.pk).update(
            outcome="waiting for the runner to connect Strava again"
        )
        return "the runner must connect Strava again"
    _done(event, outcome)
    return outcome


def _again(event, when) -> None:
    apply_event.using(run_after=when).enqueue(event.pk)


def _done(event, outcome) -> None:
    with transaction.atomic():
        StravaEvent.objects.filter(pk=event.pk).update(
            status=StravaEvent.Status.DONE, outcome=outcome[:300], done_at=timezone.now()
        )
        if event.backfill:
            StravaConnection.objects.filter(athlete_id=event.owner_id).update(
                backfill_done=F("backfill_done") + 1
            )


def enqueue(event: StravaEvent) -> None:
    transaction.on_commit(lambda: apply_event.enqueue(event.pk))


def resume_waiting(athlete_id: int) -> int:
    """Queue again the events of an athlete left waiting (a reconnect). Returns how many."""
    pending = list(
        StravaEvent.objects.filter(
            owner_id=athlete_id, status=StravaEvent.Status.PENDING
        ).values_list("pk", flat=True)
    )
    for pk in pending:
        transaction.on_commit(lambda pk=pk: apply_event.enqueue(pk))
    return len(pending)


def resume_stranded() -> int:
    """Queue again the pending events no task waits for: those a stopped worker was applying
    (django-tasks-db never runs a started task again). An event waiting for its runner to
    connect again stays as it is: connecting queues it. Returns how many."""
    waiting = DBTaskResult.objects.filter(
        task_path=apply_event.module_path,
        backend_name=apply_event.backend,
        status=TaskResultStatus.READY,
    )
    queued = {row.args_kwargs["args"][0] for row in waiting.only("args_kwargs")}
    reconnecting = StravaConnection.objects.filter(needs_reconnect=True).values("athlete_id")
    stranded = (
        StravaEvent.objects.filter(status=StravaEvent.Status.PENDING)
        .exclude(owner_id__in=reconnecting)
        .exclude(pk__in=queued)
        .order_by("pk")
    )
    pending = list(stranded.values_list("pk", flat=True))
    for pk in pending:
        apply_event.enqueue(pk)
    return len(pending)


@task()
def backfill(connection_id: int, page: int = 1) -> str:
    """A page of the last STRAVA_BACKFILL_WEEKS of the athlete's activities, each run as an
    event of its own (so the page's progress counts them), then the next page."""
    connection = StravaConnection.objects.filter(pk=connection_id).first()
    if connection is None:
        return "disconnected meanwhile"
    after = connection.connected_at - timedelta(weeks=settings.STRAVA_BACKFILL_WEEKS)
    try:
        client = api.client_for(connection)
        activities = api.activities_after(client, after, page)
    except api.RateLimited as limited:
        backfill.using(run_after=limited.resume_at).enqueue(connection_id, page)
        return str(limited)
    except api.Unavailable:
        backfill.using(run_after=timezone.now() + timedelta(seconds=BACKOFF_FIRST_S)).enqueue(
            connection_id, page
        )
        return "Strava is unavailable: this page again later"
    except api.NeedsReconnect:
        return "the runner must connect Strava again"
    runs = [a for a in activities if parsing.strava.is_run(a)]
    with transaction.atomic():
        for activity in runs:
            event = StravaEvent.objects.create(
                object_type="activity",
                aspect_type="create",
                object_id=activity["id"],
                owner_id=connection.athlete_id,
                backfill=True,
            )
            enqueue(event)
        StravaConnection.objects.filter(pk=connection_id).update(
            backfill_total=F("backfill_total") + len(runs), backfill_listed=not activities
        )
        if activities:
            transaction.on_commit(lambda: backfill.enqueue(connection_id, page + 1))
    return f"page {page}: {len(runs)} runs of {len(activities)} activities"
