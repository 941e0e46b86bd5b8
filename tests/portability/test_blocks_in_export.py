"""What the tests decided for a plan and the returns to running, in the account export (from
format 12): a plan's decisions (naming their test and session), its lighter week, and each return
to running with its walk-runs leave in the JSON and the zip and come back whole; a file of
version 11 has none of them and imports."""

import io
import zipfile
from datetime import timedelta

import pytest

from apps.accounts.models import User
from apps.plans.models import BlockDecision, Plan, ReturnCause, ReturnToRun, WalkRun
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory, complete_session
from tests.portability.helpers import export_of, import_into_new_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_blocks(runner):
    today = runner.profile.today()
    test = AssessmentFactory(runner=runner, taken_on=today - timedelta(days=3))
    plan = PlanFactory(
        runner=runner, starts_on=today - timedelta(weeks=3), lighter_from=today - timedelta(days=2)
    )
    session = complete_session(plan, today - timedelta(days=3))
    BlockDecision.objects.create(
        plan=plan, kind="lighter", reason="Rated 8/10.", session=session, changed_plan=True,
        made_on=today - timedelta(days=3),
    )  # fmt: skip
    BlockDecision.objects.create(
        plan=plan, kind="physio", reason="No real change.", test=test, made_on=today
    )
    ended = ReturnToRun.objects.create(
        runner=runner, cause=ReturnCause.RED_FLAG, started_on=today - timedelta(weeks=8),
        ended_on=today - timedelta(weeks=4),
    )  # fmt: skip
    WalkRun.objects.create(block=ended, day=today - timedelta(weeks=7), pain_during=2)
    open_block = ReturnToRun.objects.create(
        runner=runner, cause=ReturnCause.COACH, started_by="Bob",
        started_on=today - timedelta(days=5),
    )  # fmt: skip
    WalkRun.objects.create(block=open_block, day=today - timedelta(days=4), pain_during=1)
    WalkRun.objects.create(block=open_block, day=today - timedelta(days=2), pain_during=3)
    return runner


def decisions(runner):
    return list(
        BlockDecision.objects.filter(plan__runner=runner)
        .order_by("made_on")
        .values_list(
            "kind", "reason", "test__taken_on", "session__performed_on", "changed_plan", "made_on"
        )
    )


def returns(runner):
    return [
        (block.cause, block.started_on, block.ended_on, block.started_by,
         list(block.walk_runs.order_by("day").values_list("day", "pain_during", "logged_at")))
        for block in ReturnToRun.objects.filter(runner=runner).order_by("started_on")
    ]  # fmt: skip


def test_they_leave_and_come_back_equal(runner_client, alices_blocks, client_class):
    data = export_of(runner_client)

    assert data["version"] == 12
    assert [d["kind"] for d in data["plans"][0]["decisions"]] == ["lighter", "physio"]
    assert [len(block["walk_runs"]) for block in data["returns_to_run"]] == [1, 2]
    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert decisions(newcomer) == decisions(alices_blocks)
    assert returns(newcomer) == returns(alices_blocks)
    assert Plan.objects.get(runner=newcomer).lighter_from == (
        Plan.objects.get(runner=alices_blocks).lighter_from
    )


def test_the_zip_has_them(runner_client, alices_blocks):
    archive = zipfile.ZipFile(io.BytesIO(runner_client.get("/account/export.zip").content))

    walk_runs = archive.read("walk_runs.csv").decode().splitlines()
    assert walk_runs[0] == "block,day,pain_during,logged_at"
    assert [line.split(",")[0] for line in walk_runs[1:]] == ["1", "2", "2"]
    assert len(walk_runs) == 4
    assert archive.read("returns_to_run.csv").decode().splitlines()[0] == (
        "cause,started_on,ended_on,started_by,created_at,block"
    )
    assert len(archive.read("block_decisions.csv").decode().splitlines()) == 3


def test_an_export_of_version_11_has_none_and_imports(runner_client, alices_blocks, client_class):
    data = export_of(runner_client)
    data["version"] = 11
    del data["returns_to_run"]
    for plan in data["plans"]:
        del plan["decisions"]
        del plan["lighter_from"]

    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert decisions(newcomer) == []
    assert returns(newcomer) == []
    assert Plan.objects.get(runner=newcomer).lighter_from is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["returns_to_run"][1]["walk_runs"][0].update(pain_during=11),
         "The pain during a walk-run is from 0 to 10."),
        (lambda d: d["returns_to_run"][0].update(ended_on=None),
         "A return to running is already under way."),
        (lambda d: d["plans"][0]["decisions"][1].update(test="2001-01-01"),
         "A plan decision names a test of 2001-01-01, not in the file."),
        (lambda d: d["returns_to_run"][1].update(started_on="2999-01-01"),
         "A return to running is dated 2999-01-01, after today."),
        (lambda d: d["returns_to_run"][0]["walk_runs"][0].update(day="2026-01-01"),
         "A walk-run of 2026-01-01 is outside its return to running"),
    ],
)  # fmt: skip
def test_a_bad_record_refuses_the_whole_file(
    runner_client, alices_blocks, client_class, change, message
):
    data = export_of(runner_client)
    change(data)

    response = import_into_new_account(client_class, data)

    assert message in response.text.replace("&#x27;", "'")
    assert not User.objects.get(email="new@example.com").returns_to_run.exists()
