"""A runner's runs: the list with the upload form, an import's progress and report, one run's
figures, and deleting a run. A linked coach reads the list and the runs, never uploads."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from apps.accounts import throttle
from apps.accounts.scoping import runners_visible_to
from apps.runs import doubtful, parsing, strava, tasks
from apps.runs.forms import UploadForm
from apps.runs.models import Run, RunUpload, StravaConnection, UploadFile
from apps.runs.presenting import climbs_of, doubtful_rows, run_rows
from psoas_tracker.middleware import max_body_bytes

RUNS_PAGE = 50
RECENT_UPLOADS = 5
UPLOADS_PER_ACCOUNT = throttle.Limit(settings.RUNS_UPLOADS_PER_DAY, timedelta(days=1))
UPLOADS_PER_CLIENT = throttle.Limit(3 * settings.RUNS_UPLOADS_PER_DAY, timedelta(days=1))


@login_required
def run_list(request):
    """The runner's runs, newest first, a page at a time, with the upload form."""
    return _list(request, request.user, form=UploadForm())


@login_required
def runner_runs(request, runner_id):
    """A linked coach reads a runner's runs (anybody else: 404)."""
    runner = get_object_or_404(
        runners_visible_to(request.user).select_related("profile"), pk=runner_id
    )
    if runner == request.user:
        return redirect("runs:list")
    return _list(request, runner)


def _list(request, runner, form=None):
    runs = Run.objects.of_runner(request.user, runner).newest_first()
    page = Paginator(runs, RUNS_PAGE).get_page(request.GET.get("page"))
    own = runner == request.user
    context = {
        "runner": runner,
        "own": own,
        "page": page,
        "rows": run_rows(page.object_list, runner.profile.zone, units=request.user.profile.units),
        "form": form,
        "uploads": (
            RunUpload.objects.owned_by(runner).order_by("-created_at")[:RECENT_UPLOADS]
            if own
            else ()
        ),
        "doubtful": (
            doubtful_rows(
                UploadFile.objects.owned_by(runner).doubtful(),
                runner.profile.zone,
                units=request.user.profile.units,
            )
            if own
            else ()
        ),
        "strava_enabled": own and strava.enabled(),
        "strava": StravaConnection.objects.owned_by(runner).first() if own else None,
        "strava_runs": runs.from_strava().exists(),
    }
    return render(request, "runs/list.html", context)


@login_required
@max_body_bytes(settings.RUNS_UPLOAD_MAX_BYTES + 100_000)  # the files and the form around them
def upload(request):
    """Stores what was sent and queues its import; the page of the upload shows progress.
    Every try counts against the day's limit before the form looks at a file, whatever becomes
    of it: a refused zip cost the checking too, and a try that sends nothing is a try."""
    if request.method != "POST":
        return redirect("runs:list")
    allowed = throttle.allow(
        request, "runs-upload", per_account=UPLOADS_PER_ACCOUNT, per_client=UPLOADS_PER_CLIENT
    )
    form = UploadForm(request.POST, request.FILES, over_limit=not allowed)
    if not form.is_valid():
        response = _list(request, request.user, form=form)
        if not allowed:
            response.status_code = 429
        return response
    with transaction.atomic():
        uploads = [
            RunUpload.objects.create(
                runner=request.user, file_name=name[-255:], size=len(data), data=data
            )
            for name, data in form.batches
        ]
        for one in uploads:
            tasks.enqueue(one)
    if len(uploads) == 1:
        return redirect("runs:upload_detail", pk=uploads[0].pk)
    messages.success(request, f"{len(uploads)} uploads are being read.")
    return redirect("runs:list")


@login_required
def upload_detail(request, pk):
    """An import's progress, then its report. htmx asks again every second while it runs;
    without JavaScript the page refreshes itself (a meta refresh) until it is done."""
    upload = get_object_or_404(RunUpload.objects.owned_by(request.user).defer("data"), pk=pk)
    context = {
        "upload": upload,
        "report": upload.files.select_related("run") if upload.finished else (),
    }
    if request.htmx:
        return render(request, "runs/upload.html#progress", context)
    return render(request, "runs/upload.html", context)


@login_required
def run_detail(request, pk):
    run = get_object_or_404(
        Run.objects.visible_to(request.user).select_related("runner__profile"), pk=pk
    )
    units = request.user.profile.units  # the reader's: a coach reads in their own
    return render(
        request,
        "runs/detail.html",
        {
            "run": run,
            "own": run.runner_id == request.user.pk,
            "row": run_rows([run], run.runner.profile.zone, units=units)[0],
            "climbs": climbs_of(run, units),
        },
    )


@login_required
def delete_run(request, pk):
    """A confirmation (GET), then the run is deleted (POST): only by the runner."""
    run = get_object_or_404(Run.objects.owned_by(request.user), pk=pk)
    if request.method == "POST":
        run.delete()
        messages.success(request, f"The run of {run.day:%-d %B %Y} is deleted.")
        return redirect("runs:list")
    return render(
        request,
        "runs/delete.html",
        {"run": run, "row": run_rows([run], units=request.user.profile.units)[0]},
    )


@login_required
def keep_doubtful(request, pk):
    """The runner says a file kept aside is a run: it is stored as any file's run (POST)."""
    file = get_object_or_404(UploadFile.objects.owned_by(request.user).doubtful(), pk=pk)
    if request.method != "POST":
        return redirect("runs:list")
    outcome = doubtful.keep(file)
    if outcome is None:
        return redirect("runs:list")  # a tap before this one answered
    if isinstance(outcome, parsing.Refused):
        messages.error(request, f"{file.name} is not imported: {outcome.message}")
        return redirect("runs:list")
    messages.success(request, f"{file.name} is imported as a run of {outcome.day:%-d %B %Y}.")
    return redirect("runs:detail", pk=outcome.pk)


@login_required
def drop_doubtful(request, pk):
    """The runner says a file kept aside is not a run: it is not imported (POST)."""
    file = get_object_or_404(UploadFile.objects.owned_by(request.user).doubtful(), pk=pk)
    if request.method == "POST":
        doubtful.drop(file)
        messages.success(request, f"{file.name} is not imported: you said it is not a run.")
    return redirect("runs:list")
