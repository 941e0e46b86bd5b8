import io
import zipfile

from django import forms
from django.conf import settings

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
            return [super(MultipleFileField, self).clean(one, initial) for one in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Activity files or an export",
        help_text=(
            "FIT, GPX or TCX files from your watch (gzipped too), or the zip of a whole Strava "
            f"or Garmin export, up to {settings.RUNS_UPLOAD_MAX_BYTES // 1_000_000} MB."
        ),
    )

    def clean_files(self):
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
        return files

    def batches(self) -> list[tuple[str, bytes]]:
        """What to store as uploads, (name, bytes): each zip on its own, and the loose files
        together, packed into one zip (stored, not compressed) so they share one report."""
        files = self.cleaned_data["files"]
        zips = [(one.name, one.read()) for one in files if one.name.lower().endswith(".zip")]
        loose = [one for one in files if not one.name.lower().endswith(".zip")]
        if len(loose) == 1:
            return [*zips, (loose[0].name, loose[0].read())]
        if loose:
            packed = io.BytesIO()
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as archive:
                seen = set()
                for one in loose:
                    name = one.name
                    while name in seen:  # two files of the same name from different folders
                        name = f"_{name}"
                    seen.add(name)
                    archive.writestr(name, one.read())
            zips.append((f"{len(loose)} files.zip", packed.getvalue()))
        return zips
