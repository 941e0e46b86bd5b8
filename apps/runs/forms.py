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
            "FIT, GPX or TCX files from your watch (gzipped too), or the zip of a whole Strava "
            f"or Garmin export, up to {settings.RUNS_UPLOAD_MAX_BYTES // 1_000_000} MB."
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
        uploads to store as (name, bytes), in self.batches. Past the day's limit, nothing is
        looked at."""
        if self.over_limit:
            raise forms.ValidationError(
                f"You have sent {settings.RUNS_UPLOADS_PER_DAY} uploads today: send more tomorrow."
            )
        files = self.cleaned_data["files"]
        problems = []
        total = 0
        for upload in files:
            total += upload.size
            if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
                problems.append(f"{upload.name} is not a FIT, GPX or TCX file, nor a zip of them.")
            elif upload.size == 0:
                problems.append(f"{upload.name} is empty.")
        if total > settings.RUNS_UPLOAD_MAX_BYTES:
            problems.append(
                f"These files come to {total / 1_000_000:.0f} MB; the limit is "
                f"{settings.RUNS_UPLOAD_MAX_BYTES // 1_000_000} MB a time. Send them in parts."
            )
        if problems:
            raise forms.ValidationError(problems)
        self.batches = []
        loose = []
        for upload in files:
            if not upload.name.lower().endswith(".zip"):
                loose.append(upload)
                continue
            try:
                data, count = parsing.repack(
                    upload,
                    max_files=settings.RUNS_ZIP_MAX_FILES,
                    max_total_bytes=settings.RUNS_ZIP_MAX_BYTES,
                    max_ratio=settings.RUNS_ZIP_MAX_RATIO,
                )
            except parsing.Refused as refused:
                problems.append(f"{upload.name}: {refused.message}")
                continue
            if count == 0:
                problems.append(
                    f"{upload.name} holds no activity file (FIT, GPX or TCX, gzipped or not)."
                )
                continue
            if len(data) > settings.RUNS_STORED_MAX_BYTES:
                problems.append(
                    f"The activity files in {upload.name} come to {len(data) / 1e6:.0f} MB; "
                    f"the limit is {settings.RUNS_STORED_MAX_BYTES // 1_000_000} MB. Export a "
                    "shorter period, or send the files in parts."
                )
                continue
            self.batches.append((upload.name, data))
        if problems:
            raise forms.ValidationError(problems)
        if len(loose) == 1:
            self.batches.append((loose[0].name, loose[0].read()))
        elif loose:
            packed = io.BytesIO()
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as archive:
                seen = set()
                for one in loose:
                    name = one.name
                    while name in seen:  # two files of the same name from different folders
                        name = f"_{name}"
                    seen.add(name)
                    archive.writestr(name, one.read())
            self.batches.append((f"{len(loose)} files.zip", packed.getvalue()))
        return files
