"""Runs from a watch, with the database: issue 16's targets, measured in one run.

- A one-hour FIT file (3,600 records) parsed and stored, as the worker does it for one file of
  an upload (its transaction, its report line, the progress count): target under 150 ms.
- A 1,000-file export (a zip of FIT files of 30 to 60 minutes) imported by a real worker process
  (manage.py runs_worker), from its queueing to the last file: target under 3 minutes.
- Issue 25's red team: an upload of 40 FIT files of two-byte records, gzipped, being read by
  the worker when another account sends a one-hour run: the run read in under a minute. Twice:
  the red team's files (10 MB gzipped to 10 KB), and the worst within the limits (499,999
  records each, gzipped under the ratio: 3 to 6 s each to parse).

Against a throwaway PostgreSQL database, like bench/pages.py.

    make bench-runs       # or: python bench/runs_import.py [--files N] [--repeat N]
"""

import argparse
import gzip
import io
import os
import statistics
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoas_tracker.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.runs import services, tasks  # noqa: E402
from apps.runs.models import Run, RunUpload  # noqa: E402
from tests.runs import fitwriter  # noqa: E402
from tests.runs.worker import start_worker, stop  # noqa: E402

START = datetime(2024, 1, 1, 6, 0, tzinfo=UTC)


def one_file_ms(runner, repeat):
    """Median ms to parse and store a one-hour run, as the worker's step for one file."""
    times = []
    for n in range(repeat + 1):
        data = fitwriter.one_hour_run(START + timedelta(days=n))
        upload = RunUpload.objects.create(
            runner=runner, file_name="hour.fit", size=len(data), files_total=1, status="working"
        )
        start = time.perf_counter()
        tasks._import_file(upload, 0, "hour.fit", data, *services.hill_rule())
        times.append(time.perf_counter() - start)
    assert Run.objects.filter(runner=runner).count() == repeat + 1
    return statistics.median(times[1:]) * 1000  # the first warms the imports up


def export_of(files):
    """A Garmin-like export: `files` FIT runs of 30 to 60 minutes, one a day."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(files):
            seconds = 1800 + (n * 97) % 1800
            records = fitwriter.steady_records(START + timedelta(days=n, hours=12), seconds)
            archive.writestr(f"DI_CONNECT/DI-Connect-Uploaded-Files/{n}.fit",
                             fitwriter.activity_file(records))  # fmt: skip
    return buffer.getvalue()


def export_seconds(runner, files):
    data = export_of(files)
    upload = RunUpload.objects.create(
        runner=runner, file_name="export.zip", size=len(data), data=data
    )
    worker = start_worker()
    try:
        start = time.perf_counter()
        tasks.import_upload.enqueue(upload.pk)
        while True:
            upload.refresh_from_db(fields=["status", "files_done", "files_total"])
            if upload.status in ("done", "failed"):
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - start
    finally:
        stop(worker)
    upload.refresh_from_db()
    assert (upload.status, upload.runs_imported) == ("done", files), upload.message
    return seconds, len(data)


def hostile_export(files, records, values):
    """A zip of `files` gzipped FIT files of `records` two-byte records, as the view keeps it."""
    member = gzip.compress(fitwriter.tiny_records(records, values))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(files):
            archive.writestr(f"activities/{n}.fit.gz", member)
    return buffer.getvalue()


def side_by_side(hostile_runner, runner, data):
    """(s from a run's sending to its import, while `data` from another account is read; s
    for all of `data`; the reasons its files were refused)."""
    hostile = RunUpload.objects.create(
        runner=hostile_runner, file_name="export.zip", size=len(data), data=data
    )
    tasks.enqueue(hostile)
    run = fitwriter.one_hour_run(START + timedelta(days=500))
    worker = start_worker()
    try:
        start = time.perf_counter()
        while RunUpload.objects.get(pk=hostile.pk).status == "queued":
            time.sleep(0.05)
        normal = RunUpload.objects.create(
            runner=runner, file_name="run.fit", size=len(run), data=run
        )
        sent = time.perf_counter()
        tasks.enqueue(normal)
        waited = None
        while True:
            if waited is None and RunUpload.objects.get(pk=normal.pk).finished:
                waited = time.perf_counter() - sent
            if RunUpload.objects.get(pk=hostile.pk).finished and waited is not None:
                break
            time.sleep(0.05)
        hostile_seconds = time.perf_counter() - start
    finally:
        stop(worker)
    normal.refresh_from_db()
    assert normal.runs_imported == 1, normal.message
    reasons = set(hostile.files.values_list("message", flat=True))
    return waited, hostile_seconds, reasons


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        runner = User.objects.create_user("bench@example.com", "bench-passphrase-2026")
        ms = one_file_ms(runner, args.repeat)
        print(f"one-hour FIT file parsed and stored: {ms:.0f} ms median (target under 150 ms)")
        exporter = User.objects.create_user("export@example.com", "bench-passphrase-2026")
        seconds, size = export_seconds(exporter, args.files)
        print(
            f"{args.files:,}-file export ({size / 1e6:.0f} MB zipped) imported by the worker: "
            f"{seconds:.0f} s (target under 180 s)"
        )
        hostile_runner = User.objects.create_user("red@example.com", "bench-passphrase-2026")
        red_team = hostile_export(40, (10 * 2**20 - 64) // 2, None)
        at_limit = hostile_export(40, 499_999, bytes(140 + b % 4 for b in os.urandom(499_999)))
        rounds = [("the red team's", red_team), ("at the record limit", at_limit)]
        for n, (label, data) in enumerate(rounds):
            other = User.objects.create_user(f"other{n}@example.com", "bench-passphrase-2026")
            waited, hostile_s, reasons = side_by_side(hostile_runner, other, data)
            print(
                f"40 hostile files {label} ({len(data) / 1e6:.1f} MB zipped) being read: another "
                f"account's one-hour run read in {waited:.1f} s (target under 60 s); the 40 "
                f"refused in {hostile_s:.0f} s: {' / '.join(sorted(reasons))}"
            )
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
