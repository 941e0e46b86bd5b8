"""The coach's squad report: a group's last four weeks on one printable page."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from apps.dashboard.forms import SquadReportForm
from apps.dashboard.models import RunnerGroup
from apps.dashboard.squad import REPORT_WEEKS, squad_report


@login_required
def squad_report_page(request):
    """Every linked runner, or one of the coach's groups (another coach's group: 404)."""
    form = SquadReportForm(request.GET or None)
    group = None
    if form.is_valid() and form.cleaned_data["group"]:
        group = get_object_or_404(
            RunnerGroup.objects.owned_by(request.user), pk=form.cleaned_data["group"]
        )
    report = squad_report(request.user, group and group.pk)
    return render(
        request,
        "dashboard/squad_report.html",
        {
            "report": report,
            "week_starts": [report.since + timedelta(weeks=n) for n in range(REPORT_WEEKS)],
            "group": group,
            "weeks": REPORT_WEEKS,
            "groups": RunnerGroup.objects.owned_by(request.user),
        },
    )
