"""What the upload form refuses before anything is stored: no file, more than may be stored,
too many tries in a day (each counted, whatever became of it), and a zip whose directory alone
says it is not worth reading (the rest of it is the worker's)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts import throttle
from apps.runs import views
from apps.runs.models import RunUpload
from tests.runs.test_import import fit_run, upload

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
