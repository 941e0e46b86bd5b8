"""The strength records in the account export (from format 11): a plan's strength days a week,
an item's version and the day it last moved on, and the effort ratings of a session's strength
sets; a file of version 10 imports with what those were then."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.plans.models import EffortRating, Plan, PlanItem, Stretch
from tests.plans.factories import PlanFactory, add_to_plan, complete_session
from tests.portability.helpers import export_of, import_into_new_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_strength(runner):
    today = runner.profile.today()
    plan = PlanFactory(
        runner=runner, starts_on=today - timedelta(days=14), strength_sessions_per_week=2
    )
    bridge = add_to_plan(plan, Stretch.objects.get(slug="bridge"))
    march = add_to_plan(plan, Stretch.objects.get(slug="lying-psoas-march"))
    PlanItem.objects.filter(pk=bridge.pk).update(
        version="harder", progressed_on=today - timedelta(days=3)
    )
    session = complete_session(plan, today - timedelta(days=3))
    EffortRating.objects.create(session=session, item=bridge, effort="easy")
    EffortRating.objects.create(
        session=session, item=march, effort="hard", rated_at=timezone.now() - timedelta(hours=1)
    )
    return plan


def strength_records(runner):
    plan = Plan.objects.get(runner=runner)
    return (
        plan.strength_sessions_per_week,
        sorted(
            plan.items.filter(stretch__kind="strength").values_list(
                "stretch__slug", "version", "progressed_on"
            )
        ),
        sorted(
            EffortRating.objects.filter(session__runner=runner).values_list(
                "session__performed_on", "item__stretch__slug", "effort", "rated_at"
            )
        ),
    )


def test_the_strength_records_leave_and_come_back_equal(
    runner_client, runner, alices_strength, client_class
):
    data = export_of(runner_client)

    assert data["version"] == 12
    [plan] = data["plans"]
    assert plan["strength_sessions_per_week"] == 2
    assert [e["effort"] for e in plan["sessions"][0]["efforts"]] == ["easy", "hard"]
    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert strength_records(newcomer) == strength_records(runner)
    assert strength_records(newcomer)[0] == 2
    assert len(strength_records(newcomer)[2]) == 2


def test_the_zip_has_the_effort_ratings(runner_client, alices_strength):
    archive = zipfile.ZipFile(io.BytesIO(runner_client.get("/account/export.zip").content))

    lines = archive.read("effort_ratings.csv").decode().splitlines()
    assert lines[0] == "plan,performed_on,stretch,effort,rated_at"
    assert [line.split(",")[2:4] for line in lines[1:]] == [
        ["bridge", "easy"],
        ["lying-psoas-march", "hard"],
    ]


def test_an_export_of_version_10_imports_with_the_defaults(
    runner_client, alices_strength, client_class
):
    data = export_of(runner_client)
    data["version"] = 10
    for plan in data["plans"]:
        del plan["strength_sessions_per_week"]
        for item in plan["items"]:
            del item["version"], item["progressed_on"]
        for session in plan["sessions"]:
            del session["efforts"]

    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    per_week, items, efforts = strength_records(newcomer)
    assert per_week is None
    assert items == [("bridge", "standard", None), ("lying-psoas-march", "standard", None)]
    assert efforts == []
    assert newcomer.stretch_sessions.count() == 1


def test_a_rating_of_an_exercise_not_in_its_plan_is_refused(
    runner_client, alices_strength, client_class
):
    data = export_of(runner_client)
    data["plans"][0]["sessions"][0]["efforts"][0]["stretch"] = "curl-up"

    response = import_into_new_account(client_class, data)

    assert "An effort rating names &#x27;curl-up&#x27;" in response.text
    assert not Plan.objects.filter(runner__email="new@example.com").exists()
