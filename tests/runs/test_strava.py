"""Runs from Strava, against a fake Strava served over HTTP (tests/runs/fake_strava.py): the
connect flow, the webhook's handshake and events, the worker's tasks, rate limits, token
refresh, reconnecting, disconnecting, and who may use what."""

import io
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from apps.runs.models import Run, StravaConnection, StravaEvent, StravaRateLimit
from apps.runs.strava import tokens
from apps.runs.strava.tasks import resume_stranded
from tests.runs import fitwriter
from tests.runs.conftest import VERIFY_TOKEN
from tests.runs.fake_strava import ACTIVITY_ID, ATHLETE_ID, GOOD_CODE, payload
from tests.runs.test_import import run_queued, upload

pytestmark = pytest.mark.django_db
EVENTS = payload("events.json")


@pytest.fixture
def commit_callbacks(django_capture_on_commit_callbacks):
    """What the app queues on commit is queued (the test's transaction never commits)."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


def strava_tasks():
    return DBTaskResult.objects.filter(
        task_path__startswith="apps.runs.strava.", status=TaskResultStatus.READY
    )


def work(django_capture_on_commit_callbacks, *, rounds=20) -> int:
    """The worker: every due Strava task run, those they queue too. Returns how many ran."""
    ran = 0
    for _round in range(rounds):
        due = list(DBTaskResult.objects.ready().filter(task_path__startswith="apps.runs.strava."))
        if not due:
            return ran
        for row in due:
            row.delete()  # taken off the queue, as the worker claims it
            with django_capture_on_commit_callbacks(execute=True):
                import_string(row.task_path).call(
                    *row.args_kwargs["args"], **row.args_kwargs["kwargs"]
                )
            ran += 1
    return ran


def later(minutes=16):
    """Time passes: the budget's wait and every queued task are due now."""
    StravaRateLimit.objects.update(resume_at=timezone.now() - timedelta(seconds=1))
    strava_tasks().update(run_after=timezone.now() - timedelta(seconds=1))


def connect(client, scope="read,activity:read_all", code=GOOD_CODE):
    """The runner's trip to Strava and back: the connect button, then Strava's redirect."""
    response = client.post(reverse("runs:strava_connect"))
    sent_to = urlparse(response.url)
    query = parse_qs(sent_to.query)
    back = {"state": query["state"][0], "code": code, "scope": scope}
    return response, client.get(reverse("runs:strava_callback"), back, follow=True)


@pytest.fixture
def connected(fake_strava, runner, runner_client, django_capture_on_commit_callbacks):
    """The runner connected, with nothing in the last 12 weeks to fetch."""
    fake_strava.listed = []
    with django_capture_on_commit_callbacks(execute=True):
        connect(runner_client)
    work(django_capture_on_commit_callbacks)
    return StravaConnection.objects.get(runner=runner)


def post_event(client, name, **changes):
    return client.post(
        reverse("runs:strava_webhook"), {**EVENTS[name], **changes}, content_type="application/json"
    )


def strava_run(runner):
    return Run.objects.get(runner=runner, strava_activity_id=ACTIVITY_ID)


# --- configuration and the handshake --------------------------------------------------------


def test_without_configuration_the_strava_button_is_hidden(runner_client):
    page = runner_client.get(reverse("runs:list")).content.decode()
    assert "Connect with Strava" not in page
    assert runner_client.post(reverse("runs:strava_connect")).status_code == 404
    assert runner_client.get(reverse("runs:strava_webhook")).status_code == 404


def test_with_configuration_the_runner_sees_the_button(fake_strava, runner_client):
    page = runner_client.get(reverse("runs:list")).content.decode()
    assert "Connect with Strava" in page


def test_the_handshake_echoes_the_challenge_to_the_right_verify_token(fake_strava, client):
    url = reverse("runs:strava_webhook")
    answer = client.get(
        url,
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "15f7d1a9"},
    )
    assert answer.json() == {"hub.challenge": "15f7d1a9"}
    wrong = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "x"}
    )
    assert wrong.status_code == 403


# --- connecting and the backfill -------------------------------------------------------------


def test_connecting_asks_strava_for_activity_read_all(fake_strava, runner_client):
    response = runner_client.post(reverse("runs:strava_connect"))
    sent_to = urlparse(response.url)
    query = parse_qs(sent_to.query)
    assert sent_to.path == "/oauth/authorize"
    assert query["scope"] == ["activity:read_all"]
    assert query["redirect_uri"] == ["https://psoas.example.org/runs/strava/callback/"]


