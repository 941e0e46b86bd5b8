"""A runner's data in and out: everything as JSON or CSV files, tests as one CSV, and imports
into the runner's own account. Every read starts from owned_by(request.user)."""

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from apps.accounts import throttle
from apps.assessments.models import Assessment
from apps.portability import account_data, tests_csv
from apps.portability.forms import TestsImportForm
from psoas_tracker.middleware import max_body_bytes

MAX_ACCOUNT_IMPORT_BYTES = 20_000_000
# A form's fields and multipart headers around the file; the CSV preview sends the file back
# base64-encoded (4/3 of its size).
ENVELOPE_BYTES = 100_000
# Imports are the costliest requests a user can send: at most this many tries (previews count).
IMPORTS_PER_ACCOUNT = throttle.Limit(20, timedelta(hours=1))
IMPORTS_PER_CLIENT = throttle.Limit(60, timedelta(hours=1))
PREVIEW_ROWS = 50
TOO_MANY_IMPORTS = (
    "That is a lot of imports in one hour: wait a while, then try again. Nothing was imported."
)


def _import_allowed(request) -> bool:
    return throttle.allow(
        request, "import", per_account=IMPORTS_PER_ACCOUNT, per_client=IMPORTS_PER_CLIENT
    )


@login_required
def export_json(request):
    response = HttpResponse(
        json.dumps(account_data.export_data(request.user), indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="psoas-tracker.json"'
    return response


@login_required
def export_zip(request):
    response = HttpResponse(account_data.export_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="psoas-tracker-csv.zip"'
    return response


@max_body_bytes(MAX_ACCOUNT_IMPORT_BYTES + ENVELOPE_BYTES)
@login_required
def import_account(request):
    error, status = None, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if not _import_allowed(request):
            error, status = TOO_MANY_IMPORTS, 429
        elif upload is None:
            error = "Choose the JSON file of an export."
        elif upload.size > MAX_ACCOUNT_IMPORT_BYTES:
            error = "The file is larger than 20 MB."
        else:
            try:
                counts = account_data.import_data(request.user, upload.read())
            except account_data.ImportRefused as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    f"Imported {counts['tests']} tests, {counts['plans']} plans, "
                    f"{counts['sessions']} sessions, {counts['sitting_days']} days of logs "
                    f"and {counts['runs']} runs.",
                )
                return redirect("dashboard:home")
    return render(
        request,
        "portability/import_account.html",
        {"error": error, "has_data": account_data.has_data(request.user)},
        status=400 if error and status == 200 else status,
    )


@login_required
def export_tests(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="psoas-tracker-tests.csv"'
    tests_csv.write_tests(Assessment.objects.owned_by(request.user).order_by("taken_on"), response)
    return response


@max_body_bytes(tests_csv.MAX_IMPORT_BYTES * 4 // 3 + ENVELOPE_BYTES)
@login_required
def import_tests(request):
    """A spreadsheet of tests: a preview with each row's errors, then all rows or none."""
    form = TestsImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and not _import_allowed(request):
        form.add_error(None, TOO_MANY_IMPORTS)
        return render(request, "portability/import_tests.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        rows, file_errors = tests_csv.parse_rows(
            form.cleaned_data["text"], runner=request.user, today=request.user.profile.today()
        )
        invalid = [row for row in rows if row.errors]
        # The preview lists the rows to fix, or the first few of a good file, not thousands.
        shown = invalid[:PREVIEW_ROWS] if invalid else rows[:PREVIEW_ROWS]
        context.update(rows=rows, shown=shown, file_errors=file_errors, invalid=invalid)
        if not file_errors and not invalid and "confirm" in request.POST:
            try:
                with transaction.atomic():
                    Assessment.objects.bulk_create(
                        [row.save(commit=False) for row in rows], batch_size=500
                    )
            except IntegrityError:
                form.add_error(
                    None,
                    "A test was recorded meanwhile for one of these dates: nothing was imported.",
                )
            else:
                messages.success(request, f"Imported {len(rows)} tests.")
                return redirect("assessments:history")
        context["encoded"] = form.cleaned_data["encoded"]
    return render(request, "portability/import_tests.html", context)
