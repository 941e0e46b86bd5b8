"""A runner imports an export from their watch on a phone: watches the progress, reads the
report, sees the runs, and finds the strides and the climbs on the dashboard. A real worker
process reads the import, as `make run` and docker compose run it."""

import gzip
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.runs.models import Run
from tests.assessments.factories import AssessmentFactory
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import go_to
from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory
from tests.runs import fitwriter
from tests.runs.worker import start_worker, stop

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activities"


def hilly_run(start: datetime) -> bytes:
    """Ten minutes at 3 m/s: five of them up a 5 % hill, then flat."""
    records = fitwriter.steady_records(start, 600, altitude_m=lambda i: 100 + min(i, 300) * 0.15)
    return fitwriter.activity_file(records)


def strava_export(now: datetime) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", "Activity ID,Activity Type\n")
        archive.writestr("activities/1.fit.gz", gzip.compress(hilly_run(now - timedelta(hours=1))))
        archive.writestr(
            "activities/2.fit.gz",
            gzip.compress((FIXTURES / "fit/activity-small-fenix2-run.fit").read_bytes()),
        )
        archive.writestr("activities/3.tcx", (FIXTURES / "tcx/sup_activity_1.tcx").read_bytes())
    return buffer.getvalue()


def test_runner_imports_an_export_and_sees_strides_and_climbs(
    live_server, page, screenshot, csp_violations
):
    runner = UserFactory(email="alice@example.com", display_name="Alice")
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(days=1), pain_uphill=True
    )
    worker = start_worker()
    try:
        log_in(page, live_server.url, "alice@example.com")
        go_to(page, "Runs")
        expect(page.get_by_role("heading", name="Runs", exact=True)).to_be_visible()
        page.get_by_label("Activity files or an export").set_input_files(
            files=[
                {
                    "name": "export_4242.zip",
                    "mimeType": "application/zip",
                    "buffer": strava_export(datetime.now(UTC)),
                }
            ]
        )
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_role("heading", name="Import of export_4242.zip")).to_be_visible()
        # The page asks again every second (htmx) until the worker is done.
        expect(page.get_by_text("2 runs imported of 3 files.")).to_be_visible(timeout=30_000)
        report = page.get_by_role("table", name="What became of each file")
        expect(report).to_contain_text("Not imported: ")
        expect(report.get_by_role("row")).to_have_count(4)
        screenshot("runs-import-report")
        assert_accessible(page, "runs import")

        report.get_by_role("link", name=re.compile("Imported: run of 15 Aug 2015")).click()
        expect(page.get_by_text(re.compile(r"^16[23] steps/min$"))).to_be_visible()
        expect(page.get_by_text("9.01 km")).to_be_visible()
        screenshot("runs-detail")

        go_to(page, "Runs")
        expect(page.get_by_role("heading", name="2 runs")).to_be_visible()
        screenshot("runs-list")

        go_to(page, "Home")
        week = runner.profile.today().isocalendar()[:2]
        cycles = sum(run.strides for run in Run.objects.all() if run.day.isocalendar()[:2] == week)
        expect(page.get_by_text(f"Psoas cycles this week: {cycles} per side")).to_be_visible()
        advice = page.locator(".advice-avoid-hills")
        expect(advice).to_contain_text("1 hill on your run of")
        expect(advice.get_by_role("link", name="See your runs and their hills")).to_be_visible()
        screenshot("runs-dashboard")
    finally:
        stop(worker)
    assert csp_violations == []
