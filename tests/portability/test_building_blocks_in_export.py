"""A coach's building blocks in the account export (from format 12): a plan template's strength
days, and an own exercise's kind, tempo and rest; a file of version 11 imports with what those
were then (no strength days, a stretch without tempo or rest)."""

import pytest

from apps.accounts.models import User
from apps.plans.models import PlanTemplate, Stretch
from tests.plans.factories import ExerciseFactory, PlanTemplateFactory, add_to_template
from tests.portability.helpers import export_of, import_into_new_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs_strength_template(coach):
    template = PlanTemplateFactory(
        coach=coach, title="Strong hips", strength_sessions_per_week=2, with_items=False
    )
    leg_raise = ExerciseFactory(
        owner=coach,
        name="Side-lying leg raise",
        kind="strength",
        dose_kind="reps",
        default_hold_seconds=None,
        default_reps=10,
        rep_hold_seconds=4,
        tempo="2 s up, 2 s down",
        rest_seconds=45,
    )
    add_to_template(template, leg_raise, sets=3)
    return template


def blocks_of(user):
    template = PlanTemplate.objects.get(coach=user)
    exercise = Stretch.objects.get(owner=user)
    return (
        template.strength_sessions_per_week,
        (exercise.kind, exercise.tempo, exercise.rest_seconds, exercise.rep_hold_seconds),
    )


def test_the_building_blocks_leave_and_come_back_equal(
    coach, coach_client, bobs_strength_template, client_class
):
    data = export_of(coach_client)

    assert data["version"] == 12
    [template] = data["plan_templates"]
    assert template["strength_sessions_per_week"] == 2
    [exercise] = data["exercises"]
    assert (exercise["kind"], exercise["tempo"], exercise["rest_seconds"]) == (
        "strength",
        "2 s up, 2 s down",
        45,
    )
    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert blocks_of(newcomer) == blocks_of(coach) == (2, ("strength", "2 s up, 2 s down", 45, 4))


@pytest.mark.parametrize("version", [11, 8])
def test_an_export_of_version_11_or_before_imports_with_the_defaults(
    coach_client, bobs_strength_template, client_class, version
):
    data = export_of(coach_client)
    data["version"] = version
    for template in data["plan_templates"]:
        del template["strength_sessions_per_week"]
    for exercise in data["exercises"]:
        del exercise["kind"], exercise["tempo"], exercise["rest_seconds"]

    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert blocks_of(newcomer) == (None, ("stretch", "", None, 4))


def test_an_exercise_of_no_known_kind_is_refused(
    coach_client, bobs_strength_template, client_class
):
    data = export_of(coach_client)
    data["exercises"][0]["kind"] = "cardio"

    response = import_into_new_account(client_class, data)

    assert response.status_code == 400
    assert "cardio" in response.text
    assert not Stretch.objects.filter(owner__email="new@example.com").exists()
