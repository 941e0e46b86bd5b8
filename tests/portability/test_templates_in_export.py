"""A coach's plan templates in the account export (from format 8): each with its stretches and
doses, and back as the importer's own, with the coach's own exercise they use."""

import pytest

from apps.accounts.models import User
from apps.plans.models import PlanTemplate
from tests.plans.factories import ExerciseFactory, PlanTemplateFactory, add_to_template
from tests.portability.helpers import export_of, import_into_new_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs_template(coach):
    template = PlanTemplateFactory(coach=coach, title="Marathon base")
    add_to_template(template, ExerciseFactory(owner=coach, name="Couch stretch"), sets=3)
    return template


def doses(template):
    return [
        (item.stretch.name, item.order, item.sets, item.hold_seconds, item.reps)
        for item in template.items.select_related("stretch")
    ]


def test_the_export_carries_each_template_with_its_stretches(coach_client, bobs_template):
    data = export_of(coach_client)

    assert data["version"] == 12
    [template] = data["plan_templates"]
    assert (template["title"], template["weeks"], template["maintenance_from_week"]) == (
        "Marathon base",
        6,
        5,
    )
    exercise = next(e for e in data["exercises"] if e["name"] == "Couch stretch")
    assert exercise["own"] is True
    assert [item["stretch"] for item in template["items"]] == [
        "edge-of-table",
        "half-kneeling-lunge",
        "warrior-one",
        exercise["slug"],
    ]


def test_a_template_comes_back_the_importers_own(coach_client, bobs_template, client_class):
    data = export_of(coach_client)

    response = import_into_new_account(client_class, data)

    assert response.status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    template = PlanTemplate.objects.get(coach=newcomer)
    assert doses(template) == doses(bobs_template)
    mine = template.items.get(stretch__name="Couch stretch").stretch
    assert mine.owner == newcomer
    assert mine.pk != bobs_template.items.last().stretch_id
    assert export_of(coach_client)["plan_templates"] == data["plan_templates"]


def test_a_template_naming_an_exercise_not_the_importers_is_refused(
    coach_client, bobs_template, client_class
):
    data = export_of(coach_client)
    for exercise in data["exercises"]:
        exercise["own"] = False  # another coach's, seen in a plan: not for a template

    response = import_into_new_account(client_class, data)

    assert "in a plan template" in response.text
    assert not User.objects.get(email="new@example.com").plan_templates.exists()


def test_an_older_export_has_no_templates_and_imports(coach_client, client_class):
    data = export_of(coach_client)
    data["version"] = 7
    del data["plan_templates"]

    assert import_into_new_account(client_class, data).status_code == 302