def test_connecting_keeps_the_tokens_encrypted_and_fetches_the_last_weeks(
    fake_strava, runner, runner_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _, page = connect(runner_client)
    assert "Strava is connected" in page.content.decode()
    connection = StravaConnection.objects.get(runner=runner)
    assert connection.athlete_id == ATHLETE_ID
    assert b"access-1" not in bytes(connection.access_token)  # not in the clear
    assert b"refresh-1" not in bytes(connection.refresh_token)
    assert tokens.decrypt(connection.access_token) == "access-1"

    work(django_capture_on_commit_callbacks)
    # The list holds a run and a ride: the run is fetched and stored, the ride left out.
    run = strava_run(runner)
    assert (run.source, run.file_format, run.day.isoformat()) == ("strava", "", "2026-11-20")
    assert fake_strava.calls(r"/api/v3/activities/12345678987654322.*") == 0
    connection.refresh_from_db()
    assert (connection.backfill_total, connection.backfill_done) == (1, 1)
    page = runner_client.get(reverse("runs:list")).content.decode()
    assert "from Strava" in page
    assert "Powered by Strava" in page
    detail = runner_client.get(reverse("runs:detail", args=[run.pk])).content.decode()
    assert f'href="https://www.strava.com/activities/{ACTIVITY_ID}"' in detail
    assert "View on Strava" in detail


def test_the_backfill_shows_its_progress(fake_strava, runner, runner_client, commit_callbacks):
    connect(runner_client)
    StravaConnection.objects.filter(runner=runner).update(
        backfill_listed=True, backfill_total=3, backfill_done=1
    )
    page = runner_client.get(reverse("runs:list")).content.decode()
    assert "1 of 3 read" in page
    assert '<progress id="strava-bar" max="3" value="1">' in page


def test_without_the_private_activities_scope_nothing_is_connected(
    fake_strava, runner, runner_client
):
    _, page = connect(runner_client, scope="read")
    assert "View data about your private activities" in page.content.decode()
    assert not StravaConnection.objects.exists()


def test_a_callback_not_started_here_connects_nothing(fake_strava, runner_client):
    back = {"state": "forged", "code": GOOD_CODE, "scope": "read,activity:read_all"}
    page = runner_client.get(reverse("runs:strava_callback"), back, follow=True)
    assert "not started here" in page.content.decode()
    assert not StravaConnection.objects.exists()


# --- events ---------------------------------------------------------------------------------


def test_an_event_is_only_recorded_then_the_worker_stores_the_run(
    connected, client, runner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, "create")
    assert response.status_code == 200
    event = StravaEvent.objects.get(backfill=False)
    assert (event.object_id, event.owner_id, event.status) == (ACTIVITY_ID, ATHLETE_ID, "pending")
    assert not Run.objects.exists()  # the webhook did no more than record it

    work(django_capture_on_commit_callbacks)
    run = strava_run(runner)
    # The recorded activity and streams, summed up as a file is: 1,800 m in 600 s moving,
    # Strava's 85 strides a minute as 170 steps.
    assert run.distance_m == pytest.approx(1800)
    assert (run.elapsed_seconds, run.moving_seconds) == (610, 600)
    assert run.cadence_spm == pytest.approx(170)
    assert run.elevation_gain_m == pytest.approx(9.8)
    assert (run.device, run.file_name) == ("Garmin Forerunner 265", "Easy morning run")
    event.refresh_from_db()
    assert event.status == "done"


def test_a_malformed_event_is_refused(fake_strava, client):
    response = client.post(reverse("runs:strava_webhook"), "{}", content_type="application/json")
    assert response.status_code == 400
    assert not StravaEvent.objects.exists()


def created(client, capture):
    """The create event posted and applied: the run is stored."""
    with capture(execute=True):
        post_event(client, "create")
    work(capture)


def test_an_update_replaces_the_run(
    connected, fake_strava, client, runner, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    first = strava_run(runner)
    fake_strava.activities[ACTIVITY_ID] |= {"name": "Hill repeats", "total_elevation_gain": 60.0}
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "update")
    work(django_capture_on_commit_callbacks)
    run = strava_run(runner)
    assert (run.file_name, run.elevation_gain_m) == ("Hill repeats", 60.0)
    assert Run.objects.filter(runner=runner).count() == 1
    assert run.pk != first.pk


def test_an_update_to_another_sport_deletes_the_run(
    connected, fake_strava, client, runner, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    fake_strava.activities[ACTIVITY_ID] |= {"type": "Walk", "sport_type": "Walk"}
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "update", updates={"type": "Walk"})
    work(django_capture_on_commit_callbacks)
    assert not Run.objects.filter(runner=runner).exists()


def test_a_delete_deletes_the_run_once_strava_confirms(
    connected, fake_strava, client, runner, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    # A delete event for an activity Strava still has (events are not signed): nothing goes.
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "delete")
    work(django_capture_on_commit_callbacks)
    assert Run.objects.filter(runner=runner).exists()
    del fake_strava.activities[ACTIVITY_ID]
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "delete")
    work(django_capture_on_commit_callbacks)
    assert not Run.objects.filter(runner=runner).exists()


