"""Tests as CSV: export all of a runner's tests, and import a spreadsheet all-or-nothing."""

import base64
import binascii
import csv
import io
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from apps.assessments.forms import AssessmentForm
from apps.assessments.models import PAIN_REGIONS, Assessment

COLUMNS = [
    "date",
    "instrument",
    "hip_angle_left",
    "hip_angle_right",
    "knee_angle_left",
    "knee_angle_right",
    "knee_to_chest_left",
    "knee_to_chest_right",
    "abduction_left",
    "abduction_right",
    *[f"pain_{region}" for region, _ in PAIN_REGIONS],
    "pain_uphill",
    "notes",
]
REQUIRED_COLUMNS = {"date", "instrument", "hip_angle_left", "hip_angle_right"}
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 2000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@login_required
def export_csv(request):
    tests = Assessment.objects.owned_by(request.user).order_by("taken_on")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="psoas-tracker-tests.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for test in tests.iterator(chunk_size=500):
        writer.writerow([_cell(test, column) for column in COLUMNS])
    return response


def _cell(test, column):
    if column == "date":
        return test.taken_on.isoformat()
    value = getattr(test, column)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        required=False,
        help_text="The columns of an export from this page; only date, instrument and the two hip "
        "angles are required.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    # The previewed file travels back with the confirmation, encoded; it is validated again.
    content = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload, content = cleaned.get("file"), cleaned.get("content")
        if upload:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError("The file is larger than 1 MB.")
            raw = upload.read()
        elif content:
            try:
                raw = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError(
                    "The preview was damaged: choose the file again."
                ) from None
        else:
            raise forms.ValidationError("Choose a CSV file to import.")
        if len(raw) > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB.")
        try:
            cleaned["text"] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not a UTF-8 CSV file.") from None
        cleaned["encoded"] = base64.b64encode(raw).decode()
        return cleaned


def parse_rows(text, *, runner, today):
    """One bound AssessmentForm per data row, and errors about the file as a whole."""
    reader = csv.DictReader(io.StringIO(text))
    header = set(reader.fieldnames or [])
    missing = REQUIRED_COLUMNS - header
    if missing:
        return [], [
            f"Missing columns: {', '.join(sorted(missing))}. The first row must be a header."
        ]
    unknown = header - set(COLUMNS)
    if unknown:
        return [], [f"Unknown columns: {', '.join(sorted(unknown))}."]
    forms_by_row, seen = [], {}
    try:
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_IMPORT_ROWS:
                return [], [f"More than {MAX_IMPORT_ROWS} rows: split the file."]
            if not any((value or "").strip() for key, value in row.items() if key):
                continue  # a blank line, or one of only commas, as spreadsheets write them
            extra_cells = row.get(None)
            data = {key: (value or "").strip() for key, value in row.items() if key}
            data["taken_on"] = data.pop("date", "")
            data["pain_uphill"] = (
                "on" if data.get("pain_uphill", "").lower() in {"yes", "true", "1"} else ""
            )
            data.setdefault("knee_to_chest_left", "not_done")
            data.setdefault("knee_to_chest_right", "not_done")
            data["knee_to_chest_left"] = data["knee_to_chest_left"] or "not_done"
            data["knee_to_chest_right"] = data["knee_to_chest_right"] or "not_done"
            form = AssessmentForm(data, runner=runner, today=today)
            form.row_number = number
            form.is_valid()
            if extra_cells:
                form.add_error(
                    None, "More cells than columns: put quotes around notes that contain commas."
                )
            if data["taken_on"] and not ISO_DATE.fullmatch(data["taken_on"]):
                # Spreadsheets write dates many ways; only YYYY-MM-DD is unambiguous.
                form.add_error("taken_on", "Write the date as YYYY-MM-DD, e.g. 2026-11-24.")
            day = form.cleaned_data.get("taken_on")
            if day and day in seen:
                form.add_error("taken_on", f"Same date as row {seen[day]}.")
            elif day:
                seen[day] = number
            forms_by_row.append(form)
    except csv.Error as error:
        return [], [f"The file is not valid CSV: {error}."]
    if not forms_by_row:
        return [], ["The file has a header but no rows."]
    return forms_by_row, []


@login_required
def import_csv(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        rows, file_errors = parse_rows(
            form.cleaned_data["text"], runner=request.user, today=request.user.profile.today()
        )
        invalid = [row for row in rows if row.errors]
        context.update(rows=rows, file_errors=file_errors, invalid=invalid)
        if not file_errors and not invalid and "confirm" in request.POST:
            try:
                with transaction.atomic():
                    for row in rows:
                        row.save()
            except IntegrityError:
                form.add_error(
                    None,
                    "A test was recorded meanwhile for one of these dates: nothing was imported.",
                )
            else:
                messages.success(request, f"Imported {len(rows)} tests.")
                return redirect("assessments:history")
        context["encoded"] = form.cleaned_data["encoded"]
    return render(request, "assessments/import.html", context)
