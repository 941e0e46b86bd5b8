"""The import survives its worker: a real worker process (manage.py runs_worker) killed midway
with SIGKILL, then a new one started, leaves every file imported exactly once."""

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection, transaction

from apps.runs import tasks
from apps.runs.models import Run, RunUpload, UploadFile
from tests.runs import fitwriter
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
FILES = 8
BLOCKED = 3  # the worker is killed while storing this file (0-based)
START = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)


def database_url() -> str:
    """The test database's address, for a process of its own."""
    params = connection.get_connection_params()
    user = quote(params.get("user") or "")
    password = f":{quote(params['password'])}" if params.get("password") else ""
    query = {key: params[key] for key in ("host", "port") if params.get(key)}
    return f"postgresql://{user}{password}@/{params['dbname']}?{urlencode(query)}"


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "runs_worker", "--", "--interval", "0.1",
         "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def stop(worker, sig=signal.SIGTERM):
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)
    return worker.stdout.read().decode(errors="replace")


def test_an_import_killed_midway_resumes_in_a_new_worker_and_imports_each_file_once(runner):
    starts = [START + timedelta(days=n) for n in range(FILES)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n, start in enumerate(starts):
            archive.writestr(
                f"activities/{n}.fit",
                fitwriter.activity_file(fitwriter.steady_records(start, 300)),
            )
    upload = RunUpload.objects.create(
        runner=runner, file_name="export.zip", size=len(buffer.getvalue()), data=buffer.getvalue()
    )
    tasks.import_upload.enqueue(upload.pk)

    # A run with file 3's start, written and not committed: the worker's INSERT of file 3
    # waits on the unique index, so it is killed at a known point, mid-file.
    with transaction.atomic():
        blocker = RunFactory(runner=runner, started_at=starts[BLOCKED], sha256="b" * 64)
        first = start_worker()
        try:
            wait_for(lambda: RunUpload.objects.get(pk=upload.pk).files_done == BLOCKED)
            wait_for(lambda: _waiting_on_a_lock())
        finally:
            output = stop(first, signal.SIGKILL)
        transaction.set_rollback(True)
    assert not Run.objects.filter(pk=blocker.pk).exists(), output

    upload.refresh_from_db()
    assert (upload.status, upload.files_done, upload.files_total) == ("working", BLOCKED, FILES)

    second = start_worker()
    try:
        wait_for(lambda: RunUpload.objects.get(pk=upload.pk).status == "done")
    finally:
        output = stop(second)
    assert "Resuming 1 unfinished import" in output

    upload.refresh_from_db()
    assert (upload.files_done, upload.runs_imported) == (FILES, FILES)
    assert sorted(Run.objects.filter(runner=runner).values_list("started_at", flat=True)) == starts
    assert list(UploadFile.objects.filter(upload=upload).values_list("position", flat=True)) == (
        list(range(FILES))
    )


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0
