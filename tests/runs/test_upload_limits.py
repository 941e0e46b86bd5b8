"""What the upload form refuses before anything is stored: no file, more than may be stored,
too many tries in a day (each counted, whatever became of it), and a zip whose directory alone
says it is not worth reading (the rest of it is the worker's)."""

import io
import random
import zipfile
import zlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts import throttle
from apps.runs import views
from apps.runs.models import Run, RunUpload
from tests.runs.test_import import fit_run, run_queued, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data", [{}, {"files": ""}])
def test_an_upload_without_a_file_is_refused_next_to_the_field(runner_client, data):
    response = runner_client.post(reverse("runs:upload"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the files to import: FIT, GPX or TCX files, or an export&#x27;s zip." in page
    assert "being read" not in page
    assert not RunUpload.objects.exists()


def test_every_try_counts_against_the_days_limit_whatever_became_of_it(runner_client, monkeypatch):
    monkeypatch.setattr(views, "UPLOADS_PER_ACCOUNT", throttle.Limit(3, timedelta(days=1)))
    upload(runner_client, ("export.zip", b"PK\x03\x04 not really a zip"))  # refused
    upload(runner_client, ("notes.txt", b"hello"))  # refused
    runner_client.post(reverse("runs:upload"), {})  # nothing sent

    response = upload(runner_client, ("run.fit", fit_run()))

    assert response.status_code == 429
    limit = settings.RUNS_UPLOADS_PER_DAY  # the message's figure; the test's limit is lower
    assert f"You have sent {limit} uploads today: send more tomorrow." in response.content.decode()
    assert not RunUpload.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("big.fit", 3_000_000)], "big.fit is 3 MB; the limit is 2 MB."),
        ([("big.fit.gz", 3_000_000)], "big.fit.gz is 3 MB; the limit is 2 MB."),
        (
            [("one.gpx", 1_500_000), ("two.tcx", 1_500_000)],
            "These 2 files come to 3 MB; the limit is 2 MB a time. Send them in parts.",
        ),
    ],
)
def test_loose_files_over_the_stored_limit_are_refused_before_they_are_stored(
    runner_client, settings, files, message
):
    settings.RUNS_STORED_MAX_BYTES = 2_000_000

    response = upload(runner_client, *((name, b"x" * size) for name, size in files))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RunUpload.objects.exists()


def many_members_zip(count: int) -> bytes:
    """An export of `count` GPX files, each deflated to about half: far under the ratio limit."""
    chance = random.Random(7)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"activities/{n}.gpx", gpx_of(chance.randbytes(5000)))
    return buffer.getvalue()


def gpx_of(noise: bytes) -> bytes:
    return b"<gpx>" + noise.hex().encode() + b"</gpx>"


def test_the_web_request_reads_a_zips_directory_and_unpacks_no_member(
    runner, runner_client, monkeypatch
):
    export = many_members_zip(1900)

    def unpack(*args):
        raise AssertionError("a member was unpacked on the web")

    with monkeypatch.context() as patched:
        patched.setattr(zlib, "decompressobj", unpack)
        response = upload(runner_client, ("export.zip", export))

    stored = RunUpload.objects.get()
    assert response.url == reverse("runs:upload_detail", args=[stored.pk])
    kept = zipfile.ZipFile(io.BytesIO(bytes(stored.data)))
    assert len(kept.namelist()) == 1900
    sent = zipfile.ZipFile(io.BytesIO(export))
    assert kept.read("activities/7.gpx") == sent.read("activities/7.gpx")


def test_a_damaged_member_is_the_workers_to_find_and_report(runner, runner_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("activities/1.fit", fit_run())
    damaged = buffer.getvalue().replace(b".FIT", b".FAT", 1)  # its CRC no longer matches

    response = upload(runner_client, ("export.zip", damaged))
    assert response.status_code == 302  # only the directory was read: it is whole
    run_queued(runner)

    page = runner_client.get(response.url).content.decode()
    assert "This zip is damaged: activities/1.fit cannot be unpacked." in page
    assert not Run.objects.exists()


def test_an_export_whose_activity_files_pass_the_stored_limit_is_refused(runner_client, settings):
    settings.RUNS_STORED_MAX_BYTES = 5_000_000

    response = upload(runner_client, ("export.zip", many_members_zip(1000)))  # 5.6 MB deflated

    assert "The activity files in export.zip come to 6 MB; the limit is 5 MB." in (
        response.content.decode()
    )
    assert not RunUpload.objects.exists()
