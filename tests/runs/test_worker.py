"""The worker as production runs it (manage.py runs_worker, a real process): killed midway
with SIGKILL, then a new one started, it leaves every file imported exactly once; its parsing
processes die with it; and another account's run is read beside a hostile upload."""

import contextlib
import io
import os
import signal
import time
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from apps.runs import tasks
from apps.runs.models import Run, RunUpload, UploadFile
from tests.factories import UserFactory
from tests.runs import fitwriter
from tests.runs.factories import RunFactory
from tests.runs.test_import import fit_run
from tests.runs.test_parse_bounds import SLOW_FIT_RECORDS, slow_fit
from tests.runs.worker import children, is_gone, start_worker, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
SLOW_FILES_READ = {"RUNS_FILE_MAX_RECORDS": str(SLOW_FIT_RECORDS)}  # to the decoder, as it may
FILES = 8
BLOCKED = 3  # the worker is killed while storing this file (0-based)
START = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)


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


def queued_upload(runner, files: dict[str, bytes]) -> RunUpload:
    """An upload as the upload view stores and queues it: a zip of the activity files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    upload = RunUpload.objects.create(
        runner=runner, file_name="export.zip", size=len(buffer.getvalue()), data=buffer.getvalue()
    )
    tasks.enqueue(upload)  # no transaction open: queued at once
    return upload


def kill_all(worker) -> str:
    """The worker's process group killed, whatever is left of it; what the worker printed."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    return worker.stdout.read().decode(errors="replace")


def refusals(upload) -> set[str]:
    return set(upload.files.filter(outcome="refused").values_list("message", flat=True))


OVER_ONE_SECOND = (
    "Reading this file took over 1 s of computing, far more than a run's file needs, so it was "
    "not imported."
)


def test_a_killed_workers_parsing_processes_die_with_it_and_the_next_clears_its_task(runner):
    # 40 files, so that the pool has two processes; the first two take ~5 s each to parse.
    files = {f"activities/{n:02d}.fit": b"junk" for n in range(40)}
    files["activities/00.fit"] = files["activities/01.fit"] = slow_fit()
    upload = queued_upload(runner, files)
    first = start_worker(**SLOW_FILES_READ)
    try:
        wait_for(lambda: any(cpu > 1 for cpu in children(first.pid).values()))
        processes = children(first.pid)  # the pool's, and multiprocessing's resource tracker
        os.kill(first.pid, signal.SIGKILL)  # the worker alone, as the OOM killer does
        first.wait(timeout=10)
        wait_for(lambda: all(is_gone(pid) for pid in processes), seconds=2)
    finally:
        kill_all(first)
    # As the killed worker left it: django-tasks-db never runs a running task again.
    task = DBTaskResult.objects.get(status="RUNNING")

    second = start_worker(RUNS_PARSE_CPU_SECONDS="1", **SLOW_FILES_READ)
    try:
        wait_for(lambda: RunUpload.objects.get(pk=upload.pk).status == "done")
    finally:
        output = stop(second)
    assert "Marked failed 1 import task(s) a stopped worker left." in output
    assert "Resuming 1 unfinished import(s)." in output
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == ("FAILED", "apps.runs.tasks.WorkerStopped")
    upload.refresh_from_db()
    assert (upload.files_done, upload.runs_imported) == (40, 0)
    assert OVER_ONE_SECOND in refusals(upload)


def test_a_file_whose_parsing_process_is_killed_is_refused_and_the_rest_imported(runner):
    upload = queued_upload(runner, {"activities/1.fit": slow_fit(), "activities/2.fit": fit_run()})
    worker = start_worker(**SLOW_FILES_READ)
    killed = 0
    try:
        deadline = time.monotonic() + 60
        while RunUpload.objects.get(pk=upload.pk).status != "done":
            assert time.monotonic() < deadline, "timed out"
            for pid, cpu_s in children(worker.pid).items():
                if cpu_s > 1:  # parsing the slow file: killed, as the system might
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
            time.sleep(0.05)
    finally:
        output = stop(worker)
    assert killed == 2, output  # in the pool, then the second try alone
    upload.refresh_from_db()
    assert upload.runs_imported == 1
    assert refusals(upload) == {
        "The process reading this file stopped before the end (it may have needed more memory "
        "than the server has), so it was not imported."
    }


def test_a_run_is_read_within_a_minute_beside_another_accounts_hostile_upload(runner):
    """12 files each built to take the CPU a parse may (here 1 s), sent first; then one run
    from another account: read in the next turn, while the hostile upload is still read."""
    hostile = queued_upload(runner, {f"activities/{n:02d}.fit": slow_fit() for n in range(12)})
    worker = start_worker(RUNS_PARSE_CPU_SECONDS="1", RUNS_TURN_SECONDS="1", **SLOW_FILES_READ)
    try:
        wait_for(lambda: RunUpload.objects.get(pk=hostile.pk).files_done >= 1)
        data = fit_run()
        run = RunUpload.objects.create(
            runner=UserFactory(), file_name="morning.fit", size=len(data), data=data
        )
        sent = time.monotonic()
        tasks.enqueue(run)
        wait_for(lambda: RunUpload.objects.get(pk=run.pk).status == "done", seconds=60)
        waited_s = time.monotonic() - sent
        hostile.refresh_from_db()
        assert hostile.status == "working"  # read side by side, not one after the other
        wait_for(lambda: RunUpload.objects.get(pk=hostile.pk).status == "done", seconds=120)
    finally:
        stop(worker)
    print(f"the run was read {waited_s:.1f} s after it was sent")
    run.refresh_from_db()
    assert run.runs_imported == 1
    hostile.refresh_from_db()
    assert (hostile.files_done, hostile.runs_imported) == (12, 0)
    assert refusals(hostile) == {OVER_ONE_SECOND}
