"""The worker parses each file in a process of a pool, within a CPU time and a memory bound: a
file over either is refused with its reason, and the rest of the upload is imported."""

import os

import pytest
from django.urls import reverse

from apps.runs.models import RunUpload, UploadFile
from tests.runs import fitwriter
from tests.runs.test_import import export_zip, fit_run, run_queued, upload

pytestmark = pytest.mark.django_db


# Over the record limit (500,000), which these tests raise: each bound holds for any file.
SLOW_FIT_RECORDS = 900_000


def slow_fit() -> bytes:
    """900,000 two-byte records, which the FIT SDK takes ~5 s and ~220 MB to decode."""
    return fitwriter.tiny_records(SLOW_FIT_RECORDS, values=os.urandom(SLOW_FIT_RECORDS))


def report(runner_client) -> tuple[dict, str]:
    stored = RunUpload.objects.get()
    page = runner_client.get(reverse("runs:upload_detail", args=[stored.pk])).content.decode()
    return {f.name: (f.outcome, f.message) for f in UploadFile.objects.all()}, page


def test_a_file_over_its_cpu_time_is_refused_and_the_next_imported(runner, runner_client, settings):
    settings.RUNS_PARSE_CPU_SECONDS = 1
    settings.RUNS_FILE_MAX_RECORDS = SLOW_FIT_RECORDS
    export = export_zip({"activities/1.fit": slow_fit(), "activities/2.fit": fit_run()})
    upload(runner_client, ("export.zip", export))
    run_queued(runner)

    files, page = report(runner_client)
    message = (
        "Reading this file took over 1 s of computing, far more than a run's file needs, so it "
        "was not imported."
    )
    assert files == {"activities/1.fit": ("refused", message), "activities/2.fit": ("imported", "")}
    assert f"Not imported: {message}".replace("'", "&#x27;") in page
    assert "1 run imported of 2 files." in page


def test_a_file_over_its_memory_is_refused_and_the_next_imported(runner, runner_client, settings):
    settings.RUNS_PARSE_MEMORY_MB = 120
    settings.RUNS_FILE_MAX_RECORDS = SLOW_FIT_RECORDS
    export = export_zip({"activities/1.fit": slow_fit(), "activities/2.fit": fit_run()})
    upload(runner_client, ("export.zip", export))
    run_queued(runner)

    files, page = report(runner_client)
    message = (
        "Reading this file needed over 120 MB of memory, far more than a run's file needs, so "
        "it was not imported."
    )
    assert files == {"activities/1.fit": ("refused", message), "activities/2.fit": ("imported", "")}
    assert "1 run imported of 2 files." in page
