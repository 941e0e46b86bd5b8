"""A file whose run has a figure no run can have is refused with its reason and nothing of it is
stored, whichever format it came in and whichever figure it is (Run.broken_rule, the limits
in apps/runs/models.py); a run the database refuses is refused by the rule it broke."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from apps.runs import services
from apps.runs.models import Run, UploadFile
from tests.runs import fitwriter
from tests.runs.test_import import run_queued, upload
from tests.runs.test_parsing import gpx_file, tcx_file

pytestmark = pytest.mark.django_db
START = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)


def gpx_climbing_1e300_m_a_point() -> bytes:
    parts = gpx_file(600, kind="running").decode().split("<ele>300</ele>")
    points = [f"<ele>{n * 1e300!r}</ele>{rest}" for n, rest in enumerate(parts[1:], start=1)]
    return (parts[0] + "".join(points)).encode()


def tcx_lap_from_2000_points_from_2023() -> bytes:
    return (
        tcx_file()
        .replace(b'StartTime="2026-05-01T06:00:00Z"', b'StartTime="2000-01-01T06:00:00Z"')
        .replace(b"2026-05-01", b"2023-05-01")
    )


def fit_session_of_49_days() -> bytes:
    records = fitwriter.steady_records(START, 600)
    return fitwriter.activity_file(records, session={"total_elapsed_time": 0xFFFFFFFE / 1000})


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "climb.gpx",
            gpx_climbing_1e300_m_a_point(),
            "its elevation gain of 5.8e+302 m is not from 0 to 50,000 m",
        ),
        (
            "laps.tcx",
            tcx_lap_from_2000_points_from_2023(),
            "it lasts 8,521 days; a run lasts 8 days at most",
        ),
        ("session.fit", fit_session_of_49_days(), "it lasts 49.7 days; a run lasts 8 days at most"),
        (
            "strides.fit",
            fitwriter.activity_file(
                fitwriter.steady_records(START, 600), session={"total_strides": 0xFFFFFFFE}
            ),
            "its 8.6e+09 steps are more than the 4,608,000 a run has",
        ),
        (
            "cadence.fit",
            fitwriter.activity_file(fitwriter.steady_records(START, 600, strides_per_min=250)),
            "its cadence of 500 steps a minute is not above 0 and under 400",
        ),
    ],
)
def test_a_file_with_a_figure_no_run_has_is_refused_with_its_reason(
    runner, runner_client, name, data, reason
):
    response = upload(runner_client, (name, data))
    run_queued(runner)

    assert not Run.objects.exists()
    refused = UploadFile.objects.get()
    assert (refused.outcome, refused.code) == ("refused", "corrupt")
    assert refused.message == f"This file's figures are not a run's: {reason}."
    page = runner_client.get(response.url).content.decode()
    assert f"This file&#x27;s figures are not a run&#x27;s: {reason}." in page


def test_no_page_shows_the_figures_of_a_refused_file(runner, coach, runner_client, coach_client):
    response = upload(runner_client, ("climb.gpx", gpx_climbing_1e300_m_a_point()))
    run_queued(runner)

    pages = [
        runner_client.get(response.url),
        runner_client.get(reverse("runs:list")),
        runner_client.get(reverse("dashboard:home")),
        coach_client.get(reverse("runs:runner_list", args=[runner.pk])),
        coach_client.get(reverse("dashboard:runner", args=[runner.pk])),
    ]

    for page in pages:
        assert page.status_code == 200
        assert not re.search(r"\d{20}", page.content.decode())


def test_a_figure_the_database_refuses_is_named_not_taken_for_a_duplicate(
    runner, runner_client, monkeypatch
):
    """A rule Python let pass (as if broken_rule() had a gap) and the database's check held."""
    monkeypatch.setattr(Run, "broken_rule", lambda run: None)
    records = fitwriter.steady_records(START, 600, strides_per_min=250)

    upload(runner_client, ("cadence.fit", fitwriter.activity_file(records)))
    run_queued(runner)

    assert not Run.objects.exists()
    refused = UploadFile.objects.get()
    assert (refused.outcome, refused.code) == ("refused", "corrupt")
    assert refused.message == (
        "This file's figures are not a run's: A run's cadence is above 0 and under 400 steps a "
        "minute."
    )


def test_the_same_run_stored_meanwhile_is_a_duplicate(runner, runner_client, monkeypatch):
    """Two files of one run read at once: the one stored second loses to the unique index."""
    monkeypatch.setattr(services, "SAME_START", timedelta(0))  # the check before it misses
    upload(
        runner_client, ("watch.fit", fitwriter.activity_file(fitwriter.steady_records(START, 600)))
    )
    upload(
        runner_client, ("phone.fit", fitwriter.activity_file(fitwriter.steady_records(START, 601)))
    )
    run_queued(runner)

    assert Run.objects.count() == 1
    refused = UploadFile.objects.get(name="phone.fit")
    assert (refused.outcome, refused.code) == ("refused", "duplicate")
    assert refused.message == "A run with the same start time is already imported."
