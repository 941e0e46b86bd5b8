"""Imports take turns: an account's upload waits for another account's long import a turn at
most, not for the whole of it, however many uploads that account has queued."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from apps.runs import parsing
from apps.runs.models import Run, RunUpload
from tests.factories import UserFactory
from tests.runs.test_import import RECENT, export_zip, fit_run, upload

pytestmark = pytest.mark.django_db
ALICE, DAN = "alice@example.com", "dan@example.com"  # the runner fixture, another account


def run_queue() -> None:
    """The queued tasks run one at a time in the order django-tasks-db's worker takes them."""
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim("test-worker")
        row.set_successful(row.task.call(*row.args_kwargs["args"]))


@pytest.fixture
def dan_client(client_class):
    client = client_class()
    client.force_login(UserFactory(email=DAN))
    return client


def export_of(first_day: int, files: int) -> bytes:
    return export_zip(
        {
            f"activities/{n}.fit": fit_run(RECENT - timedelta(days=first_day + n))
            for n in range(files)
        }
    )


def accounts_in_import_order() -> list[str]:
    """The account of each run imported, first imported first."""
    return list(Run.objects.order_by("pk").values_list("runner__email", flat=True))


def test_a_run_sent_behind_a_long_import_is_read_after_one_turn_of_it(
    runner_client, dan_client, settings, django_capture_on_commit_callbacks
):
    settings.RUNS_TURN_SECONDS = 0  # a turn ends at the first file stored once another waits
    with django_capture_on_commit_callbacks(execute=True):
        upload(runner_client, ("export.zip", export_of(0, 8)))
        upload(dan_client, ("morning.fit", fit_run(RECENT + timedelta(hours=1))))
    run_queue()

    order = accounts_in_import_order()
    assert order.count(ALICE) == 8
    assert 1 <= order.index(DAN) <= 2  # after the files being parsed when Dan's came
    assert RunUpload.objects.filter(status="done").count() == 2
    alice = RunUpload.objects.get(runner__email=ALICE)
    assert list(alice.files.values_list("position", flat=True)) == list(range(8))
    page = runner_client.get(reverse("runs:upload_detail", args=[alice.pk])).content.decode()
    assert "8 runs imported of 8 files." in page


def test_an_account_with_several_uploads_queued_takes_one_turn_in_a_round(
    runner_client, dan_client, settings, django_capture_on_commit_callbacks
):
    settings.RUNS_TURN_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        for first_day in (0, 10, 20):
            upload(runner_client, ("export.zip", export_of(first_day, 4)))
        upload(dan_client, ("morning.fit", fit_run(RECENT + timedelta(hours=1))))
    run_queue()

    order = accounts_in_import_order()
    assert order.count(ALICE) == 12
    assert order.index(DAN) <= 2  # not behind a turn of each of Alice's three uploads
    # Alice's uploads were read one after another, oldest first.
    alice_runs = Run.objects.filter(runner__email=ALICE).order_by("pk")
    assert list(alice_runs.values_list("upload_id", flat=True)) == sorted(
        alice_runs.values_list("upload_id", flat=True)
    )
    assert not RunUpload.objects.unfinished().exists()
    assert not DBTaskResult.objects.ready().exists()


def test_a_later_turn_passes_over_the_files_read_nested_zips_included():
    part = io.BytesIO()
    with zipfile.ZipFile(part, "w") as inner:
        inner.writestr("run_2.fit", b"2")
        inner.writestr("run_3.fit", b"3")
    garmin = io.BytesIO()
    with zipfile.ZipFile(garmin, "w") as outer:
        outer.writestr("run_0.fit", b"0")
        outer.writestr("run_1.fit", b"1")
        outer.writestr("Part1.zip", part.getvalue())
    data = garmin.getvalue()
    names = ["run_0.fit", "run_1.fit", "Part1/run_2.fit", "Part1/run_3.fit"]
    assert parsing.count("export.zip", data) == 4
    assert [name for name, _ in parsing.expand("export.zip", data)] == names
    for start in range(5):
        assert list(parsing.expand("export.zip", data, start=start)) == [
            (name, name[-5].encode()) for name in names[start:]
        ]