def test_deauthorisation_deletes_the_strava_data_and_keeps_the_files_runs(
    connected, fake_strava, client, runner, runner_client, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    upload(runner_client, ("watch.fit", fitwriter.activity_file(
        fitwriter.steady_records(timezone.now() - timedelta(days=3), 600))))  # fmt: skip
    run_queued(runner)
    # Not confirmed by Strava (the token still works): nothing is deleted.
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "deauthorize")
    work(django_capture_on_commit_callbacks)
    assert StravaConnection.objects.filter(runner=runner).exists()
    fake_strava.revoke_all()  # the athlete revoked the app on strava.com
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "deauthorize")
    work(django_capture_on_commit_callbacks)
    assert not StravaConnection.objects.filter(runner=runner).exists()
    assert list(Run.objects.filter(runner=runner).values_list("source", flat=True)) == ["file"]


def test_a_run_already_imported_from_a_file_is_not_doubled(
    connected, client, runner, runner_client, django_capture_on_commit_callbacks
):
    start = timezone.datetime(2026, 11, 20, 7, 0, 20, tzinfo=timezone.UTC)  # 20 s off
    upload(runner_client, ("watch.fit", fitwriter.activity_file(
        fitwriter.steady_records(start, 600))))  # fmt: skip
    run_queued(runner)
    created(client, django_capture_on_commit_callbacks)
    assert list(Run.objects.filter(runner=runner).values_list("source", flat=True)) == ["file"]
    event = StravaEvent.objects.get(backfill=False)
    assert event.status == "done"
    assert "Already imported" in event.outcome


# --- rate limits, failures, tokens ----------------------------------------------------------


def test_a_429_storm_waits_for_the_budget_and_never_drops_the_event(
    connected, fake_strava, client, runner, django_capture_on_commit_callbacks
):
    fake_strava.too_many = 3
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "create")
    for _storm in range(3):
        work(django_capture_on_commit_callbacks)
        event = StravaEvent.objects.get(backfill=False)
        assert event.status == "pending"
        waiting = StravaRateLimit.objects.get()
        assert waiting.resume_at > timezone.now()  # until the next quarter hour
        assert waiting.resume_at <= timezone.now() + timedelta(minutes=15, seconds=2)
        queued = strava_tasks().get()
        assert queued.run_after == waiting.resume_at  # put off, not dropped
        calls = len(fake_strava.requests)
        assert work(django_capture_on_commit_callbacks) == 0  # nothing is due meanwhile
        assert len(fake_strava.requests) == calls  # and nothing sent while the budget is spent
        later()
    work(django_capture_on_commit_callbacks)
    assert strava_run(runner)
    assert StravaEvent.objects.get(backfill=False).status == "done"


def test_the_budget_read_from_the_headers_holds_every_task(
    connected, fake_strava, client, django_capture_on_commit_callbacks
):
    from tests.runs import fake_strava as fake_module

    fake_strava.usage = fake_module.FIFTEEN_MINUTE_LIMIT - 1  # the next call spends it
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "create")
    work(django_capture_on_commit_callbacks)
    assert StravaRateLimit.objects.get().resume_at > timezone.now()


def test_a_network_failure_is_retried_with_a_growing_backoff(
    connected, fake_strava, client, runner, django_capture_on_commit_callbacks
):
    fake_strava.unreachable = 2
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "create")
    delays = []
    for _failure in range(2):
        work(django_capture_on_commit_callbacks)
        delays.append((strava_tasks().get().run_after - timezone.now()).total_seconds())
        later()
    assert 25 < delays[0] <= 30
    assert 55 < delays[1] <= 60
    work(django_capture_on_commit_callbacks)
    assert strava_run(runner)
    assert StravaEvent.objects.get(backfill=False).attempts == 2


