"""Files that do not name their sport, judged by speed and cadence: a run, refused, or kept
aside as "not sure this is a run" for the runner to keep or drop. Nothing imported silently,
nothing lost."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from apps.accounts.models import Profile
from apps.runs import doubtful
from apps.runs.models import Run, RunUpload, UploadFile
from tests.runs import fitwriter
from tests.runs.test_import import run_queued, upload
from tests.runs.test_parsing import fixture, parse, refusal

RECENT = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


def generic_fit(speed_m_s, strides_per_min, start=RECENT, seconds=600, sport="generic"):
    records = fitwriter.steady_records(
        start, seconds, speed_m_s=speed_m_s, strides_per_min=strides_per_min
    )
    return fitwriter.activity_file(records, sport=sport)


@pytest.mark.parametrize(
    ("speed_m_s", "strides_per_min", "doubt"),
    [
        (3.0, 85.5, ""),  # a run's speed and a run's cadence (171 steps a minute)
        (3.0, 55, "at a run's speed, but its cadence of 110 steps a minute is under the 140"),
        (3.0, 69.5, "its cadence of 139 steps a minute is under the 140"),
        (3.0, 70, ""),  # 140 steps a minute: a run's
        (1.5, 80, "slower than a jog, but its cadence of 160 steps a minute is a run's"),
    ],
)
def test_an_unnamed_activity_is_judged_by_speed_and_cadence(speed_m_s, strides_per_min, doubt):
    run = parse("generic.fit", generic_fit(speed_m_s, strides_per_min))
    assert run.sport == "running"
    if doubt:
        assert doubt in run.doubt
    else:
        assert run.doubt == ""


@pytest.mark.parametrize(
    ("speed_m_s", "strides_per_min", "words"),
    [(1.3, 55, "a walk or a paddle"), (9.0, 85, "a ride"), (9.0, 45, "a ride")],
)
def test_every_signal_against_a_run_refuses_it(speed_m_s, strides_per_min, words):
    error = refusal("generic.fit", generic_fit(speed_m_s, strides_per_min))
    assert error.code == "not_a_run"
    assert words in error.message


def test_a_file_that_names_running_is_a_run_whatever_its_cadence():
    run = parse("run.fit", generic_fit(3.0, 55, sport="running"))
    assert (run.sport, run.doubt) == ("running", "")


def tcx_as_other(cadence=None) -> bytes:
    """The real fixture test.tcx (a run with no cadence), its sport made "Other" as Garmin
    Connect writes for sports it has no word for; with a cadence at every point if given."""
    data = fixture("tcx/test.tcx").replace(b'Sport="Running"', b'Sport="Other"')
    if cadence is not None:
        extension = (
            '<Extensions><ns3:TPX xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
            f"<ns3:RunCadence>{cadence}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>"
        )
        data = data.replace(b"</Trackpoint>", extension.encode())
    return data


def test_a_real_other_tcx_is_judged_by_its_speed_when_it_has_no_cadence():
    run = parse("test.tcx", tcx_as_other())
    assert (run.sport, run.doubt) == ("running", "")


def test_a_real_other_tcx_whose_cadence_is_not_a_runs_is_kept_aside():
    run = parse("test.tcx", tcx_as_other(cadence=50))
    assert "its cadence of 100 steps a minute" in run.doubt


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sup_activity_1.tcx", fixture("tcx/sup_activity_1.tcx")),  # a paddle, 1.1 m/s
        ("ride.fit", generic_fit(9.0, 85)),
    ],
)
def test_a_refusal_for_speed_names_no_unit(name, data):
    # Stored with the upload and read later in kilometres or miles: worded without either.
    message = refusal(name, data).message
    assert "km" not in message
    assert "mph" not in message
    assert "/h" not in message


pytestmark = pytest.mark.django_db


def doubtful_upload(runner, runner_client, start=RECENT):
    upload(runner_client, ("commute.fit", generic_fit(3.0, 55, start=start)))
    run_queued(runner)
    return UploadFile.objects.get(upload__runner=runner, name="commute.fit")


def test_a_doubtful_file_is_not_imported_but_listed_with_its_reason(runner, runner_client):
    file = doubtful_upload(runner, runner_client)
    assert file.outcome == UploadFile.Outcome.UNSURE
    assert not Run.objects.filter(runner=runner).exists()
    page = runner_client.get(reverse("runs:list")).content.decode()
    assert "Not sure this is a run" in page
    assert "commute.fit" in page
    assert "its cadence of 110 steps a minute" in page
    assert "1.80 km" in page  # 600 s at 3 m/s, in the runner's units
    report = runner_client.get(reverse("runs:upload_detail", args=[file.upload_id]))
    assert "Not sure this is a run: It moved at a run&#x27;s speed" in report.content.decode()


def test_a_doubtful_file_reads_in_the_runners_miles(runner, runner_client):
    Profile.objects.filter(user=runner).update(units="mi")
    doubtful_upload(runner, runner_client)
    page = runner_client.get(reverse("runs:list")).content.decode()
    assert "1.12 mi" in page


def test_keeping_it_makes_it_a_run(runner, runner_client):
    file = doubtful_upload(runner, runner_client)
    response = runner_client.post(reverse("runs:keep_doubtful", args=[file.pk]))
    run = Run.objects.get(runner=runner)
    assert response.url == reverse("runs:detail", args=[run.pk])
    assert run.started_at == RECENT
    assert run.cadence_spm == pytest.approx(110)
    file.refresh_from_db()
    assert (file.outcome, file.run, file.parsed) == ("imported", run, None)
    assert RunUpload.objects.get(pk=file.upload_id).runs_imported == 1
    assert "Not sure this is a run" not in runner_client.get(reverse("runs:list")).content.decode()


def test_dropping_it_imports_nothing_and_says_so(runner, runner_client):
    file = doubtful_upload(runner, runner_client)
    runner_client.post(reverse("runs:drop_doubtful", args=[file.pk]))
    assert not Run.objects.filter(runner=runner).exists()
    file.refresh_from_db()
    assert (file.outcome, file.code, file.parsed) == ("refused", "not_a_run", None)
    report = runner_client.get(reverse("runs:upload_detail", args=[file.upload_id]))
    assert "Not imported: You said this is not a run." in report.content.decode()


def test_a_second_tap_waiting_on_the_first_changes_nothing_more(runner, runner_client):
    """Two taps on Keep (or Keep then Drop): the second read the file before the first settled
    it, waited for its lock, then finds it answered."""
    file = doubtful_upload(runner, runner_client)
    read_by_the_second_tap = UploadFile.objects.get(pk=file.pk)
    run = doubtful.keep(file)
    assert doubtful.keep(read_by_the_second_tap) is None
    doubtful.drop(read_by_the_second_tap)
    assert Run.objects.get(runner=runner) == run
    assert RunUpload.objects.get(pk=file.upload_id).runs_imported == 1
    assert UploadFile.objects.get(pk=file.pk).outcome == "imported"


def test_keeping_it_after_the_same_run_came_in_is_refused_as_a_duplicate(runner, runner_client):
    file = doubtful_upload(runner, runner_client)
    upload(
        runner_client, ("watch.fit", generic_fit(3.0, 85.5, start=RECENT + timedelta(seconds=5)))
    )
    run_queued(runner)
    response = runner_client.post(reverse("runs:keep_doubtful", args=[file.pk]), follow=True)
    assert Run.objects.filter(runner=runner).count() == 1
    assert "commute.fit is not imported: Already imported" in response.content.decode()
    file.refresh_from_db()
    assert (file.outcome, file.code) == ("refused", "duplicate")


def test_a_doubtful_duplicate_of_a_run_is_refused_at_once(runner, runner_client):
    upload(runner_client, ("watch.fit", generic_fit(3.0, 85.5)))
    run_queued(runner)
    file = doubtful_upload(runner, runner_client, start=RECENT + timedelta(seconds=5))
    assert (file.outcome, file.code) == ("refused", "duplicate")


@pytest.mark.parametrize("name", ["runs:keep_doubtful", "runs:drop_doubtful"])
@pytest.mark.parametrize("who", ["coach_client", "stranger_client"])
def test_only_the_runner_keeps_or_drops(name, who, runner, runner_client, request):
    file = doubtful_upload(runner, runner_client)
    other = request.getfixturevalue(who)
    assert other.post(reverse(name, args=[file.pk])).status_code == 404
    file.refresh_from_db()
    assert file.outcome == UploadFile.Outcome.UNSURE
    assert not Run.objects.exists()


def test_a_get_changes_nothing(runner, runner_client):
    file = doubtful_upload(runner, runner_client)
    for name in ("runs:keep_doubtful", "runs:drop_doubtful"):
        assert runner_client.get(reverse(name, args=[file.pk])).url == reverse("runs:list")
    file.refresh_from_db()
    assert file.outcome == UploadFile.Outcome.UNSURE


def test_the_linked_coach_does_not_see_the_runners_doubtful_files(
    runner, runner_client, coach_client
):
    doubtful_upload(runner, runner_client)
    page = coach_client.get(reverse("runs:runner_list", args=[runner.pk])).content.decode()
    assert "commute.fit" not in page
    assert "Not sure" not in page
