"""The background import of an upload (django.tasks, run by django-tasks-db's worker).

Each file is read and stored in its own transaction, together with its line of the report and
the upload's count of files done, so a file is imported whole or not at all, and the page shows
progress as it happens. A worker that stops midway (a restart, a crash) leaves the files done
done: the next worker marks failed the task it left running and resumes the upload
(resume_unfinished, run when a worker starts) from the first file without a report line. A
PostgreSQL advisory lock, held by the connection of the one worker reading an upload, keeps a
second worker off it and dies with a dead worker's connection.
"""

import itertools
import logging
from collections import deque
from concurrent.futures.process import BrokenProcessPool

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


class WorkerStopped(Exception):
    """What a task left running by a worker that was killed is marked failed with."""


@task()
def import_upload(upload_id: int) -> str:
    """Reads every file of the upload not yet reported; returns what happened, for the log."""
    if not _try_lock(upload_id):
        return "another worker is reading this upload"
    try:
        return _import(upload_id)
    finally:
        _unlock(upload_id)


def _import(upload_id: int) -> str:
    upload = RunUpload.objects.select_related("runner__profile").filter(pk=upload_id).first()
    if upload is None or upload.finished:
        return "nothing to do"
    data = bytes(upload.data or b"")
    try:
        total = sum(1 for _ in _expand(upload, data))  # counts each file, then drops it
    except parsing.Refused as refused:
        _finish(upload, RunUpload.Status.FAILED, refused.message)
        return refused.message
    if total == 0:
        message = "There is no activity file (FIT, GPX or TCX) in this upload."
        _finish(upload, RunUpload.Status.FAILED, message)
        return message
    RunUpload.objects.filter(pk=upload.pk).update(
        status=RunUpload.Status.WORKING, files_total=total
    )
    reported = set(UploadFile.objects.filter(upload=upload).values_list("position", flat=True))
    files = (
        (position, name, member)
        for position, (name, member) in enumerate(_expand(upload, data))
        if position not in reported  # read before a restart
    )
    try:
        for position, name, parsed in _parsed(files, total - len(reported)):
            _store_file(upload, position, name, parsed)
    except parsing.Refused as refused:  # the archive itself broke midway
        _finish(upload, RunUpload.Status.FAILED, refused.message)
        return refused.message
    _finish(upload, RunUpload.Status.DONE)
    return f"{total} files read"


def _parsed(files, count):
    """(position, name, ParsedRun or the exception parsing raised) of each file, in order.

    Parsing is pure and takes most of the time (Garmin's FIT SDK is Python): every file is
    parsed in a pool of processes, one a core, each file within its CPU time and memory
    (parse_pool.py), a few files ahead of the storing, which stays here, in order, one
    transaction a file. A process that dies (killed by the system) breaks the pool: the file
    awaited is parsed again in a process of its own, and refused if that one dies too; the
    others are sent again to a new pool."""
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

    ahead = deque()
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


def _expand(upload, data):
    return parsing.expand(
        upload.file_name,
        data,
        max_files=settings.RUNS_ZIP_MAX_FILES,
        max_total_bytes=settings.RUNS_ZIP_MAX_BYTES,
        max_ratio=settings.RUNS_ZIP_MAX_RATIO,
    )


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
            run = services.store(upload.runner, parsed, file_name=name, upload=upload)
        except parsing.Refused as refused:
            outcome, code, message = UploadFile.Outcome.REFUSED, refused.code, refused.message
        except Exception:  # a file no library could read must not stop the others
            logger.exception("Reading %s of upload %s failed", name, upload.pk)
            outcome, code = UploadFile.Outcome.REFUSED, "corrupt"
            message = "This file could not be read: it may be damaged."
        else:
            outcome, code, message = UploadFile.Outcome.IMPORTED, "", ""
        UploadFile.objects.create(
            upload=upload,
            position=position,
            name=name[-255:],
            outcome=outcome,
            code=code,
            message=message[:300],
            run=run,
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
    transaction.on_commit(lambda: import_upload.enqueue(upload.pk))


def _tasks():
    """The import's tasks in django-tasks-db's table (the queue)."""
    return DBTaskResult.objects.filter(
        task_path=import_upload.module_path, backend_name=import_upload.backend
    )


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
    """Queue again every upload a stopped worker left unfinished (a worker reading one still
    holds its lock, and the task queued twice finds the lock and returns). Returns how many."""
    pending = list(RunUpload.objects.unfinished().values_list("pk", flat=True))
    for upload_id in pending:
        import_upload.enqueue(upload_id)
    return len(pending)
