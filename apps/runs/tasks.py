"""The background import of uploads (django.tasks, run by django-tasks-db's worker), in turns.

Each file is read and stored in its own transaction, together with its line of the report and
the upload's count of files done, so a file is imported whole or not at all, and the page shows
progress as it happens. A worker that stops midway (a restart, a crash) leaves the files done
done: the next worker marks failed the task it left running and resumes the upload
(resume_unfinished, run when a worker starts) from the first file without a report line. A
PostgreSQL advisory lock, held by the connection of the one worker reading an upload, keeps a
second worker off it and dies with a dead worker's connection.

Turns, so that no account's import holds the worker from the others': a task reads its upload
until it is done or, once RUNS_TURN_SECONDS have passed, until another task waits in the queue;
then the files being parsed are stored and the upload is queued again, behind the one waiting.
An account's uploads are read one at a time, oldest first: the task of a later one returns at
once while an earlier one is unfinished, and the task that finishes an upload queues the
account's next. So the queue holds one import an account, taken in turn (round robin), and an
import waits for another account's at most a turn: RUNS_TURN_SECONDS, then the files already
being parsed, each bounded in size, records, CPU time and memory (parsing, parse_pool.py).
"""

import itertools
import logging
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.runs import parse_pool, parsing, services
from apps.runs.models import RunUpload, UploadFile

logger = logging.getLogger(__name__)
LOCK_NAMESPACE = 7216  # the first key of this app's advisory locks (the second: the upload)
FILES_PER_PROCESS = 20  # a process of the parsing pool takes about 0.2 s to start
LOCKED_RETRY_S = 5  # a dead worker's connection may hold its lock a moment longer


class WorkerStopped(Exception):
    """What a task left running by a worker that was killed is marked failed with."""


@task()
def import_upload(upload_id: int) -> str:
    """A turn of the upload's import (see above); returns what happened, for the log."""
    upload = RunUpload.objects.select_related("runner__profile").filter(pk=upload_id).first()
    if upload is None or upload.finished:
        return "nothing to do"
    if _unfinished(upload.runner_id).filter(pk__lt=upload.pk).exists():
        return "the account's earlier upload is read first"  # whose last turn queues this one
    if not _try_lock(upload.pk):
        _queue(upload.pk, delay_s=LOCKED_RETRY_S)  # the holder's next turn finds this queued
        return "another worker is reading this upload"
    try:
        outcome = _turn(upload)
    finally:
        _unlock(upload.pk)
    _queue_next(upload.runner_id)
    return outcome


def _turn(upload) -> str:
    data = bytes(upload.data or b"")
    total = upload.files_total
    if upload.status == RunUpload.Status.QUEUED or not total:
        total, failure = _count_files(upload, data)
        if failure:
            _finish(upload, RunUpload.Status.FAILED, failure)
            return failure
    reported = set(UploadFile.objects.filter(upload=upload).values_list("position", flat=True))
    start = next(p for p in itertools.count() if p not in reported)  # before, all were read
    files = (
        (position, name, member)
        for position, (name, member) in enumerate(_expand(upload, data, start), start)
        if position not in reported
    )
    ends_at = time.monotonic() + settings.RUNS_TURN_SECONDS
    done = len(reported)
    try:
        for position, name, parsed in _parsed(
            files,
            total - done,
            over=lambda: time.monotonic() >= ends_at and _another_task_waits(upload.pk),
        ):
            _store_file(upload, position, name, parsed)
            done += 1
    except parsing.Refused as refused:  # the archive itself broke midway
        _finish(upload, RunUpload.Status.FAILED, refused.message)
        return refused.message
    if done < total:
        return f"{done} of {total} files read: the rest in a later turn"
    _finish(upload, RunUpload.Status.DONE)
    return f"{total} files read"


