"""A runner's runs leave in the JSON export and the CSV zip, and come back whole with an import
into a new account: every figure, or nothing and a message naming the run at fault."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import User
from apps.assessments.models import Assessment
from apps.portability.account_data import RUN_FIELDS, export_data
from apps.runs.models import Run, RunUpload
from tests.assessments.factories import AssessmentFactory
from tests.factories import UserFactory
from tests.portability.helpers import export_of
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

# 07:00 UTC is 09:00 in Helsinki, in November.
MORNING = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def alices_runs(runner):
    """Two runs: one from a watch with running dynamics and a hill, in an upload whose report
    stays behind; one GPX track with no dynamics at all."""
    runner.profile.timezone = "Europe/Helsinki"
    runner.profile.save()
    AssessmentFactory(runner=runner)
    upload = RunUpload.objects.create(
        runner=runner, file_name="export.zip", size=3, data=b"zip", files_total=1
    )
    with_dynamics = RunFactory(runner=runner, upload=upload, started_at=MORNING)
    flat = RunFactory(
        runner=runner,
        started_at=datetime(2026, 10, 30, 16, 30, tzinfo=UTC),
        sport="trail_running",
        distance_m=None,
        elevation_gain_m=None,
        climbing_seconds=0,
        climbs=[],
        steps=None,
        cadence_spm=None,
        step_length_m=None,
        gct_balance_left_pct=None,
        device="",
        file_format="gpx",
        file_name="=HYPERLINK(evil).gpx",
    )
    return with_dynamics, flat


def import_as_newcomer(client_class, data):
    newcomer = UserFactory(email="new@example.com")
    client = client_class()
    client.force_login(newcomer)
    response = client.post(
        "/account/import/",
        {"file": SimpleUploadedFile("psoas-tracker.json", json.dumps(data).encode())},
        follow=True,
    )
    return newcomer, response


def stored(runner):
    """A runner's runs as the database holds them, less what is not theirs to carry over."""
    return list(
        Run.objects.filter(runner=runner)
        .order_by("started_at")
        .values(*RUN_FIELDS, "upload_id", "runner__email")
    )


def test_every_run_leaves_with_its_figures_and_comes_back_equal(
    runner_client, runner, alices_runs, client_class
):
    before = export_of(runner_client)

    assert before["version"] == 12
    assert [run["started_at"] for run in before["runs"]] == [
        "2026-10-30T18:30:00+02:00",
        "2026-11-02T09:00:00+02:00",  # the runner's time, with its offset
    ]
    run = before["runs"][1]
    assert list(run) == RUN_FIELDS  # not the upload, nor when it was imported
    assert (run["day"], run["cadence_spm"], run["steps"]) == ("2026-11-02", 162.0, 15300)
    assert run["climbs"] == [
        {"start_offset_s": 600, "duration_s": 180, "distance_m": 420.0, "gain_m": 25.0,
         "grade_pct": 6.0}
    ]  # fmt: skip
    assert (run["device"], run["sha256"], run["gct_balance_left_pct"]) == (
        "Garmin fenix 2",
        alices_runs[0].sha256,
        50.9,
    )
    assert before["runs"][0]["cadence_spm"] is None

    newcomer, response = import_as_newcomer(client_class, before)

    assert "and 2 runs." in response.text
    newcomer = User.objects.get(pk=newcomer.pk)  # with the profile the import restored
    assert export_data(newcomer)["runs"] == before["runs"]
    alices = [{**row, "upload_id": None} for row in stored(runner)]
    assert [{**row, "runner__email": "alice@example.com"} for row in stored(newcomer)] == alices


def test_the_zip_has_the_runs_with_a_header_and_their_figures(runner_client, alices_runs):
    archive = zipfile.ZipFile(io.BytesIO(runner_client.get("/account/export.zip").content))

    text = archive.read("runs.csv").decode()
    assert text.splitlines()[0] == ",".join(RUN_FIELDS)
    flat, with_dynamics = csv.DictReader(io.StringIO(text))
    assert with_dynamics["started_at"] == "2026-11-02T09:00:00+02:00"
    assert (with_dynamics["distance_m"], with_dynamics["cadence_spm"]) == ("9008.0", "162.0")
    assert (with_dynamics["step_length_m"], with_dynamics["gct_balance_left_pct"]) == (
        "1.18",
        "50.9",
    )
    assert json.loads(with_dynamics["climbs"])[0]["gain_m"] == 25.0
    assert (flat["cadence_spm"], flat["climbs"]) == ("", "[]")
    # A file name that would start a formula in a spreadsheet is written as text.
    assert flat["file_name"] == "'=HYPERLINK(evil).gpx"


def test_an_export_of_version_5_still_imports_with_no_runs(
    runner_client, alices_runs, client_class
):
    data = export_of(runner_client)
    data["version"] = 5
    del data["runs"]

    newcomer, response = import_as_newcomer(client_class, data)

    assert "Imported 1 tests, 0 plans, 0 sessions, 0 days of logs and 0 runs." in response.text
    assert Assessment.objects.filter(runner=newcomer).count() == 1
    assert not Run.objects.filter(runner=newcomer).exists()


