"""A runner's whole account leaves as JSON or a zip of CSV files, and comes back with an import
into a new account: everything, or nothing and a message."""

import io
import json
import zipfile
from datetime import timedelta

import pytest

from apps.accounts.models import Profile, User
from apps.assessments.models import Assessment, RedFlagCheck
from apps.conversation.models import Comment
from apps.portability.account_data import export_data
from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory
from tests.factories import PASSWORD
from tests.plans.factories import PlanFactory, complete_session
from tests.portability.helpers import export_of, import_into_new_account, signed_up, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_data(runner, coach):
    today = runner.profile.today()
    runner.profile.display_name = "Alice K."
    runner.profile.timezone = "Europe/Helsinki"
    runner.profile.cadence = 172
    runner.profile.save()
    for week in range(3):
        AssessmentFactory(
            runner=runner,
            taken_on=today - timedelta(weeks=week),
            notes=f"week {week}",
            pain_hip=week,
        )
    plan = PlanFactory(runner=runner, author=coach, starts_on=today - timedelta(days=10))
    complete_session(plan, today - timedelta(days=2))
    RedFlagCheck.objects.create(
        runner=runner, assessment=runner.assessments.get(taken_on=today), flags=["numbness"]
    )
    Comment.objects.create(
        runner=runner,
        coach=coach,
        by_coach=True,
        assessment=runner.assessments.get(taken_on=today),
        body="=Looks good, left still tighter",
    )
    Comment.objects.create(runner=runner, coach=coach, by_coach=False, plan=plan, body="Thanks!")
    SittingDay.objects.create(
        runner=runner,
        day=today,
        minutes_seated=420,
        core_reps=30,
        run_minutes=40,
        run_hills=True,
        notes="desk",
    )
    return runner


def without_volatile(data):
    """What must survive a round trip: everything but the export's own time stamp and e-mail."""
    data = {**data}
    data.pop("exported_at")
    data.pop("email")
    return data


def test_export_delete_sign_up_again_import_and_everything_is_back(
    runner_client, alices_data, client_class
):
    Profile.objects.filter(user__email="alice@example.com").update(role="both")
    exported = runner_client.get("/account/export.json")
    assert exported["Content-Disposition"] == 'attachment; filename="psoas-tracker.json"'
    before = json.loads(exported.content)
    assert len(before["tests"]) == 3
    assert before["plans"][0]["author_name"] == "Bob"
    assert "bob@example.com" not in exported.content.decode()  # no other person's address
    assert len(before["plans"][0]["sessions"][0]["sets"]) == 12
    assert before["red_flag_checks"][0]["flags"] == ["numbness"]  # health data leaves too

    runner_client.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert not User.objects.filter(email="alice@example.com").exists()
    assert not Assessment.objects.exists()

    new = signed_up(client_class, "alice@example.com")
    response = new.post("/account/import/", {"file": upload(exported.content)}, follow=True)

    assert (
        "Imported 3 tests, 1 plans, 1 sessions, 1 days of logs and 0 runs."
        in response.content.decode()
    )
    alice = User.objects.get(email="alice@example.com")
    after = export_data(alice)
    assert without_volatile(after) == without_volatile(before) | {"comments": after["comments"]}
    assert [{**c, "coach": "Bob"} for c in after["comments"]] == before["comments"]
    assert alice.profile.role == "both"
    # The comments come back as a former coach's: links do not move with the data.
    assert [comment["coach"] for comment in before["comments"]] == ["Bob", "Bob"]
    assert [comment["coach"] for comment in export_data(alice)["comments"]] == [
        "a former coach",
        "a former coach",
    ]


def test_the_zip_holds_one_csv_per_kind_of_record(runner_client, alices_data):
    response = runner_client.get("/account/export.zip")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "block_decisions.csv",
        "comments.csv",
        "effort_ratings.csv",
        "exercises.csv",
        "morning_checks.csv",
        "plan_items.csv",
        "plan_template_items.csv",
        "plan_templates.csv",
        "plans.csv",
        "profile.csv",
        "red_flag_checks.csv",
        "red_flags.csv",
        "returns_to_run.csv",
        "runs.csv",
        "set_logs.csv",
        "sitting_days.csv",
        "stretch_sessions.csv",
        "tests.csv",
        "walk_runs.csv",
    ]
    tests = archive.read("tests.csv").decode().splitlines()
    assert tests[0].startswith("taken_on,instrument,hip_angle_left")
    assert len(tests) == 4
    assert len(archive.read("set_logs.csv").decode().splitlines()) == 13
    # A comment that would start a formula in a spreadsheet is written as text.
    assert ",'=Looks good, left still tighter" in archive.read("comments.csv").decode().replace(
        '"', ""
    )