def test_a_token_about_to_expire_is_refreshed_first(
    connected, fake_strava, client, runner, django_capture_on_commit_callbacks
):
    StravaConnection.objects.filter(pk=connected.pk).update(
        expires_at=timezone.now() + timedelta(minutes=5)
    )
    created(client, django_capture_on_commit_callbacks)
    assert fake_strava.calls("/oauth/token") == 2  # the code's exchange, then one refresh
    connection = StravaConnection.objects.get(pk=connected.pk)
    assert tokens.decrypt(connection.access_token) == "access-2"
    assert tokens.decrypt(connection.refresh_token) == "refresh-2"
    assert connection.expires_at > timezone.now() + timedelta(hours=5)
    assert strava_run(runner)


def test_an_expired_refresh_token_asks_the_runner_to_reconnect_and_keeps_the_event(
    connected, fake_strava, client, runner, runner_client, django_capture_on_commit_callbacks
):
    StravaConnection.objects.filter(pk=connected.pk).update(expires_at=timezone.now())
    fake_strava.refresh_tokens.clear()  # Strava no longer accepts it
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "create")
    work(django_capture_on_commit_callbacks)
    assert StravaConnection.objects.get(pk=connected.pk).needs_reconnect
    assert StravaEvent.objects.get(backfill=False).status == "pending"
    page = runner_client.get(reverse("runs:list")).content.decode()
    assert "connect again" in page
    assert "Connect with Strava again" in page

    with django_capture_on_commit_callbacks(execute=True):
        connect(runner_client)
    work(django_capture_on_commit_callbacks)
    assert not StravaConnection.objects.get(pk=connected.pk).needs_reconnect
    assert strava_run(runner)
    assert StravaEvent.objects.get(backfill=False).status == "done"


# --- disconnecting, deleting ----------------------------------------------------------------