def copy_of_last_run(data, **changes):
    data["runs"].append({**data["runs"][-1], **changes})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["runs"][1].update(cadence_spm=900),
            "The run of 2 November 2026 cannot be imported: its cadence of 900 steps a minute "
            "is not above 0 and under 400.",
        ),
        (
            lambda d: d["runs"][1].update(moving_seconds=3000),
            "The run of 2 November 2026 cannot be imported: its moving time is longer than its "
            "elapsed time.",
        ),
        (
            lambda d: copy_of_last_run(d, sha256="f" * 64),
            "The run of 2 November 2026 cannot be imported: it starts at the same time "
            "(2026-11-02T09:00:00+02:00) as another run.",
        ),
        (
            # The same instant written with another offset is the same start.
            lambda d: copy_of_last_run(d, sha256="f" * 64, started_at="2026-11-02T07:00:00Z"),
            "it starts at the same time (2026-11-02T07:00:00Z) as another run",
        ),
        (
            lambda d: copy_of_last_run(d, started_at="2026-11-02T10:00:00+02:00"),
            "The run of 2 November 2026 cannot be imported: it comes from the same file",
        ),
        (
            lambda d: d["runs"][1].update(cadence_spm="fast"),
            "The run of 2 November 2026 has invalid data: “fast” value must be a float.",
        ),
        (lambda d: d["runs"][1].update(step_length_m=float("nan")), "is not a number"),
        (
            lambda d: d["runs"][1].update(elevation_gain_m=-3),
            "its elevation gain of -3 m is not from 0 to 50,000 m",
        ),
        (
            lambda d: d["runs"][1].update(elevation_gain_m=5.8e302),
            "its elevation gain of 5.8e+302 m is not from 0 to 50,000 m",
        ),
        (
            lambda d: d["runs"][1].update(elapsed_seconds=4_294_967, moving_seconds=600),
            "it lasts 49.7 days; a run lasts 8 days at most",
        ),
        (
            lambda d: d["runs"][1]["climbs"][0].update(gain_m=1e300),
            "a climb's gain of 1e+300 m is not from 0 to 50,000 m",
        ),
        (lambda d: d["runs"][1].update(gct_balance_left_pct=101), "is not from 0 to 100 %"),
        (lambda d: d["runs"][1].update(climbs=[{"gain_m": "steep"}]), "its climbs are not"),
        (lambda d: d["runs"][1].update(climbs="hilly"), "its climbs are not"),
        (
            lambda d: d["runs"][1].update(started_at="2026-11-02T09:00:00"),
            "The run of 2 November 2026 has a start time without its offset from UTC.",
        ),
        (
            lambda d: d["runs"][1].update(started_at="2999-01-01T09:00:00+02:00"),
            "cannot be imported: it starts in the future.",
        ),
        (lambda d: d["runs"][1].update(day="2999-01-01"), "A run is dated 2999-01-01, after today"),
        (lambda d: d["runs"][1].update(day="1999-12-31"), "its date must be from 1 January 2000"),
        (lambda d: d["runs"][1].update(file_format="kml"), "is not a valid choice"),
        (lambda d: d["runs"][1].update(elapsed_seconds=-1), "greater than or equal to 0"),
        (lambda d: d["runs"][1].pop("sha256"), "damaged or incomplete (KeyError)"),
    ],
)
def test_a_bad_run_refuses_the_whole_file_with_a_message_naming_it(
    runner_client, alices_runs, client_class, change, message
):
    data = export_of(runner_client)
    change(data)

    newcomer, response = import_as_newcomer(client_class, data)

    assert response.status_code == 400
    assert message in response.text.replace("&#x27;", "'").replace("&quot;", '"')
    assert not Run.objects.filter(runner=newcomer).exists()
    assert not Assessment.objects.filter(runner=newcomer).exists()


def test_an_account_with_runs_refuses_an_import(runner_client, runner, client_class):
    data = export_of(runner_client)
    RunFactory(runner=runner)

    response = runner_client.post(
        "/account/import/", {"file": SimpleUploadedFile("x.json", json.dumps(data).encode())}
    )

    assert "This account already has data" in response.text
    assert Run.objects.filter(runner=runner).count() == 1


@pytest.mark.parametrize("url", ["/account/export.json", "/account/export.zip"])
def test_the_export_queries_do_not_grow_with_runs(runner_client, runner, page_queries, url):
    Run.objects.bulk_create(RunFactory.build_batch(10, runner=runner))
    few = page_queries(runner_client, url)

    Run.objects.bulk_create(RunFactory.build_batch(190, runner=runner))

    assert page_queries(runner_client, url) == few
    assert len(export_of(runner_client)["runs"]) == 200