def test_an_account_with_data_refuses_an_import(runner_client, alices_data):
    exported = runner_client.get("/account/export.json").content

    response = runner_client.post("/account/import/", {"file": upload(exported)})

    assert response.status_code == 400
    assert "This account already has data" in response.content.decode()
    assert Assessment.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "not a Psoas Tracker JSON export"),
        (b'{"format": "something-else"}', "not a Psoas Tracker JSON export"),
        (b'{"format": "psoas-tracker-export", "version": 99}', "Unknown export version 99"),
        (b'{"format": "psoas-tracker-export", "version": 1}', "damaged or incomplete"),
        (b"\xff\xfe\x00", "not a Psoas Tracker JSON export"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message(runner_client, runner, content, message):
    response = runner_client.post("/account/import/", {"file": upload(content)})

    assert message in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_invalid_row_refuses_the_whole_file(runner_client, alices_data, client_class):
    data = json.loads(runner_client.get("/account/export.json").content)
    data["tests"][2]["hip_angle_left"] = 99  # the last test is out of range
    other = signed_up(client_class, "new@example.com")

    response = other.post("/account/import/", {"file": upload(json.dumps(data).encode())})

    assert "The file has invalid data" in response.content.decode()
    newcomer = User.objects.get(email="new@example.com")
    assert not Assessment.objects.filter(runner=newcomer).exists()
    assert newcomer.profile.cadence is None  # the profile is untouched too


def test_no_file_chosen(runner_client):
    assert "Choose the JSON file" in runner_client.post("/account/import/").content.decode()


def test_a_coach_exports_only_their_own_data(coach_client, alices_data):
    data = json.loads(coach_client.get("/account/export.json").content)

    assert data["tests"] == []
    assert data["plans"] == []
    assert data["sitting_days"] == []
    assert "alice" not in json.dumps(data).lower()


def test_an_imported_plan_names_its_coach_but_links_to_no_account(
    runner_client, alices_data, client_class
):
    data = export_of(runner_client)
    data["plans"][0]["author_name"] = "Anyone At All"

    import_into_new_account(client_class, data)

    plan = User.objects.get(email="new@example.com").plans.get()
    assert (plan.author, plan.author_name) == (None, "Anyone At All")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sitting_days"][0].update(day="2999-01-01"), "dated 2999-01-01, after today"),
        (lambda d: d["tests"][0].update(taken_on="2999-01-01"), "A test is dated 2999-01-01"),
        (lambda d: d["tests"][0].update(notes="x" * 2001), "longer than 2000 characters"),
        (lambda d: d["sitting_days"][0].update(minutes_seated=1e400), "damaged or incomplete"),
        (
            lambda d: d["plans"][0]["sessions"][0]["sets"][0].update(stretch="splits"),
            "which is not in its plan",
        ),
        (lambda d: d["sitting_days"].append(dict(d["sitting_days"][0])), "invalid data"),
    ],
)
def test_a_crafted_file_is_refused_whole(runner_client, alices_data, client_class, change, message):
    data = export_of(runner_client)
    change(data)

    response = import_into_new_account(client_class, data)

    assert message in response.content.decode()
    newcomer = User.objects.get(email="new@example.com")
    assert not SittingDay.objects.filter(runner=newcomer).exists()
    assert not Assessment.objects.filter(runner=newcomer).exists()


def test_deeply_nested_json_is_refused(runner_client, runner):
    response = runner_client.post("/account/import/", {"file": upload(b"[" * 100_000)})

    assert "not a Psoas Tracker JSON export" in response.content.decode()


def nested(levels):
    return json.loads("[" * levels + "]" * levels)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["tests"].append(nested(1200)),
        lambda d: d.update(unknown=nested(1200)),
        lambda d: d["runs"].append({"climbs": nested(1200)}),
    ],
)
def test_json_nested_past_the_recursion_limit_is_refused_as_damaged(
    runner_client, alices_data, client_class, change
):
    data = export_of(runner_client)
    change(data)

    response = import_into_new_account(client_class, data)

    assert response.status_code == 400
    assert "The file is damaged or incomplete" in response.content.decode()
    newcomer = User.objects.get(email="new@example.com")
    assert not Assessment.objects.filter(runner=newcomer).exists()
    assert newcomer.profile.display_name == ""


def test_an_export_of_version_1_still_imports(runner_client, alices_data, client_class):
    data = export_of(runner_client)
    data["version"] = 1
    del data["red_flag_checks"]
    for test in data["tests"]:
        del test["tender_to_touch"], test["hip_trials"]
    for plan in data["plans"]:
        del plan["gentle_weeks"]
    del data["profile"]["role"]

    response = import_into_new_account(client_class, data)

    assert response.status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert set(newcomer.assessments.values_list("hip_trials", flat=True)) == {1}