def test_disconnecting_revokes_and_deletes_the_tokens_and_keeps_the_runs(
    connected, fake_strava, client, runner, runner_client, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    page = runner_client.get(reverse("runs:strava_disconnect")).content.decode()
    assert "The 1 run already imported from Strava" in page
    response = runner_client.post(reverse("runs:strava_disconnect"), {"runs": "keep"}, follow=True)
    assert "Strava is disconnected." in response.content.decode()
    assert fake_strava.calls("/oauth/deauthorize") == 1
    assert fake_strava.deauthorized
    assert not StravaConnection.objects.exists()
    assert strava_run(runner).source == "strava"
    assert "Delete all Strava runs" in runner_client.get(reverse("runs:list")).content.decode()


def test_disconnecting_may_delete_the_strava_runs_too(
    connected, client, runner, runner_client, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    runner_client.post(reverse("runs:strava_disconnect"), {"runs": "delete"})
    assert not Run.objects.filter(runner=runner).exists()


def test_all_strava_runs_are_deleted_at_once_and_the_files_runs_stay(
    connected, client, runner, runner_client, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    upload(runner_client, ("watch.fit", fitwriter.activity_file(
        fitwriter.steady_records(timezone.now() - timedelta(days=3), 600))))  # fmt: skip
    run_queued(runner)
    page = runner_client.get(reverse("runs:strava_delete_runs")).content.decode()
    assert "Delete all 1 run from Strava?" in page
    runner_client.post(reverse("runs:strava_delete_runs"))
    assert list(Run.objects.filter(runner=runner).values_list("source", flat=True)) == ["file"]


# --- who may use what -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coach_client", "stranger_client"])
def test_nobody_else_disconnects_or_deletes_the_runners_strava(
    who, connected, client, runner, request, django_capture_on_commit_callbacks
):
    created(client, django_capture_on_commit_callbacks)
    other = request.getfixturevalue(who)
    other.post(reverse("runs:strava_disconnect"), {"runs": "delete"})
    other.post(reverse("runs:strava_delete_runs"))
    back = {"state": "x", "code": GOOD_CODE, "scope": "read,activity:read_all"}
    other.get(reverse("runs:strava_callback"), back)
    assert StravaConnection.objects.filter(runner=runner, athlete_id=ATHLETE_ID).exists()
    assert strava_run(runner)


@pytest.mark.parametrize(("who", "status"), [("runner_client", 200), ("coach_client", 404),
                                             ("stranger_client", 404)])  # fmt: skip
def test_a_strava_run_is_seen_by_its_runner_alone(
    who, status, connected, client, runner, request, django_capture_on_commit_callbacks
):
    """Strava's API agreement: a user's Strava data is shown to that user only."""
    created(client, django_capture_on_commit_callbacks)
    response = request.getfixturevalue(who).get(
        reverse("runs:detail", args=[strava_run(runner).pk])
    )
    assert response.status_code == status
    if status == 200:
        assert "View on Strava" in response.content.decode()


def test_the_linked_coach_reads_the_runs_from_files_only(
    connected,
    client,
    runner,
    runner_client,
    coach,
    coach_client,
    django_capture_on_commit_callbacks,
):
    created(client, django_capture_on_commit_callbacks)
    start = timezone.datetime(2026, 11, 18, 7, 0, tzinfo=timezone.UTC)  # another day's run
    upload(runner_client, ("watch.fit", fitwriter.activity_file(
        fitwriter.steady_records(start, 600))))  # fmt: skip
    run_queued(runner)
    from_file = Run.objects.get(runner=runner, source="file")
    for url in (reverse("runs:runner_list", args=[runner.pk]),
                reverse("dashboard:runner", args=[runner.pk])):  # fmt: skip
        page = coach_client.get(url).content.decode()
        assert reverse("runs:detail", args=[from_file.pk]) in page
        assert reverse("runs:detail", args=[strava_run(runner).pk]) not in page
    assert list(Run.objects.coached_by(coach)) == [from_file]


def test_the_coach_sees_no_strava_control_of_the_runner(connected, coach_client, runner):
    page = coach_client.get(reverse("runs:runner_list", args=[runner.pk])).content.decode()
    assert "Disconnect Strava" not in page
    assert "Connect with Strava" not in page


# --- the subscription -----------------------------------------------------------------------


def test_the_command_creates_the_subscription_once(fake_strava, capsys):
    with pytest.raises(CommandError, match="No subscription"):
        call_command("strava_subscription", "--check")
    call_command("strava_subscription")
    call_command("strava_subscription")
    out = capsys.readouterr().out
    assert out.count("Subscribed: 120475 calls https://psoas.example.org/strava/webhook/") == 2
    assert len(fake_strava.subscriptions) == 1


# --- the account's export -------------------------------------------------------------------


def test_strava_runs_travel_in_the_export_and_the_tokens_never_do(
    connected, client, runner, runner_client, client_class, django_capture_on_commit_callbacks
):
    from tests.portability.helpers import export_of
    from tests.portability.test_runs_in_export import import_as_newcomer

    created(client, django_capture_on_commit_callbacks)
    data = export_of(runner_client)
    text = json.dumps(data)
    assert "access-" not in text
    assert "refresh-" not in text
    assert "athlete_id" not in text
    (run,) = data["runs"]
    assert (run["source"], run["strava_activity_id"]) == ("strava", ACTIVITY_ID)
    newcomer, response = import_as_newcomer(client_class, data)
    assert response.status_code == 200
    assert Run.objects.get(runner=newcomer).source == "strava"
    assert not StravaConnection.objects.filter(runner=newcomer).exists()


def test_a_version_9_export_imports_its_runs_as_from_files(
    runner, runner_client, client_class, fake_strava
):
    from tests.portability.helpers import export_of
    from tests.portability.test_runs_in_export import import_as_newcomer

    upload(runner_client, ("watch.fit", fitwriter.activity_file(
        fitwriter.steady_records(timezone.now() - timedelta(days=3), 600))))  # fmt: skip
    run_queued(runner)
    data = export_of(runner_client)
    data["version"] = 9
    for old in data["runs"]:
        del old["source"], old["strava_activity_id"]
    newcomer, _ = import_as_newcomer(client_class, data)
    assert list(Run.objects.filter(runner=newcomer).values_list("source", flat=True)) == ["file"]


# --- a worker stopped midway ----------------------------------------------------------------


def test_an_event_a_stopped_worker_was_applying_is_queued_again_at_start(
    connected, client, runner, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "create")
    # A worker claimed the task and was killed: django-tasks-db never runs a started task again.
    strava_tasks().update(status=TaskResultStatus.RUNNING)
    assert work(django_capture_on_commit_callbacks) == 0
    monkeypatch.setattr(
        "apps.runs.management.commands.runs_worker.call_command", lambda *args: None
    )  # the worker's loop itself (db_worker) is not started here
    out = io.StringIO()
    call_command("runs_worker", stdout=out)
    assert "Queued again 1 Strava event(s)" in out.getvalue()
    call_command("runs_worker", stdout=io.StringIO())
    assert strava_tasks().count() == 1  # queued once, however often the worker starts

    work(django_capture_on_commit_callbacks)
    assert strava_run(runner)
    assert StravaEvent.objects.get(backfill=False).status == "done"


def test_an_event_waiting_for_the_runner_to_reconnect_is_not_queued_again(
    connected, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "create")
    strava_tasks().delete()
    StravaConnection.objects.filter(pk=connected.pk).update(needs_reconnect=True)
    assert resume_stranded() == 0
    assert not strava_tasks().exists()
