"""Strava on the runs page: connect (OAuth), the callback, disconnect, deleting the runs from
Strava, and the webhook Strava calls. Only the runner uses the first four, on their own
account; the webhook is Strava's, answered fast (it only records the event)."""

import json
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from stravalib import exc

from apps.runs import strava
from apps.runs.models import Run, StravaConnection, StravaEvent
from apps.runs.strava import api, tasks

STATE_KEY = "strava_oauth_state"
EVENT_FIELDS = ("object_type", "aspect_type", "object_id", "owner_id")


def _require_strava():
    if not strava.enabled():
        raise Http404("Strava is not configured")


def _callback_url() -> str:
    return settings.STRAVA_PUBLIC_URL + reverse("runs:strava_callback")


@login_required
def connect(request):
    """Sends the runner to Strava to allow reading their activities (POST)."""
    _require_strava()
    if request.method != "POST":
        return redirect("runs:list")
    state = secrets.token_urlsafe(24)
    request.session[STATE_KEY] = state
    return redirect(api.authorization_url(state, _callback_url()))


@login_required
def callback(request):
    """Strava sends the runner back here: the code becomes tokens, kept encrypted."""
    _require_strava()
    state = request.session.pop(STATE_KEY, None)
    if not state or not secrets.compare_digest(state, request.GET.get("state", "")):
        messages.error(request, "That Strava link was not started here: connect again.")
        return redirect("runs:list")
    if request.GET.get("error") or "code" not in request.GET:
        messages.error(request, "Strava is not connected: you did not allow it.")
        return redirect("runs:list")
    if "activity:read_all" not in request.GET.get("scope", "").split(","):
        messages.error(
            request,
            'Strava is not connected: tick "View data about your private activities" '
            "so that all your runs can come in.",
        )
        return redirect("runs:list")
    try:
        access, athlete_id = api.exchange(request.GET["code"])
    except (exc.Fault, api.Unavailable, api.RateLimited):
        messages.error(request, "Strava did not answer as it should: try again in a minute.")
        return redirect("runs:list")
    return _connected(request, access, athlete_id)


def _connected(request, access, athlete_id):
    existing = StravaConnection.objects.owned_by(request.user).first()
    connection = existing or StravaConnection(runner=request.user)
    connection.athlete_id = athlete_id
    connection.scope = request.GET.get("scope", "")[:200]
    connection.needs_reconnect = False
    api.seal(connection, access)
    try:
        with transaction.atomic():
            connection.save()
            if existing is None:
                transaction.on_commit(lambda: tasks.backfill.enqueue(connection.pk))
            tasks.resume_waiting(athlete_id)
    except IntegrityError:
        messages.error(request, "This Strava account is connected to another account here.")
        return redirect("runs:list")
    if existing is None:
        messages.success(
            request,
            f"Strava is connected: your runs of the last {settings.STRAVA_BACKFILL_WEEKS} "
            "weeks are coming in, and each new one will follow by itself.",
        )
    else:
        messages.success(request, "Strava is connected again.")
    return redirect("runs:list")


@login_required
def disconnect(request):
    """What disconnecting does (GET), then it is done (POST): access revoked at Strava, the
    tokens deleted; the runs from Strava kept unless the runner asks to delete them too."""
    connection = StravaConnection.objects.owned_by(request.user).first()
    if connection is None:
        return redirect("runs:list")
    strava_runs = Run.objects.owned_by(request.user).from_strava()
    if request.method != "POST":
        return render(request, "runs/strava_disconnect.html", {"strava_runs": strava_runs.count()})
    revoked = _revoke(connection)
    with transaction.atomic():
        connection.delete()
        deleted = strava_runs.delete()[0] if request.POST.get("runs") == "delete" else 0
    words = "Strava is disconnected" + ("" if revoked else " here (Strava could not be told)")
    if deleted:
        words += f", and its {deleted} run{'s' if deleted != 1 else ''} deleted"
    messages.success(request, f"{words}.")
    return redirect("runs:list")


def _revoke(connection) -> bool:
    """Whether Strava confirmed it revoked the app's access."""
    try:
        api.client_for(connection)  # refreshed first if it expired: revoking needs a live one
        connection.refresh_from_db()
        api.deauthorize(connection)
    except (api.NeedsReconnect, api.Unavailable, api.RateLimited, exc.Fault):
        return False
    return True


@login_required
def delete_strava_runs(request):
    """A confirmation (GET), then every run from Strava deleted (POST)."""
    strava_runs = Run.objects.owned_by(request.user).from_strava()
    if request.method == "POST":
        deleted = strava_runs.delete()[0]
        messages.success(
            request, f"{deleted} run{'s' if deleted != 1 else ''} from Strava deleted."
        )
        return redirect("runs:list")
    return render(request, "runs/strava_delete.html", {"strava_runs": strava_runs.count()})


@csrf_exempt  # Strava posts without a session, and answers nothing but events
def webhook(request):
    """GET: Strava's subscription handshake. POST: an event, recorded and queued for the
    worker, answered at once (Strava waits 2 s)."""
    _require_strava()
    if request.method == "GET":
        challenge = request.GET.get("hub.challenge", "")
        token = request.GET.get("hub.verify_token", "")
        if request.GET.get("hub.mode") != "subscribe" or not secrets.compare_digest(
            token, settings.STRAVA_VERIFY_TOKEN
        ):
            return HttpResponseForbidden("Not this app's verify token.")
        return JsonResponse({"hub.challenge": challenge})
    if request.method != "POST":
        return HttpResponse(status=405)
    try:
        body = json.loads(request.body)
        fields = {name: body[name] for name in EVENT_FIELDS}
        event = StravaEvent(
            object_type=str(fields["object_type"])[:20],
            aspect_type=str(fields["aspect_type"])[:10],
            object_id=int(fields["object_id"]),
            owner_id=int(fields["owner_id"]),
            updates=body.get("updates") if isinstance(body.get("updates"), dict) else {},
            event_time=int(body["event_time"]) if "event_time" in body else None,
        )
    except (ValueError, KeyError, TypeError):
        return HttpResponse("Not a Strava event.", status=400)
    with transaction.atomic():
        event.save()
        tasks.enqueue(event)
    return HttpResponse("ok")