@pytest.mark.parametrize(
    ("version", "cadence", "imported"),
    [
        (7, None, None),  # not known, and says so
        (7, 180, 180),  # chosen: a version 7 file has no default
        (6, 180, None),  # the old default, not a choice: not known
        (6, 172, 172),
    ],
)
def test_a_cadence_comes_back_as_chosen_and_the_old_default_as_not_known(
    runner_client, alices_data, client_class, version, cadence, imported
):
    data = export_of(runner_client)
    data["version"], data["profile"]["cadence"] = version, cadence

    assert import_into_new_account(client_class, data).status_code == 302
    assert User.objects.get(email="new@example.com").profile.cadence == imported


@pytest.mark.parametrize("plan", [99, -1, 0, "1"])
def test_a_comment_on_a_plan_the_file_lacks_is_refused(
    runner_client, alices_data, client_class, plan
):
    data = json.loads(runner_client.get("/account/export.json").content)
    data["comments"][1]["plan"] = plan
    new = signed_up(client_class, "new@example.com")

    response = new.post(
        "/account/import/", {"file": upload(json.dumps(data).encode())}, follow=True
    )

    assert "which the file does not have" in response.text
    assert not Comment.objects.filter(runner__email="new@example.com").exists()


@pytest.fixture
def a_session_comment(alices_data, coach):
    """Bob's comment on Alice's session of two days ago, and her reply (plans have one each)."""
    session = alices_data.stretch_sessions.get()
    Comment.objects.create(
        runner=alices_data, coach=coach, by_coach=True, session=session, body="Easy on the lunge."
    )
    Comment.objects.create(
        runner=alices_data, coach=coach, by_coach=False, session=session, body="Will do."
    )
    return session


def test_comments_on_a_session_leave_and_come_back_on_that_session(
    runner_client, alices_data, a_session_comment, client_class
):
    # A second session in the plan, on another day: the comments must not land on it.
    complete_session(a_session_comment.plan, a_session_comment.performed_on - timedelta(days=1))
    data = export_of(runner_client)
    assert data["version"] == 12
    day = a_session_comment.performed_on.isoformat()
    on_session = [comment for comment in data["comments"] if comment["session"]]
    assert [(c["plan"], c["session"], c["body"]) for c in on_session] == [
        (1, day, "Easy on the lunge."),
        (1, day, "Will do."),
    ]
    assert [c["session"] for c in data["comments"][:2]] == [None, None]  # the test's, the plan's

    response = import_into_new_account(client_class, data)

    assert response.status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    session = newcomer.stretch_sessions.get(performed_on=a_session_comment.performed_on)
    assert list(session.comments.order_by("created_at").values_list("body", "by_coach")) == [
        ("Easy on the lunge.", True),
        ("Will do.", False),
    ]
    assert Comment.objects.filter(runner=newcomer, plan__isnull=False).count() == 1
    assert export_of(new_client(client_class, newcomer))["comments"] == [
        {**comment, "coach": "a former coach"} for comment in data["comments"]
    ]


def new_client(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


def test_the_zip_names_a_comments_session_by_its_day(runner_client, a_session_comment):
    archive = zipfile.ZipFile(io.BytesIO(runner_client.get("/account/export.zip").content))

    rows = archive.read("comments.csv").decode().splitlines()
    assert rows[0] == "test,plan,session,by_coach,coach,body,created_at,edited_at"
    assert (
        f",1,{a_session_comment.performed_on.isoformat()},True,Bob,Easy on the lunge.," in (rows[3])
    )


@pytest.mark.parametrize(
    ("plan", "day"),
    [(1, "2001-01-01"), (None, "same day"), (1, 20260101)],
)
def test_a_comment_on_a_session_the_file_lacks_is_refused(
    runner_client, a_session_comment, client_class, plan, day
):
    data = export_of(runner_client)
    comment = data["comments"][2]
    comment["plan"] = plan
    comment["session"] = a_session_comment.performed_on.isoformat() if day == "same day" else day

    response = import_into_new_account(client_class, data)

    assert "not in the file" in response.text
    assert not Comment.objects.filter(runner__email="new@example.com").exists()


def test_an_export_of_version_4_still_imports_its_comments(
    runner_client, alices_data, client_class
):
    data = export_of(runner_client)
    data["version"] = 4
    for comment in data["comments"]:
        del comment["session"]

    import_into_new_account(client_class, data)

    newcomer = User.objects.get(email="new@example.com")
    assert Comment.objects.filter(runner=newcomer, assessment__isnull=False).count() == 1
    assert Comment.objects.filter(runner=newcomer, plan__isnull=False).count() == 1