def _count_files(upload, data) -> tuple[int, str]:
    """(the upload's files, from its zip's directory, or why it cannot be read), and the upload
    marked working on them: its first turn."""
    try:
        total = parsing.count(upload.file_name, data, **_zip_limits())
    except parsing.Refused as refused:
        return 0, refused.message
    if total == 0:
        return 0, "There is no activity file (FIT, GPX or TCX) in this upload."
    RunUpload.objects.filter(pk=upload.pk).update(
        status=RunUpload.Status.WORKING, files_total=total
    )
    return total, ""


def _parsed(files, count, over):
    """(position, name, ParsedRun or the exception parsing raised) of each file, in order.

    Parsing is pure and takes most of the time (Garmin's FIT SDK is Python): every file is
    parsed in a pool of processes, one a core, each file within its CPU time and memory
    (parse_pool.py), a few files ahead of the storing, which stays here, in order, one
    transaction a file. Once over() says the turn is over, no more files go to the pool; those
    already being parsed are yielded. A process that dies (killed by the system) breaks the
    pool: the file awaited is parsed again in a process of its own, and refused if that one
    dies too; the others are sent again to a new pool."""
    bounds = parse_pool.Bounds(
        settings.RUNS_PARSE_CPU_SECONDS, settings.RUNS_PARSE_MEMORY_MB * 2**20
    )
    options = _parse_options()
    processes = max(1, min(settings.RUNS_PARSE_PROCESSES, count // FILES_PER_PROCESS))
    pool = parse_pool.start(processes, bounds)

    def send(position, name, member):
        return (
            position,
            name,
            member,
            pool.submit(parse_pool.parse, name, member, bounds, **options),
        )

    ahead, turn_over = deque(), False
    try:
        while True:
            ahead.extend(
                send(*file) for file in itertools.islice(files, 2 * processes - len(ahead))
            )
            if not ahead:
                return
            position, name, member, future = ahead.popleft()
            try:
                parsed = future.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                parsed = _parse_alone(name, member, bounds, options)
                pool = parse_pool.start(processes, bounds)
                ahead = deque(send(p, n, m) for p, n, m, _future in ahead)
            yield position, name, parsed
            if not turn_over and over():
                turn_over, files = True, iter(())  # no more files to the pool
                ahead = deque(entry for entry in ahead if not entry[3].cancel())
    finally:
        pool.shutdown(cancel_futures=True)


def _parse_alone(name, member, bounds, options):
    pool = parse_pool.start(1, bounds)
    try:
        return pool.submit(parse_pool.parse, name, member, bounds, **options).result()
    except BrokenProcessPool:
        logger.warning("The process parsing %s died twice", name)
        return parse_pool.stopped()
    finally:
        pool.shutdown()


def _parse_options() -> dict:
    grade, distance = services.hill_rule()
    return {
        "hill_grade_pct": grade,
        "hill_min_distance_m": distance,
        "max_file_bytes": settings.RUNS_FILE_MAX_BYTES,
        "max_ratio": settings.RUNS_ZIP_MAX_RATIO,
        "max_records": settings.RUNS_FILE_MAX_RECORDS,
    }


def _zip_limits() -> dict:
    return {
        "max_files": settings.RUNS_ZIP_MAX_FILES,
        "max_total_bytes": settings.RUNS_ZIP_MAX_BYTES,
        "max_ratio": settings.RUNS_ZIP_MAX_RATIO,
    }


def _expand(upload, data, start=0):
    return parsing.expand(upload.file_name, data, start=start, **_zip_limits())


def _import_file(upload, position, name, member, grade, distance):
    """Parses (here, unbounded) and stores one file: the whole step, for tests and the bench."""
    parsed = parsing.parse_or_error(
        name, member, hill_grade_pct=grade, hill_min_distance_m=distance
    )
    _store_file(upload, position, name, parsed)


def _store_file(upload, position, name, parsed):
    """The file's run stored, its report line and the count of files done, in one
    transaction: a file is imported whole or not at all, and counted once."""
    with transaction.atomic():
        run = None
        try:
            if isinstance(parsed, Exception):
                raise parsed
            if parsed.doubt:  # kept aside, once it passes every other rule
                services.checked(upload.runner, parsed, file_name=name, upload=upload)
            else:
                run = services.store(upload.runner, parsed, file_name=name, upload=upload)
        except parsing.Refused as refused:
            outcome, code, message = UploadFile.Outcome.REFUSED, refused.code, refused.message
        except Exception:  # a file no library could read must not stop the others
            logger.exception("Reading %s of upload %s failed", name, upload.pk)
            outcome, code = UploadFile.Outcome.REFUSED, "corrupt"
            message = "This file could not be read: it may be damaged."
        else:
            outcome, code, message = UploadFile.Outcome.IMPORTED, "", ""
            if run is None:
                outcome, message = UploadFile.Outcome.UNSURE, parsed.doubt
        UploadFile.objects.create(
            upload=upload,
            position=position,
            name=name[-255:],
            outcome=outcome,
            code=code,
            message=message[:300],
            run=run,
            parsed=parsed.to_json() if outcome == UploadFile.Outcome.UNSURE else None,
        )
        RunUpload.objects.filter(pk=upload.pk).update(
            files_done=F("files_done") + 1,
            runs_imported=F("runs_imported") + (1 if run else 0),
        )


def _finish(upload, status, message=""):
    """Done or failed: the bytes sent are kept no longer than it takes to read them."""
    RunUpload.objects.filter(pk=upload.pk).update(
        status=status, message=message[:300], data=None, finished_at=timezone.now()
    )


def enqueue(upload: RunUpload) -> None:
    """Queue the upload's import once the transaction that saved it commits."""
    transaction.on_commit(lambda: _queue(upload.pk))


def _queue(upload_id: int, delay_s: float = 0) -> None:
    """A turn of the upload queued, behind those queued before, unless one is queued already."""
    if _queued(upload_id).exists():
        return
    due = timezone.now() + timedelta(seconds=delay_s)
    import_upload.using(run_after=due).enqueue(upload_id)


def _queue_next(runner_id: int) -> None:
    """A turn queued for the account's oldest unfinished upload (this one's next turn, or the
    account's next upload once this one is done)."""
    upload = _unfinished(runner_id).order_by("pk").first()
    if upload is not None:
        _queue(upload.pk)


def _unfinished(runner_id: int):
    return RunUpload.objects.unfinished().filter(runner_id=runner_id)


def _tasks():
    """The import's tasks in django-tasks-db's table (the queue)."""
    return DBTaskResult.objects.filter(
        task_path=import_upload.module_path, backend_name=import_upload.backend
    )


def _queued(upload_id: int):
    return _tasks().filter(status=TaskResultStatus.READY, args_kwargs__args=[upload_id])


def _another_task_waits(upload_id: int) -> bool:
    """Whether a task other than this upload's is due in the worker's queue."""
    due = DBTaskResult.objects.ready().filter(
        backend_name=import_upload.backend, queue_name=import_upload.queue_name
    )
    return due.exclude(task_path=import_upload.module_path, args_kwargs__args=[upload_id]).exists()


def _try_lock(upload_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, upload_id])
        (locked,) = cursor.fetchone()
    return locked


def _unlock(upload_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, upload_id])


def clear_stale_tasks() -> int:
    """Mark failed the import tasks a killed worker left running, which django-tasks-db never
    runs again: those whose upload's lock no live worker holds. Returns how many."""
    cleared = 0
    for row in _tasks().filter(status=TaskResultStatus.RUNNING):
        upload_id = row.args_kwargs["args"][0]
        if _try_lock(upload_id):
            _unlock(upload_id)
            row.set_failed(WorkerStopped(f"The worker reading upload {upload_id} stopped."))
            cleared += 1
    return cleared


def resume_unfinished() -> int:
    """Queue again the oldest unfinished upload of every account a stopped worker left one of
    (unless it is queued: a worker reading one holds its lock, and the task queued twice finds
    the lock and comes back later). Returns how many."""
    oldest = RunUpload.objects.unfinished().order_by("runner_id", "pk").distinct("runner_id")
    pending = list(oldest.values_list("pk", flat=True))
    for upload_id in pending:
        _queue(upload_id)
    return len(pending)
