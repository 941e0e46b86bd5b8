"""Uploading activity files: stored, read by the task file by file, reported, never twice."""

import gzip
import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.runs import tasks
from apps.runs.models import Run, RunUpload, UploadFile
from tests.runs import fitwriter
from tests.runs.test_parsing import FIXTURES, fixture

pytestmark = pytest.mark.django_db
RECENT = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


def fit_run(start=RECENT, seconds=600, **kwargs) -> bytes:
    return fitwriter.activity_file(fitwriter.steady_records(start, seconds), **kwargs)


def export_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", "Activity ID,Activity Type\n1,Run\n")
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, *files: tuple[str, bytes]):
    return client.post(
        reverse("runs:upload"),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


def run_queued(runner):
    """Runs the import of every upload of `runner` still waiting, as the worker would."""
    for pk in RunUpload.objects.filter(runner=runner).unfinished().values_list("pk", flat=True):
        tasks.import_upload.call(pk)


def test_an_export_zip_is_read_file_by_file_and_reported(runner, runner_client):
    strava = export_zip(
        {
            "activities/101.fit.gz": gzip.compress(fixture("fit/activity-small-fenix2-run.fit")),
            "activities/102.fit": fixture("fit/garmin-fenix-5-run.fit"),
            "activities/103.gpx": fixture("gpx/cerknicko-without-times.gpx"),
            "activities/104.tcx": fixture("tcx/sup_activity_1.tcx"),
            "activities/105.fit": fixture("fit/activity-unexpected-eof.fit"),
        }
    )
    response = upload(runner_client, ("export_123.zip", strava))
    stored = RunUpload.objects.get(runner=runner)
    assert response.status_code == 302
    assert response.url == reverse("runs:upload_detail", args=[stored.pk])
    assert stored.status == RunUpload.Status.QUEUED
    # Kept: the activity files alone (activities.csv, photos and the like are left out).
    kept = zipfile.ZipFile(io.BytesIO(bytes(stored.data))).namelist()
    assert kept == [f"activities/10{n}.{kind}" for n, kind in
                    [(1, "fit.gz"), (2, "fit"), (3, "gpx"), (4, "tcx"), (5, "fit")]]  # fmt: skip

    run_queued(runner)

    stored.refresh_from_db()
    assert stored.status == RunUpload.Status.DONE
    assert (stored.files_total, stored.files_done, stored.runs_imported) == (5, 5, 2)
    assert stored.data is None  # the bytes sent are not kept once read
    outcomes = {f.name: (f.outcome, f.code) for f in UploadFile.objects.filter(upload=stored)}
    assert outcomes["activities/101.fit.gz"] == ("imported", "")
    assert outcomes["activities/102.fit"] == ("imported", "")
    assert outcomes["activities/103.gpx"] == ("refused", "no_timestamps")
    assert outcomes["activities/104.tcx"] == ("refused", "not_a_run")
    assert outcomes["activities/105.fit"][1] in {"truncated", "corrupt"}
    fenix2 = Run.objects.get(runner=runner, file_name="activities/101.fit.gz")
    assert 46 <= fenix2.moving_seconds / 60 <= 48
    assert fenix2.distance_m == pytest.approx(9008, abs=10)
    assert fenix2.elevation_gain_m == pytest.approx(64, abs=2)
    assert fenix2.cadence_spm == pytest.approx(162, abs=2)  # steps, not FIT's strides

    page = runner_client.get(response.url).content.decode()
    assert "2 runs imported of 5 files." in page
    assert "Not imported: This is not a run" in page or "not a run" in page.lower()


def test_the_same_export_sent_again_changes_nothing(runner, runner_client):
    export = export_zip({"a.fit": fit_run(), "b.fit": fit_run(RECENT + timedelta(days=1))})
    upload(runner_client, ("export.zip", export))
    run_queued(runner)
    before = list(Run.objects.order_by("pk").values_list("pk", "started_at"))
    upload(runner_client, ("export.zip", export))
    run_queued(runner)
    assert list(Run.objects.order_by("pk").values_list("pk", "started_at")) == before
    second = RunUpload.objects.filter(runner=runner).latest("created_at")
    assert second.runs_imported == 0
    messages = set(second.files.values_list("message", flat=True))
    assert all(message.startswith("Already imported") for message in messages)


def test_the_same_run_from_another_file_is_a_duplicate(runner, runner_client):
    upload(runner_client, ("watch.fit", fit_run()))
    run_queued(runner)
    # The same run a few seconds off, as Strava's copy of it might be: a different file.
    upload(runner_client, ("strava.fit", fit_run(RECENT + timedelta(seconds=3), seconds=601)))
    run_queued(runner)
    assert Run.objects.filter(runner=runner).count() == 1
    refused = UploadFile.objects.get(name="strava.fit")
    assert refused.outcome == "refused"
    assert "same time" in refused.message


def test_a_run_in_the_future_is_refused(runner, runner_client):
    upload(runner_client, ("later.fit", fit_run(datetime.now(UTC) + timedelta(days=2))))
    run_queued(runner)
    assert not Run.objects.exists()
    assert UploadFile.objects.get().code == "future"


@pytest.mark.parametrize(
    ("grade_pct", "min_distance_m", "climbs"), [(4.0, 100, 6), (5.0, 100, 0), (4.0, 1000, 0)]
)
def test_the_hill_rule_is_the_one_in_settings(
    runner, runner_client, settings, grade_pct, min_distance_m, climbs
):
    """An hour over six ramps of 4.4 % and 900 m: six hills by the settings' rule, none by a
    steeper or a longer one."""
    settings.RUNS_HILL_GRADE_PCT = grade_pct
    settings.RUNS_HILL_MIN_DISTANCE_M = min_distance_m

    upload(runner_client, ("hour.fit", fitwriter.one_hour_run(RECENT)))
    run_queued(runner)

    run = Run.objects.get(runner=runner)
    assert len(run.climbs) == climbs
    assert (run.climbing_seconds > 0) == (climbs > 0)


def test_several_loose_files_share_one_upload_and_report(runner, runner_client):
    response = upload(
        runner_client,
        ("one.fit", fit_run()),
        ("two.fit", fit_run(RECENT + timedelta(days=1))),
    )
    stored = RunUpload.objects.get(runner=runner)
    assert response.url == reverse("runs:upload_detail", args=[stored.pk])
    assert stored.file_name == "2 files.zip"
    run_queued(runner)
    stored.refresh_from_db()
    assert stored.runs_imported == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "notes.txt is not a FIT, GPX or TCX file"),
        ("empty.fit", b"", "The submitted file is empty."),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_next_to_the_field(runner_client, name, data, message):
    response = upload(runner_client, (name, data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RunUpload.objects.exists()


def test_a_damaged_zip_is_refused_next_to_the_field(runner_client):
    response = upload(runner_client, ("export.zip", b"PK\x03\x04 not really a zip"))
    assert response.status_code == 200
    assert "export.zip: This zip file is damaged or cut short." in response.content.decode()
    assert not RunUpload.objects.exists()


def test_a_zip_without_activity_files_is_refused_next_to_the_field(runner_client):
    response = upload(runner_client, ("photos.zip", export_zip({"media/1.jpg": b"\xff\xd8"})))
    assert "photos.zip holds no activity file" in response.content.decode()
    assert not RunUpload.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(runner_client, settings):
    settings.RUNS_ZIP_MAX_RATIO = 100
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities/bomb.gpx", b"<gpx>" + b" " * 20_000_000)
    response = upload(runner_client, ("export.zip", buffer.getvalue()))
    assert "looks built to overflow the server" in response.content.decode()
    assert not RunUpload.objects.exists()
    assert not Run.objects.exists()


def test_too_many_activity_files_in_one_zip_are_refused(runner_client, settings):
    settings.RUNS_ZIP_MAX_FILES = 3
    files = {f"activities/{n}.fit": fit_run(RECENT + timedelta(days=n)) for n in range(4)}
    response = upload(runner_client, ("export.zip", export_zip(files)))
    assert "holds 4 activity files; at most 3" in response.content.decode()
    assert not RunUpload.objects.exists()


def test_an_export_with_photos_keeps_only_what_the_worker_reads(runner, runner_client):
    files = {"activities/1.fit": fit_run(), "media/big.jpg": bytes(range(256)) * 4000}
    upload(runner_client, ("export.zip", export_zip(files)))
    stored = RunUpload.objects.get()
    assert stored.size < 20_000
    run_queued(runner)
    stored.refresh_from_db()
    assert (stored.files_total, stored.runs_imported) == (1, 1)


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(runner_client, settings):
    limit = settings.RUNS_UPLOAD_MAX_BYTES + 100_000
    response = runner_client.post(
        reverse("runs:upload"), data=b"x", content_type="text/plain", CONTENT_LENGTH=limit + 1
    )
    assert response.status_code == 413


def test_progress_is_counted_as_files_are_read(runner, runner_client):
    upload(runner_client, ("export.zip", export_zip({"a.fit": fit_run(), "b.fit": b"junk"})))
    stored = RunUpload.objects.get()
    page = runner_client.get(reverse("runs:upload_detail", args=[stored.pk]))
    assert 'http-equiv="refresh"' in page.content.decode()  # refreshes itself without JS
    assert 'hx-trigger="every 1s"' in page.content.decode()
    # Half read, as a worker stopped midway leaves it: the second file is read on resume.
    RunUpload.objects.filter(pk=stored.pk).update(files_total=2, status="working")
    tasks._import_file(stored, 0, "a.fit", fit_run(), 4.0, 100.0)
    fragment = runner_client.get(
        reverse("runs:upload_detail", args=[stored.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "1 of 2 files read" in fragment
    assert "<html" not in fragment
    tasks.import_upload.call(stored.pk)
    stored.refresh_from_db()
    assert (stored.status, stored.files_done, stored.runs_imported) == ("done", 2, 1)
    assert list(stored.files.values_list("position", flat=True)) == [0, 1]


def test_a_runner_deletes_a_run_after_confirming(runner, runner_client):
    upload(runner_client, ("one.fit", fit_run()))
    run_queued(runner)
    run = Run.objects.get()
    url = reverse("runs:delete", args=[run.pk])
    assert "Delete the run of" in runner_client.get(url).content.decode()
    assert Run.objects.exists()
    response = runner_client.post(url)
    assert response.url == reverse("runs:list")
    assert not Run.objects.exists()
    # Its report line stays, saying it was deleted.
    page = runner_client.get(reverse("runs:upload_detail", args=[run.upload_id])).content
    assert b"Imported, since deleted" in page


def test_every_fixture_file_can_be_sent_on_its_own(runner, runner_client):
    for path in sorted(FIXTURES.glob("*/*")):
        if "LICENSE" in path.name:
            continue
        upload(runner_client, (path.name, path.read_bytes()))
    run_queued(runner)
    assert not RunUpload.objects.exclude(status="done").exists()
    assert Run.objects.filter(runner=runner).count() >= 3


def test_the_runs_pages_make_as_many_queries_for_2000_runs_as_for_10(
    runner, coach, runner_client, coach_client, page_queries
):
    from tests.runs.factories import RunFactory

    urls = [
        (runner_client, reverse("runs:list")),
        (runner_client, reverse("dashboard:home")),
        (runner_client, reverse("sitting:week")),
        (coach_client, reverse("runs:runner_list", args=[runner.pk])),
        (coach_client, reverse("dashboard:runner", args=[runner.pk])),
    ]
    Run.objects.bulk_create(RunFactory.build(runner=runner) for _ in range(10))
    few = [page_queries(client, url) for client, url in urls]
    Run.objects.bulk_create(RunFactory.build(runner=runner) for _ in range(1990))
    many = [page_queries(client, url) for client, url in urls]
    assert many == few
    run = Run.objects.first()
    assert page_queries(runner_client, reverse("runs:detail", args=[run.pk])) <= 6


def test_a_garmin_export_keeps_its_fit_files_in_zips_inside_the_zip(runner, runner_client):
    part = io.BytesIO()
    with zipfile.ZipFile(part, "w") as inner:
        inner.writestr("run_1.fit", fit_run())
        inner.writestr("run_2.fit", fit_run(RECENT + timedelta(days=1)))
    garmin = io.BytesIO()
    with zipfile.ZipFile(garmin, "w") as outer:
        outer.writestr("DI_CONNECT/DI-Connect-Fitness/profile.json", "{}")
        outer.writestr("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
                       part.getvalue())  # fmt: skip
    upload(runner_client, ("garmin_export.zip", garmin.getvalue()))
    run_queued(runner)
    stored = RunUpload.objects.get()
    assert (stored.files_total, stored.runs_imported) == (2, 2)
    assert stored.files.first().name.endswith("UploadedFiles_0-_Part1/run_1.fit")


def test_a_damaged_zip_inside_an_export_is_named(runner, runner_client):
    garmin = io.BytesIO()
    with zipfile.ZipFile(garmin, "w") as outer:
        outer.writestr("Part1.zip", b"PK\x03\x04 broken")
    response = upload(runner_client, ("garmin_export.zip", garmin.getvalue()))
    run_queued(runner)  # the zips inside are opened by the worker, never by the web request
    page = runner_client.get(response.url).content.decode()
    assert "The zip Part1.zip inside this one is damaged." in page
    assert RunUpload.objects.get().status == RunUpload.Status.FAILED
    assert not Run.objects.exists()


def test_a_large_export_is_parsed_by_a_pool_of_processes_and_stored_in_order(
    runner, runner_client, settings
):
    settings.RUNS_PARSE_PROCESSES = 2
    files = {f"activities/{n:02d}.fit": fit_run(RECENT - timedelta(days=n)) for n in range(40)}
    files["activities/20.fit"] = b"not a fit file at all"
    files["activities/21.fit"] = fit_run(RECENT - timedelta(days=5))  # the same start as 05
    upload(runner_client, ("export.zip", export_zip(files)))
    run_queued(runner)
    stored = RunUpload.objects.get()
    assert (stored.status, stored.files_done, stored.runs_imported) == ("done", 40, 38)
    report = list(stored.files.values_list("position", "name", "code"))
    assert [position for position, _name, _code in report] == list(range(40))
    assert [name for _position, name, _code in report] == sorted(files)
    assert report[20][2] in {"unsupported", "corrupt"}
    assert report[21][2] == "duplicate"
