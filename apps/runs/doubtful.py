"""Files kept aside as "not sure this is a run": the runner keeps one (it becomes a run, by the
same rules as any file) or drops it (it stays in the import's report as not imported)."""

from django.db import transaction
from django.db.models import F

from apps.runs import parsing, services
from apps.runs.models import Run, RunUpload, UploadFile

DROPPED_MESSAGE = "You said this is not a run."


def keep(file: UploadFile) -> Run | parsing.Refused | None:
    """The file's run stored for its runner, or the parsing.Refused saying why it can no
    longer be (a run imported meanwhile at the same start): the file is then marked refused.
    None when the runner already answered (a second tap, waiting for the first's lock)."""
    with transaction.atomic():
        file = (
            UploadFile.objects.select_for_update(of=("self",))
            .select_related("upload__runner__profile")
            .filter(pk=file.pk, outcome=UploadFile.Outcome.UNSURE)
            .first()
        )
        if file is None:
            return None
        parsed = parsing.ParsedRun.from_json(file.parsed)
        try:
            run = services.store(
                file.upload.runner, parsed, file_name=file.name, upload=file.upload
            )
        except parsing.Refused as refused:
            _settle(file, UploadFile.Outcome.REFUSED, code=refused.code, message=refused.message)
            return refused
        _settle(file, UploadFile.Outcome.IMPORTED, run=run)
        RunUpload.objects.filter(pk=file.upload_id).update(runs_imported=F("runs_imported") + 1)
        return run


def drop(file: UploadFile) -> None:
    """Not a run, as the runner says: its figures are forgotten, its report line stays."""
    with transaction.atomic():
        file = (
            UploadFile.objects.select_for_update()
            .filter(pk=file.pk, outcome=UploadFile.Outcome.UNSURE)
            .first()
        )
        if file is None:
            return  # answered already, by a tap before this one
        _settle(file, UploadFile.Outcome.REFUSED, code="not_a_run", message=DROPPED_MESSAGE)


def _settle(file, outcome, *, code="", message="", run=None):
    file.outcome, file.code, file.message, file.run, file.parsed = outcome, code, message, run, None
    file.save(update_fields=["outcome", "code", "message", "run", "parsed"])
