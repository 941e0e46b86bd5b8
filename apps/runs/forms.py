import io
import zipfile

from django import forms
from django.conf import settings

from apps.runs import parsing

ACTIVITY_SUFFIXES = tuple(f".{kind}{gz}" for kind in ("fit", "gpx", "tcx") for gz in ("", ".gz"))
UPLOAD_SUFFIXES = (*ACTIVITY_SUFFIXES, ".zip")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files (Django's documented pattern for <input multiple>)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data and self.required:  # no file chosen: an empty list, not None
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [super(MultipleFileField, self).clean(one, initial) for one in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Activity files or an export",
        help_text=(
            "FIT, GPX or TCX files from your watch (gzipped too), up to "
            f"{settings.RUNS_STORED_MAX_BYTES // 1_000_000} MB in all, or the zip of a whole "
            f"Strava or Garmin export, up to {settings.RUNS_UPLOAD_MAX_BYTES // 1_000_000} MB."
        ),
        error_messages={
            "required": "Choose the files to import: FIT, GPX or TCX files, or an export's zip."
        },
    )

    def __init__(self, *args, over_limit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.over_limit = over_limit  # the day's tries are used up (apps/runs/views.py counts)

    def clean_files(self):
        """Each zip kept as its activity files alone, the loose files packed together: the
        uploads to store as (name, bytes), in self.batches, none over the stored limit. Past
        the day's limit, nothing is looked at."""
        if self.over_limit:
            raise forms.ValidationError(
                f"You have sent {settings.RUNS_UPLOADS_PER_DAY} uploads today: send more tomorrow."
            )
        files = self.cleaned_data["files"]
        zips = [upload for upload in files if upload.name.lower().endswith(".zip")]
        loose = [upload for upload in files if not upload.name.lower().endswith(".zip")]
        problems = _problems_of(files)
        if sum(upload.size for upload in loose) > settings.RUNS_STORED_MAX_BYTES:
            problems.append(_loose_too_large(loose))
        if problems:
            raise forms.ValidationError(problems)
        self.batches = []
        for upload in zips:
            try:
                self.batches.append((upload.name, _activities_of(upload)))
            except forms.ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise forms.ValidationError(problems)
        if loose:
            self.batches.append(_packed(loose))
        return files


def _problems_of(files) -> list[str]:
    """What is wrong with the files sent, before any is opened: a name, an empty file, too much
    at once."""
    problems = []
    for upload in files:
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            problems.append(f"{upload.name} is not a FIT, GPX or TCX file, nor a zip of them.")
        elif upload.size == 0:
            problems.append(f"{upload.name} is empty.")
    total = sum(upload.size for upload in files)
    if total > settings.RUNS_UPLOAD_MAX_BYTES:
        problems.append(
            f"These files come to {total / 1_000_000:.0f} MB; the limit is "
            f"{settings.RUNS_UPLOAD_MAX_BYTES // 1_000_000} MB a time. Send them in parts."
        )
    return problems


def _loose_too_large(loose) -> str:
    """Loose files are stored as they come: together, no more than the stored limit."""
    limit_mb = settings.RUNS_STORED_MAX_BYTES // 1_000_000
    if len(loose) == 1:
        return f"{loose[0].name} is {loose[0].size / 1_000_000:.0f} MB; the limit is {limit_mb} MB."
    total_mb = sum(upload.size for upload in loose) / 1_000_000
    return (
        f"These {len(loose)} files come to {total_mb:.0f} MB; the limit is {limit_mb} MB "
        "a time. Send them in parts."
    )


def _activities_of(upload) -> bytes:
    """A zip of the export's activity files (and the zips inside it) alone, copied as they are
    compressed, or ValidationError saying why not. Only its directory is read here: a web
    worker never unpacks a member; the task does, and reports on each file."""
    try:
        members = parsing.export_members(
            upload,
            max_files=settings.RUNS_ZIP_MAX_FILES,
            max_total_bytes=settings.RUNS_ZIP_MAX_BYTES,
            max_ratio=settings.RUNS_ZIP_MAX_RATIO,
        )
        if not members:
            raise forms.ValidationError(
                f"{upload.name} holds no activity file (FIT, GPX or TCX, gzipped or not)."
            )
        stored = parsing.copied_size(members)
        if stored > settings.RUNS_STORED_MAX_BYTES:
            raise forms.ValidationError(
                f"The activity files in {upload.name} come to {stored / 1e6:.0f} MB; the limit "
                f"is {settings.RUNS_STORED_MAX_BYTES // 1_000_000} MB. Export a shorter "
                "period, or send the files in parts."
            )
        return parsing.copy_members(upload, members)
    except parsing.Refused as refused:
        raise forms.ValidationError(f"{upload.name}: {refused.message}") from None


def _packed(loose) -> tuple[str, bytes]:
    """One file as it is, or several in one zip: one upload, one report."""
    if len(loose) == 1:
        return loose[0].name, loose[0].read()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as archive:
        seen = set()
        for one in loose:
            name = one.name
            while name in seen:  # two files of the same name from different folders
                name = f"_{name}"
            seen.add(name)
            archive.writestr(name, one.read())
    return f"{len(loose)} files.zip", packed.getvalue()
