"""One earliest (and latest) date for every date a user enters: forms, the CSV and JSON imports
and the database all refuse 0001-01-01 or 9999-12-31 with a message, and nothing breaks later."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from apps.assessments.models import Assessment
from apps.plans.adherence import Schedule
from apps.plans.models import Plan, StretchSession
from apps.portability.account_data import export_data
from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_record import form_data
from tests.factories import UserFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db

TOO_EARLY = "0001-01-01"
TOO_LATE = "9999-12-31"


def test_the_test_form_refuses_a_date_before_the_earliest(runner_client, runner):
    page = runner_client.post("/tests/new/", form_data(runner, taken_on=TOO_EARLY))

    assert "Enter a date from 1 January 2000 on." in page.content.decode()
    assert not Assessment.objects.exists()


def test_the_csv_import_refuses_a_row_before_the_earliest(runner_client):
    upload = SimpleUploadedFile(
        "t.csv", b"date,instrument,hip_angle_left,hip_angle_right\n0001-01-01,phone,3,1\n"
    )

    page = runner_client.post("/tests/import/", {"file": upload, "confirm": "1"})

    assert "Enter a date from 1 January 2000 on." in page.content.decode()
    assert not Assessment.objects.exists()


def test_a_daily_log_before_the_earliest_date_is_not_found(runner_client):
    assert runner_client.get(f"/sitting/{TOO_EARLY}/").status_code == 404
    assert runner_client.post("/sitting/1999-12-31/", {"minutes_seated": "60"}).status_code == 404
    assert not SittingDay.objects.exists()


@pytest.mark.parametrize("starts_on", [TOO_LATE, TOO_EARLY, "2099-01-01"])
def test_the_coachs_plan_form_refuses_a_start_far_from_today(coach_client, runner, starts_on):
    data = {
        "title": "Far", "starts_on": starts_on, "weeks": "6", "sessions_per_week": "3",
        "edge-of-table-include": "on", "edge-of-table-order": "1", "edge-of-table-sets": "2",
        "edge-of-table-amount": "30", "edge-of-table-extra_set_side": "",
    }  # fmt: skip

    page = coach_client.post(f"/runners/{runner.pk}/plan/new/", data).content.decode()

    assert "Start the plan between" in page
    assert not Plan.objects.exists()


def test_editing_an_old_plan_keeps_its_start(coach_client, runner, coach):
    start = runner.profile.today() - timedelta(weeks=60)
    plan = PlanFactory(runner=runner, author=coach, starts_on=start, weeks=52)
    data = {
        "title": "Long plan", "starts_on": start.isoformat(), "weeks": "52",
        "sessions_per_week": "4", "notes": "",
        "edge-of-table-include": "on", "edge-of-table-order": "1", "edge-of-table-sets": "2",
        "edge-of-table-amount": "30", "edge-of-table-extra_set_side": "",
        "half-kneeling-lunge-include": "on", "half-kneeling-lunge-order": "2",
        "half-kneeling-lunge-sets": "1", "half-kneeling-lunge-amount": "20",
        "half-kneeling-lunge-extra_set_side": "",
        "warrior-one-include": "on", "warrior-one-order": "3", "warrior-one-sets": "2",
        "warrior-one-amount": "30", "warrior-one-extra_set_side": "",
    }  # fmt: skip

    response = coach_client.post(f"/runners/{runner.pk}/plan/{plan.pk}/edit/", data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.starts_on, plan.sessions_per_week) == (start, 4)


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Assessment, {"taken_on": date(1, 1, 1), "instrument": "phone", "hip_angle_left": 1,
                      "hip_angle_right": 1}),
        (SittingDay, {"day": date(1, 1, 1)}),
        (Plan, {"starts_on": date(9999, 12, 31), "title": "x", "weeks": 52,
                "sessions_per_week": 3}),
    ],
)  # fmt: skip
def test_the_database_refuses_dates_out_of_bounds(runner, model, fields):
    with pytest.raises(IntegrityError):
        model.objects.create(runner=runner, **fields)


def test_the_database_refuses_a_session_out_of_bounds(runner):
    plan = PlanFactory(runner=runner)
    with pytest.raises(IntegrityError):
        StretchSession.objects.create(runner=runner, plan=plan, performed_on=date(1, 1, 1))


def test_a_schedule_past_the_calendar_ends_on_its_last_day_instead_of_failing():
    assert Schedule(starts_on=date(9999, 12, 20), weeks=52, sessions_per_week=3).ends_on == (
        date.max
    )


@pytest.fixture
def export(runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today)
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=3))
    complete_session(plan, today - timedelta(days=1))
    SittingDay.objects.create(runner=runner, day=today, minutes_seated=60)
    return export_data(runner)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["tests"][0].update(taken_on=TOO_EARLY), "A test&#x27;s date must be from"),
        (lambda d: d["sitting_days"][0].update(day=TOO_EARLY), "A daily log&#x27;s date must be"),
        (lambda d: d["plans"][0].update(starts_on=TOO_LATE), "A plan&#x27;s start must be from"),
        (
            lambda d: d["plans"][0]["sessions"][0].update(performed_on="2099-01-01"),
            "A stretch session is dated 2099-01-01, after today.",
        ),
    ],
)
def test_the_json_import_refuses_dates_out_of_bounds(client, export, change, message):
    newcomer = UserFactory(email="new@example.com")
    client.force_login(newcomer)
    change(export)
    upload = SimpleUploadedFile("x.json", json.dumps(export).encode())

    response = client.post("/account/import/", {"file": upload})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assessment.objects.filter(runner=newcomer).exists()
    assert not Plan.objects.filter(runner=newcomer).exists()
